package io.stockade.audit.proof;

/**
 * A perfect (complete) subtree of the log: the node at height {@code level} whose leaves are
 * {@code [index·2^level, (index+1)·2^level)}. Level 0 nodes are the leaves themselves.
 *
 * <p>Once the log holds all of its leaves such a node never changes again, whatever the log grows to, which is why
 * these are the hashes a store keeps: the root of any earlier size and every proof are computed from them.
 */
public record NodeId(int level, long index) implements Comparable<NodeId> {
    /** The highest level a log of at most 2^62 leaves can have. */
    public static final int MAX_LEVEL = 62;

    public NodeId {
        if (level < 0 || level > MAX_LEVEL) {
            throw new IllegalArgumentException("level " + level + " is outside 0.." + MAX_LEVEL);
        }
        if (index < 0 || index > ((1L << (MAX_LEVEL - level)) - 1)) {
            throw new IllegalArgumentException("index " + index + " is outside a log of 2^62 leaves at level " + level);
        }
    }

    /** The node of a single leaf. */
    public static NodeId leaf(long index) {
        return new NodeId(0, index);
    }

    /** The first leaf under this node. */
    public long firstLeaf() {
        return index << level;
    }

    /** One past the last leaf under this node; the log size from which this node exists. */
    public long endLeaf() {
        return (index + 1) << level;
    }

    /** The node above this one. */
    public NodeId parent() {
        return new NodeId(level + 1, index >>> 1);
    }

    @Override
    public int compareTo(NodeId other) {
        int byLevel = Integer.compare(level, other.level);
        return byLevel != 0 ? byLevel : Long.compare(index, other.index);
    }

    @Override
    public String toString() {
        return "(" + level + "," + index + ")";
    }
}
