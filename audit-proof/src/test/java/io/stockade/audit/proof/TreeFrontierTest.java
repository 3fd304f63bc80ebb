package io.stockade.audit.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeFrontierTest {

    @Test
    void shouldStoreTheLeafThenEverySubtreeItCompletesWhenAppending() {
        TreeFrontier frontier = TreeFrontier.empty();
        List<StoredHash> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            frontier.append(MerkleHasher.leafHash(new byte[] {(byte) i}), rows::add);
        }
        assertThat(rows)
                .extracting(StoredHash::node)
                .containsExactly(
                        new NodeId(0, 0),
                        new NodeId(0, 1),
                        new NodeId(1, 0),
                        new NodeId(0, 2),
                        new NodeId(0, 3),
                        new NodeId(1, 1),
                        new NodeId(2, 0));
        assertThat(frontier.size()).isEqualTo(4);
        assertThat(frontier.root()).isEqualTo(rows.get(6).hash());
    }

    @Test
    void shouldReadOnlyTheSubtreesOfTheSizeWhenLoading() {
        InMemoryHashStore store = new InMemoryHashStore();
        TreeFrontier.empty().appendAll(leaves(13)).forEach(store::put);
        List<List<NodeId>> asked = new ArrayList<>();
        TreeFrontier.load(
                nodes -> {
                    asked.add(nodes);
                    return store.readHashes(nodes);
                },
                13);
        // 13 = 8 + 4 + 1: one batch of three nodes.
        assertThat(asked).containsExactly(List.of(new NodeId(3, 0), new NodeId(2, 2), new NodeId(0, 12)));
    }

    @Test
    void shouldRefuseAReaderThatAnswersTheWrongNumberOfHashes() {
        assertThatThrownBy(() -> TreeFrontier.load(nodes -> List.of(), 3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("for 2 nodes");
    }

    @Test
    void shouldRefuseToProveAboutLeavesTheStoreDoesNotHave() {
        InMemoryHashStore store = new InMemoryHashStore();
        TreeFrontier.empty().appendAll(leaves(5)).forEach(store::put);
        MerkleLog log = new MerkleLog(store);
        assertThatThrownBy(() -> log.rootAt(6)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> log.inclusionProof(5, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.consistencyProof(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.consistencyProof(4, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(log.consistencyProof(5, 5)).isEmpty();
    }

    @Test
    void shouldRefuseNodesOutsideTheLog() {
        assertThatThrownBy(() -> new NodeId(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NodeId(63, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NodeId(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NodeId(2, 1L << 60)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new NodeId(2, 3).firstLeaf()).isEqualTo(12);
        assertThat(new NodeId(2, 3).endLeaf()).isEqualTo(16);
    }

    private static List<Hash> leaves(int count) {
        List<Hash> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            result.add(MerkleHasher.leafHash(new byte[] {(byte) i}));
        }
        return result;
    }
}
