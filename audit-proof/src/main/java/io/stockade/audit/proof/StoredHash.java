package io.stockade.audit.proof;

import java.util.Objects;

/** A row for the hash store: the hash of one perfect subtree. */
public record StoredHash(NodeId node, Hash hash) {
    public StoredHash {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(hash, "hash");
    }
}
