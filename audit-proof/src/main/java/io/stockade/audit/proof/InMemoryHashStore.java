package io.stockade.audit.proof;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A hash store in a map, for tests and for building a whole tree in memory (the offline verifier). */
public final class InMemoryHashStore implements HashReader {
    private final Map<NodeId, Hash> hashes = new HashMap<>();
    private int reads;

    /** Stores rows; a row stored again must carry the same hash, since a perfect subtree never changes. */
    public void putAll(Collection<StoredHash> rows) {
        for (StoredHash row : rows) {
            put(row);
        }
    }

    public void put(StoredHash row) {
        Hash previous = hashes.putIfAbsent(row.node(), row.hash());
        if (previous != null && !previous.equals(row.hash())) {
            throw new IllegalStateException("node " + row.node() + " already holds another hash");
        }
    }

    @Override
    public List<Hash> readHashes(List<NodeId> nodes) {
        reads++;
        List<Hash> result = new ArrayList<>(nodes.size());
        for (NodeId node : nodes) {
            Hash hash = hashes.get(node);
            if (hash == null) {
                throw new IllegalStateException("no stored hash for node " + node);
            }
            result.add(hash);
        }
        return result;
    }

    /** How many rows are stored. */
    public int size() {
        return hashes.size();
    }

    /** How many times {@link #readHashes} was called: each answer should cost one. */
    public int reads() {
        return reads;
    }
}
