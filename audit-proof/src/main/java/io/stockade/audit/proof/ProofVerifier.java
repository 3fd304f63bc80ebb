package io.stockade.audit.proof;

import java.util.List;
import java.util.Objects;

/**
 * Verification of inclusion and consistency proofs exactly as RFC 9162 §2.1.3.2 and §2.1.4.2 describe it, for
 * someone who holds only a leaf, a proof and signed roots (an auditor with an export).
 *
 * <p>Malformed input is refused, not repaired: an index outside the tree, a first size above the second, a proof
 * with hashes missing or left over, a proof from the empty tree (any tree extends the empty one, so such a proof
 * proves nothing), a non-empty proof between equal sizes. Hash lengths are enforced by {@link Hash}.
 */
public final class ProofVerifier {
    private ProofVerifier() {}

    /**
     * Checks that {@code leafHash} is leaf {@code index} of the tree of {@code size} leaves whose root is {@code root}.
     *
     * @throws ProofException naming what does not hold
     */
    public static void verifyInclusion(long index, long size, Hash leafHash, List<Hash> proof, Hash root)
            throws ProofException {
        Objects.requireNonNull(root, "root");
        Hash computed = rootFromInclusionProof(index, size, leafHash, proof);
        if (!computed.equals(root)) {
            throw new ProofException("the inclusion proof of leaf " + index + " leads to root " + computed
                    + ", not to the tree's root " + root);
        }
    }

    /** The root an inclusion proof leads to (RFC 9162 §2.1.3.2 steps 1 to 4, plus the check of step 5 on sn). */
    public static Hash rootFromInclusionProof(long index, long size, Hash leafHash, List<Hash> proof)
            throws ProofException {
        Objects.requireNonNull(leafHash, "leafHash");
        Objects.requireNonNull(proof, "proof");
        if (size <= 0 || index < 0 || index >= size) {
            throw new ProofException("leaf index " + index + " is not in a tree of size " + size);
        }
        long fn = index;
        long sn = size - 1;
        Hash r = leafHash;
        for (Hash p : proof) {
            Objects.requireNonNull(p, "proof element");
            if (sn == 0) {
                throw new ProofException("the inclusion proof has more hashes than a tree of size " + size + " needs");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHasher.nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                r = MerkleHasher.nodeHash(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            throw new ProofException("the inclusion proof has fewer hashes than a tree of size " + size + " needs");
        }
        return r;
    }

    /**
     * Checks that the tree of {@code size2} leaves with root {@code root2} extends the tree of {@code size1} leaves
     * with root {@code root1}: same leaves, only appended to.
     *
     * @throws ProofException naming what does not hold
     */
    public static void verifyConsistency(long size1, long size2, Hash root1, Hash root2, List<Hash> proof)
            throws ProofException {
        Objects.requireNonNull(root1, "root1");
        Objects.requireNonNull(root2, "root2");
        Objects.requireNonNull(proof, "proof");
        if (size1 < 0 || size2 < 0) {
            throw new ProofException("negative tree size");
        }
        if (size1 > size2) {
            throw new ProofException("size1 " + size1 + " is larger than size2 " + size2);
        }
        if (size1 == 0) {
            throw new ProofException("a consistency proof from the empty tree proves nothing");
        }
        if (size1 == size2) {
            if (!proof.isEmpty()) {
                throw new ProofException("a consistency proof between equal sizes must be empty");
            }
            if (!root1.equals(root2)) {
                throw new ProofException("two different roots for the same size " + size1);
            }
            return;
        }
        // §2.1.4.2, step 1.
        if (proof.isEmpty()) {
            throw new ProofException("empty consistency proof between sizes " + size1 + " and " + size2);
        }
        for (Hash c : proof) {
            Objects.requireNonNull(c, "proof element");
        }
        // Step 2: a first tree that is a perfect subtree is its own first node; its hash is not in the proof.
        boolean firstIsPerfect = Long.bitCount(size1) == 1;
        int next = firstIsPerfect ? 0 : 1;
        Hash seed = firstIsPerfect ? root1 : proof.get(0);
        // Steps 3 and 4.
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        // Step 5.
        Hash fr = seed;
        Hash sr = seed;
        // Step 6.
        for (int i = next; i < proof.size(); i++) {
            Hash c = proof.get(i);
            if (sn == 0) {
                throw new ProofException(
                        "the consistency proof has more hashes than sizes " + size1 + " and " + size2 + " need");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHasher.nodeHash(c, fr);
                sr = MerkleHasher.nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                sr = MerkleHasher.nodeHash(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        // Step 7.
        if (sn != 0) {
            throw new ProofException(
                    "the consistency proof has fewer hashes than sizes " + size1 + " and " + size2 + " need");
        }
        if (!fr.equals(root1)) {
            throw new ProofException("the consistency proof does not lead to the first root " + root1);
        }
        if (!sr.equals(root2)) {
            throw new ProofException("the consistency proof does not lead to the second root " + root2);
        }
    }
}
