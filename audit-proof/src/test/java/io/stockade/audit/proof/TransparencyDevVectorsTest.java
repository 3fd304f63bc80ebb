package io.stockade.audit.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * transparency-dev/merkle's language-neutral inclusion and consistency probes (happy paths and the malformed or
 * forged proofs a verifier must refuse), every file, against {@link ProofVerifier}. Where a probe is a happy path on
 * the reference tree, our prover must also produce exactly its proof.
 */
class TransparencyDevVectorsTest {
    private static final String ROOT = "transparency-dev-merkle";

    /**
     * Probes our verifier refuses although the Go reference accepts them: roots of 12 bytes ("don't care") that Go
     * compares as bytes when the sizes are equal. A root is a SHA-256 value; this library refuses any other length
     * before comparing anything (see {@link Hash}).
     */
    private static final List<String> STRICTER_THAN_REFERENCE =
            List.of("consistency/additional/sizes-are-equal-one-and-proof-is-empty.json");

    @Test
    void shouldKeepEveryProbe() {
        assertThat(Vectors.jsonFiles(ROOT + "/inclusion")).hasSize(98);
        assertThat(Vectors.jsonFiles(ROOT + "/consistency")).hasSize(98);
    }

    @TestFactory
    Stream<DynamicTest> inclusionProbes() {
        return Vectors.jsonFiles(ROOT + "/inclusion").stream()
                .map(file -> DynamicTest.dynamicTest(name(file), () -> checkInclusion(file)));
    }

    @TestFactory
    Stream<DynamicTest> consistencyProbes() {
        return Vectors.jsonFiles(ROOT + "/consistency").stream()
                .map(file -> DynamicTest.dynamicTest(name(file), () -> checkConsistency(file)));
    }

    private static void checkInclusion(Path file) {
        Map<String, Object> probe = Vectors.read(file);
        long index = (Long) probe.get("leafIdx");
        long size = (Long) probe.get("treeSize");
        String outcome;
        try {
            Hash leafHash = Hash.of(Vectors.base64(probe.get("leafHash")));
            Hash root = Hash.of(Vectors.base64(probe.get("root")));
            List<Hash> proof = Vectors.hashes(Vectors.base64List(probe.get("proof")));
            ProofVerifier.verifyInclusion(index, size, leafHash, proof, root);
            outcome = "accepted";
            if (name(file).endsWith("happy-path.json")) {
                assertThat(ReferenceTree.log().inclusionProof(index, size)).isEqualTo(proof);
            }
        } catch (ProofException | IllegalArgumentException e) {
            outcome = "refused: " + e.getMessage();
        }
        assertOutcome(file, probe, outcome);
    }

    private static void checkConsistency(Path file) {
        Map<String, Object> probe = Vectors.read(file);
        long size1 = (Long) probe.get("size1");
        long size2 = (Long) probe.get("size2");
        String outcome;
        try {
            Hash root1 = Hash.of(Vectors.base64(probe.get("root1")));
            Hash root2 = Hash.of(Vectors.base64(probe.get("root2")));
            List<Hash> proof = Vectors.hashes(Vectors.base64List(probe.get("proof")));
            ProofVerifier.verifyConsistency(size1, size2, root1, root2, proof);
            outcome = "accepted";
            if (name(file).endsWith("happy-path.json")) {
                assertThat(ReferenceTree.log().consistencyProof(size1, size2)).isEqualTo(proof);
            }
        } catch (ProofException | IllegalArgumentException e) {
            outcome = "refused: " + e.getMessage();
        }
        assertOutcome(file, probe, outcome);
    }

    private static void assertOutcome(Path file, Map<String, Object> probe, String outcome) {
        boolean wantError = (Boolean) probe.get("wantErr");
        boolean expectRefusal = wantError || STRICTER_THAN_REFERENCE.contains(name(file));
        assertThat(outcome.startsWith("refused"))
                .as("%s (%s): %s", name(file), probe.get("desc"), outcome)
                .isEqualTo(expectRefusal);
    }

    private static String name(Path file) {
        return Vectors.directory(ROOT).relativize(file).toString().replace('\\', '/');
    }

    /** The 8-leaf reference tree the happy paths are drawn from. */
    private static final class ReferenceTree {
        private static final MerkleLog LOG = build();

        static MerkleLog log() {
            return LOG;
        }

        private static MerkleLog build() {
            InMemoryHashStore store = new InMemoryHashStore();
            TreeFrontier frontier = TreeFrontier.empty();
            List<byte[]> leaves = new ArrayList<>();
            for (Object leaf :
                    (List<?>) Vectors.resource("rfc6962-reference-tree.json").get("leaves")) {
                leaves.add(Vectors.hex((String) leaf));
            }
            for (byte[] leaf : leaves) {
                frontier.append(MerkleHasher.leafHash(leaf), store::put);
            }
            return new MerkleLog(store);
        }
    }
}
