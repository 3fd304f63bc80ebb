package io.stockade.audit.proof;

import java.util.ArrayList;
import java.util.List;

/** Index arithmetic shared by the frontier, the prover and the verifier. */
final class TreeMath {
    private TreeMath() {}

    /** The largest power of two strictly below {@code n} (n ≥ 2): RFC 9162's split point k. */
    static long splitPoint(long n) {
        return Long.highestOneBit(n - 1);
    }

    /**
     * The perfect subtrees that make up the leaves {@code [start, end)}, largest (leftmost) first; the MTH of those
     * leaves is the right fold of their hashes (MTH splits at the largest power of two below the width, which is the
     * first of them). Each must be aligned to its own size to be a stored node, which holds for every range RFC 9162's
     * recursion visits (they start at a multiple of a power of two at least their width).
     */
    static List<NodeId> perfectSubtrees(long start, long end) {
        long width = end - start;
        if (width <= 0) {
            throw new IllegalArgumentException("empty range [" + start + ", " + end + ")");
        }
        List<NodeId> nodes = new ArrayList<>(Long.bitCount(width));
        long at = start;
        for (int level = 63 - Long.numberOfLeadingZeros(width); level >= 0; level--) {
            if ((width & (1L << level)) != 0) {
                if ((at & ((1L << level) - 1)) != 0) {
                    throw new IllegalStateException("range [" + start + ", " + end + ") is not a subtree of the log");
                }
                nodes.add(new NodeId(level, at >>> level));
                at += 1L << level;
            }
        }
        return nodes;
    }

    /** Reads a batch, checking the reader kept its side of the contract. */
    static List<Hash> read(HashReader reader, List<NodeId> nodes) {
        if (nodes.isEmpty()) {
            return List.of();
        }
        List<Hash> hashes = reader.readHashes(List.copyOf(nodes));
        if (hashes == null || hashes.size() != nodes.size()) {
            throw new IllegalStateException("the hash reader answered "
                    + (hashes == null ? "nothing" : hashes.size() + " hashes") + " for " + nodes.size() + " nodes");
        }
        for (Hash hash : hashes) {
            if (hash == null) {
                throw new IllegalStateException("the hash reader answered a null hash");
            }
        }
        return hashes;
    }

    /** The right fold {@code H(h0, H(h1, … H(hn-2, hn-1)))} of hashes[from, to). */
    static Hash foldRight(List<Hash> hashes, int from, int to) {
        Hash result = hashes.get(to - 1);
        for (int i = to - 2; i >= from; i--) {
            result = MerkleHasher.nodeHash(hashes.get(i), result);
        }
        return result;
    }
}
