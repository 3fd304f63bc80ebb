package io.stockade.audit.proof;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Answers about a log from its stored perfect-subtree hashes alone: its root (RFC 9162 MTH) at any size it has had,
 * inclusion proofs (§2.1.3.1) and consistency proofs (§2.1.4.1) between any two of its sizes.
 *
 * <p>Each answer reads the store once, in one batch of at most about 2·log2(size) nodes. The caller says which sizes
 * the log has reached (its sealed size); asking about leaves that were never stored is an
 * {@link IllegalStateException} from the reader.
 */
public final class MerkleLog {
    private final HashReader reader;

    public MerkleLog(HashReader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /** The root of the log's first {@code size} leaves; the empty root for size 0. */
    public Hash rootAt(long size) {
        checkSize(size);
        if (size == 0) {
            return MerkleHasher.EMPTY_ROOT;
        }
        List<NodeId> nodes = TreeMath.perfectSubtrees(0, size);
        return TreeMath.foldRight(TreeMath.read(reader, nodes), 0, nodes.size());
    }

    /** The stored hash of leaf {@code index}. */
    public Hash leafHash(long index) {
        return TreeMath.read(reader, List.of(NodeId.leaf(index))).get(0);
    }

    /**
     * The inclusion proof (audit path) of leaf {@code index} in the tree of {@code size} leaves: the sibling hashes
     * from the leaf up to the root, as RFC 9162 §2.1.3.1 PATH(m, D[n]) lists them.
     */
    public List<Hash> inclusionProof(long index, long size) {
        checkSize(size);
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of size " + size);
        }
        List<long[]> ranges = new ArrayList<>();
        path(index, 0, size, ranges);
        return hashRanges(ranges);
    }

    /**
     * The consistency proof between the log's sizes {@code size1} and {@code size2} (RFC 9162 §2.1.4.1, PROOF(m,
     * D[n])): empty when the sizes are equal. A proof from the empty tree proves nothing and is refused, as
     * {@link ProofVerifier#verifyConsistency} refuses it.
     */
    public List<Hash> consistencyProof(long size1, long size2) {
        checkSize(size2);
        if (size1 <= 0 || size1 > size2) {
            throw new IllegalArgumentException(
                    "no consistency proof from size " + size1 + " to size " + size2 + " (needs 0 < size1 <= size2)");
        }
        List<long[]> ranges = new ArrayList<>();
        subproof(size1, 0, size2, true, ranges);
        return hashRanges(ranges);
    }

    /** PATH(m, D[lo:hi]), appending the sibling ranges deepest first. */
    private static void path(long m, long lo, long hi, List<long[]> out) {
        long n = hi - lo;
        if (n == 1) {
            return;
        }
        long k = TreeMath.splitPoint(n);
        if (m < lo + k) {
            path(m, lo, lo + k, out);
            out.add(new long[] {lo + k, hi});
        } else {
            path(m, lo + k, hi, out);
            out.add(new long[] {lo, lo + k});
        }
    }

    /** SUBPROOF(m, D[lo:hi], b), where the old tree holds the first {@code m} leaves of this subtree. */
    private static void subproof(long m, long lo, long hi, boolean wholeOldTree, List<long[]> out) {
        long n = hi - lo;
        if (m == n) {
            if (!wholeOldTree) {
                out.add(new long[] {lo, hi});
            }
            return;
        }
        long k = TreeMath.splitPoint(n);
        if (m <= k) {
            subproof(m, lo, lo + k, wholeOldTree, out);
            out.add(new long[] {lo + k, hi});
        } else {
            subproof(m - k, lo + k, hi, false, out);
            out.add(new long[] {lo, lo + k});
        }
    }

    /** MTH of each range, from one batched read of all the perfect subtrees they are made of. */
    private List<Hash> hashRanges(List<long[]> ranges) {
        List<NodeId> nodes = new ArrayList<>();
        int[] ends = new int[ranges.size()];
        for (int i = 0; i < ranges.size(); i++) {
            nodes.addAll(TreeMath.perfectSubtrees(ranges.get(i)[0], ranges.get(i)[1]));
            ends[i] = nodes.size();
        }
        List<Hash> read = TreeMath.read(reader, nodes);
        List<Hash> proof = new ArrayList<>(ranges.size());
        int from = 0;
        for (int end : ends) {
            proof.add(TreeMath.foldRight(read, from, end));
            from = end;
        }
        return List.copyOf(proof);
    }

    private static void checkSize(long size) {
        if (size < 0 || size > (1L << NodeId.MAX_LEVEL)) {
            throw new IllegalArgumentException("tree size " + size + " is outside 0..2^62");
        }
    }
}
