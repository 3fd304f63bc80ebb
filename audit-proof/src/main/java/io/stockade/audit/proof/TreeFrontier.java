package io.stockade.audit.proof;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The right edge of a growing log: the roots of the perfect subtrees that make up its first {@code size} leaves,
 * one per set bit of {@code size} (at most 63 hashes, whatever the log holds).
 *
 * <p>This is what an appender keeps between batches. Appending a leaf yields the rows to store: the leaf's own hash
 * at level 0, then every perfect subtree the leaf completes. A sealer {@linkplain #load loads} the frontier of the
 * size it has sealed (one read of at most 63 rows), appends the new leaf hashes and writes the rows it is given. Not
 * thread-safe.
 */
public final class TreeFrontier {
    private static final int MAX_SUBTREES = NodeId.MAX_LEVEL + 1;

    private final Hash[] hashes = new Hash[MAX_SUBTREES];
    private final int[] levels = new int[MAX_SUBTREES];
    private int count;
    private long size;

    private TreeFrontier() {}

    /** The frontier of the empty log. */
    public static TreeFrontier empty() {
        return new TreeFrontier();
    }

    /** The frontier of the log's first {@code size} leaves, read from the store in one batch. */
    public static TreeFrontier load(HashReader reader, long size) {
        TreeFrontier frontier = new TreeFrontier();
        if (size == 0) {
            return frontier;
        }
        List<NodeId> nodes = TreeMath.perfectSubtrees(0, size);
        List<Hash> read = TreeMath.read(reader, nodes);
        for (int i = 0; i < nodes.size(); i++) {
            frontier.levels[i] = nodes.get(i).level();
            frontier.hashes[i] = read.get(i);
        }
        frontier.count = nodes.size();
        frontier.size = size;
        return frontier;
    }

    /** How many leaves the log has. */
    public long size() {
        return size;
    }

    /** Appends one leaf hash, handing each row to store to {@code rows} (the leaf first, then the subtrees it completes). */
    public void append(Hash leafHash, Consumer<StoredHash> rows) {
        if (size >= (1L << NodeId.MAX_LEVEL)) {
            throw new IllegalStateException("the log is full");
        }
        long index = size;
        Hash hash = leafHash;
        int level = 0;
        rows.accept(new StoredHash(new NodeId(0, index), hash));
        // The new leaf closes one perfect subtree per trailing 1-bit of the old size: merge while the top of the
        // stack is a left sibling of the same height.
        while (count > 0 && levels[count - 1] == level) {
            count--;
            hash = MerkleHasher.nodeHash(hashes[count], hash);
            level++;
            index >>>= 1;
            rows.accept(new StoredHash(new NodeId(level, index), hash));
        }
        hashes[count] = hash;
        levels[count] = level;
        count++;
        size++;
    }

    /** Appends leaf hashes and answers the rows to store for them. */
    public List<StoredHash> appendAll(List<Hash> leafHashes) {
        List<StoredHash> rows = new ArrayList<>(2 * leafHashes.size());
        for (Hash leafHash : leafHashes) {
            append(leafHash, rows::add);
        }
        return rows;
    }

    /** The root (RFC 9162 MTH) of the log as it stands. */
    public Hash root() {
        if (count == 0) {
            return MerkleHasher.EMPTY_ROOT;
        }
        Hash root = hashes[count - 1];
        for (int i = count - 2; i >= 0; i--) {
            root = MerkleHasher.nodeHash(hashes[i], root);
        }
        return root;
    }
}
