package io.stockade.audit.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * For random logs: the root at every size equals a naive recursive MTH written from RFC 9162's definition, and the
 * proofs our prover builds from stored hashes verify, while the same proofs altered in one place do not.
 */
class MerkleLogPropertiesTest {

    @Property(tries = 60)
    void shouldMatchTheNaiveTreeHashAtEverySize(@ForAll @IntRange(min = 0, max = 300) int size, @ForAll long seed) {
        Log log = Log.random(size, seed);
        MerkleLog merkleLog = new MerkleLog(log.store);
        for (int n = 0; n <= size; n++) {
            Hash naive = naiveRoot(log.leafHashes.subList(0, n));
            assertThat(merkleLog.rootAt(n)).as("root at %d", n).isEqualTo(naive);
            assertThat(TreeFrontier.load(log.store, n).root()).isEqualTo(naive);
        }
        assertThat(log.frontier.root()).isEqualTo(naiveRoot(log.leafHashes));
    }

    @Property(tries = 100)
    void shouldVerifyInclusionProofsBuiltFromStoredHashes(
            @ForAll @IntRange(min = 1, max = 3000) int size, @ForAll long seed) {
        Log log = Log.random(size, seed);
        Random random = new Random(seed);
        MerkleLog merkleLog = new MerkleLog(log.store);
        for (int trial = 0; trial < 10; trial++) {
            long treeSize = 1 + random.nextInt(size);
            long index = random.nextInt((int) treeSize);
            Hash root = merkleLog.rootAt(treeSize);
            Hash leaf = log.leafHashes.get((int) index);
            List<Hash> proof = merkleLog.inclusionProof(index, treeSize);

            assertThat(proof).hasSize(naivePath(index, 0, treeSize));
            assertThatCode(() -> ProofVerifier.verifyInclusion(index, treeSize, leaf, proof, root))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> ProofVerifier.verifyInclusion(index, treeSize, leaf, proof, otherHash(root)))
                    .isInstanceOf(ProofException.class);
            // (The same proof under another tree size can still lead to the same root, e.g. leaf 0 of sizes 3 and 4:
            // the signed checkpoint binds the size to the root, the proof does not.)
            assertThatThrownBy(() -> ProofVerifier.verifyInclusion(treeSize, treeSize, leaf, proof, root))
                    .isInstanceOf(ProofException.class);
            if (!proof.isEmpty()) {
                int at = random.nextInt(proof.size());
                assertThatThrownBy(() -> ProofVerifier.verifyInclusion(index, treeSize, leaf, altered(proof, at), root))
                        .isInstanceOf(ProofException.class);
                assertThatThrownBy(() -> ProofVerifier.verifyInclusion(
                                index, treeSize, leaf, proof.subList(0, proof.size() - 1), root))
                        .isInstanceOf(ProofException.class);
            }
            List<Hash> longer = new ArrayList<>(proof);
            longer.add(root);
            assertThatThrownBy(() -> ProofVerifier.verifyInclusion(index, treeSize, leaf, longer, root))
                    .isInstanceOf(ProofException.class);
        }
    }

    @Property(tries = 100)
    void shouldVerifyConsistencyProofsBuiltFromStoredHashes(
            @ForAll @IntRange(min = 1, max = 3000) int size, @ForAll long seed) {
        Log log = Log.random(size, seed);
        Random random = new Random(seed);
        MerkleLog merkleLog = new MerkleLog(log.store);
        for (int trial = 0; trial < 10; trial++) {
            long size2 = 1 + random.nextInt(size);
            long size1 = 1 + random.nextInt((int) size2);
            Hash root1 = merkleLog.rootAt(size1);
            Hash root2 = merkleLog.rootAt(size2);
            List<Hash> proof = merkleLog.consistencyProof(size1, size2);

            assertThatCode(() -> ProofVerifier.verifyConsistency(size1, size2, root1, root2, proof))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> ProofVerifier.verifyConsistency(size1, size2, otherHash(root1), root2, proof))
                    .isInstanceOf(ProofException.class);
            assertThatThrownBy(() -> ProofVerifier.verifyConsistency(size1, size2, root1, otherHash(root2), proof))
                    .isInstanceOf(ProofException.class);
            if (!proof.isEmpty()) {
                int at = random.nextInt(proof.size());
                assertThatThrownBy(
                                () -> ProofVerifier.verifyConsistency(size1, size2, root1, root2, altered(proof, at)))
                        .isInstanceOf(ProofException.class);
                assertThatThrownBy(() -> ProofVerifier.verifyConsistency(
                                size1, size2, root1, root2, proof.subList(1, proof.size())))
                        .isInstanceOf(ProofException.class);
            }
            List<Hash> longer = new ArrayList<>(proof);
            longer.add(root1);
            assertThatThrownBy(() -> ProofVerifier.verifyConsistency(size1, size2, root1, root2, longer))
                    .isInstanceOf(ProofException.class);
        }
    }

    @Property(tries = 100)
    void shouldStoreTheSameRowsWhetherAppendedAtOnceOrInBatchesAfterALoad(
            @ForAll @IntRange(min = 0, max = 2000) int size,
            @ForAll @IntRange(min = 1, max = 97) int batch,
            @ForAll long seed) {
        Log whole = Log.random(size, seed);
        InMemoryHashStore store = new InMemoryHashStore();
        List<StoredHash> rows = new ArrayList<>();
        for (int start = 0; start < size; start += batch) {
            // What a sealer does after a restart: load the frontier of what is sealed, append, store the rows.
            TreeFrontier frontier = TreeFrontier.load(store, start);
            List<StoredHash> added = frontier.appendAll(whole.leafHashes.subList(start, Math.min(size, start + batch)));
            store.putAll(added);
            rows.addAll(added);
            assertThat(frontier.root()).isEqualTo(naiveRoot(whole.leafHashes.subList(0, (int) frontier.size())));
        }
        assertThat(rows).containsExactlyElementsOf(whole.rows);
        // A log of n leaves has 2n - popcount(n) perfect subtrees.
        assertThat(rows).hasSize(2 * size - Integer.bitCount(size));
    }

    /** MTH(D[n]) straight from RFC 9162 §2.1.1, over leaf hashes. */
    static Hash naiveRoot(List<Hash> leafHashes) {
        int n = leafHashes.size();
        if (n == 0) {
            return MerkleHasher.EMPTY_ROOT;
        }
        if (n == 1) {
            return leafHashes.get(0);
        }
        int k = Integer.highestOneBit(n - 1);
        return MerkleHasher.nodeHash(naiveRoot(leafHashes.subList(0, k)), naiveRoot(leafHashes.subList(k, n)));
    }

    /** The length of PATH(m, D[lo:hi]). */
    private static int naivePath(long m, long lo, long hi) {
        long n = hi - lo;
        if (n == 1) {
            return 0;
        }
        long k = Long.highestOneBit(n - 1);
        return 1 + (m < lo + k ? naivePath(m, lo, lo + k) : naivePath(m, lo + k, hi));
    }

    private static Hash otherHash(Hash hash) {
        byte[] bytes = hash.toBytes();
        bytes[0] ^= 1;
        return Hash.of(bytes);
    }

    private static List<Hash> altered(List<Hash> proof, int at) {
        List<Hash> result = new ArrayList<>(proof);
        result.set(at, otherHash(proof.get(at)));
        return result;
    }

    private static final class Log {
        final List<Hash> leafHashes = new ArrayList<>();
        final List<StoredHash> rows = new ArrayList<>();
        final InMemoryHashStore store = new InMemoryHashStore();
        final TreeFrontier frontier = TreeFrontier.empty();

        static Log random(int size, long seed) {
            Random random = new Random(seed);
            Log log = new Log();
            for (int i = 0; i < size; i++) {
                byte[] leaf = new byte[random.nextInt(40)];
                random.nextBytes(leaf);
                Hash leafHash = MerkleHasher.leafHash(leaf);
                log.leafHashes.add(leafHash);
                log.frontier.append(leafHash, row -> {
                    log.rows.add(row);
                    log.store.put(row);
                });
            }
            return log;
        }
    }
}
