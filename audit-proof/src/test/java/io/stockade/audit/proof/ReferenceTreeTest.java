package io.stockade.audit.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Certificate Transparency reference tree (8 leaves) with every node hash, every root and the proofs of the
 * RFC 6962 reference tests: our hashing, our stored rows, our roots at each size and our proofs must be exactly
 * these.
 */
class ReferenceTreeTest {
    private static Map<String, Object> tree;
    private static List<byte[]> leaves;
    private static InMemoryHashStore store;

    @BeforeAll
    static void buildTree() {
        tree = Vectors.resource("rfc6962-reference-tree.json");
        leaves = new ArrayList<>();
        for (Object leaf : (List<?>) tree.get("leaves")) {
            leaves.add(Vectors.hex((String) leaf));
        }
        store = new InMemoryHashStore();
        TreeFrontier frontier = TreeFrontier.empty();
        for (byte[] leaf : leaves) {
            frontier.append(MerkleHasher.leafHash(leaf), store::put);
        }
    }

    @Test
    void shouldHashTheEmptyTreeTheEmptyLeafAndALeafAsRfc6962Does() {
        assertThat(MerkleHasher.EMPTY_ROOT.toHex())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(MerkleHasher.leafHash(new byte[0]).toHex())
                .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
        // transparency-dev/merkle rfc6962_test.go: echo -n 004C313233343536 | xxd -r -p | sha256sum
        assertThat(MerkleHasher.leafHash("L123456".getBytes(StandardCharsets.US_ASCII))
                        .toHex())
                .isEqualTo("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56");
    }

    @Test
    void shouldStoreExactlyTheReferenceNodeHashesWhenAppendingTheLeaves() {
        List<?> levels = (List<?>) tree.get("nodeHashes");
        int expectedRows = 0;
        for (int level = 0; level < levels.size(); level++) {
            List<Hash> expected = Vectors.hexHashes(levels.get(level));
            for (int index = 0; index < expected.size(); index++) {
                assertThat(store.readHashes(List.of(new NodeId(level, index))))
                        .as("node (%d,%d)", level, index)
                        .containsExactly(expected.get(index));
                expectedRows++;
            }
        }
        assertThat(store.size()).isEqualTo(expectedRows);
    }

    @Test
    void shouldComputeTheReferenceRootAtEverySizeFromStoredHashesAndFromTheFrontier() {
        List<Hash> roots = Vectors.hexHashes(tree.get("roots"));
        MerkleLog log = new MerkleLog(store);
        TreeFrontier frontier = TreeFrontier.empty();
        for (int size = 0; size < roots.size(); size++) {
            assertThat(log.rootAt(size)).as("root at %d", size).isEqualTo(roots.get(size));
            assertThat(frontier.root()).as("frontier root at %d", size).isEqualTo(roots.get(size));
            assertThat(TreeFrontier.load(store, size).root()).isEqualTo(roots.get(size));
            if (size < leaves.size()) {
                frontier.append(MerkleHasher.leafHash(leaves.get(size)), row -> {});
            }
        }
    }

    @Test
    void shouldProduceAndAcceptTheReferenceInclusionProofs() {
        List<Hash> roots = Vectors.hexHashes(tree.get("roots"));
        MerkleLog log = new MerkleLog(store);
        for (Object item : (List<?>) tree.get("inclusionProofs")) {
            Map<?, ?> vector = (Map<?, ?>) item;
            long index = (Long) vector.get("leafIdx");
            long size = (Long) vector.get("treeSize");
            List<Hash> expected = Vectors.hexHashes(vector.get("proof"));
            assertThat(log.inclusionProof(index, size))
                    .as("PATH(%d, D[%d])", index, size)
                    .isEqualTo(expected);
            Hash leafHash = MerkleHasher.leafHash(leaves.get((int) index));
            assertThatCode(() -> ProofVerifier.verifyInclusion(index, size, leafHash, expected, roots.get((int) size)))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void shouldProduceAndAcceptTheReferenceConsistencyProofs() {
        List<Hash> roots = Vectors.hexHashes(tree.get("roots"));
        MerkleLog log = new MerkleLog(store);
        for (Object item : (List<?>) tree.get("consistencyProofs")) {
            Map<?, ?> vector = (Map<?, ?>) item;
            long size1 = (Long) vector.get("size1");
            long size2 = (Long) vector.get("size2");
            List<Hash> expected = Vectors.hexHashes(vector.get("proof"));
            assertThat(log.consistencyProof(size1, size2))
                    .as("PROOF(%d, D[%d])", size1, size2)
                    .isEqualTo(expected);
            assertThatCode(() -> ProofVerifier.verifyConsistency(
                            size1, size2, roots.get((int) size1), roots.get((int) size2), expected))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void shouldReadTheStoreOnceForEachAnswer() {
        MerkleLog log = new MerkleLog(store);
        int before = store.reads();
        log.rootAt(7);
        log.inclusionProof(2, 7);
        log.consistencyProof(3, 7);
        assertThat(store.reads() - before).isEqualTo(3);
    }
}
