package io.stockade.audit.proof;

import java.util.List;

/**
 * Where the hashes of a log's perfect subtrees are kept (a table keyed by log, level and index; a map in tests).
 *
 * <p>Everything this library computes about a log (its root at any size it has had, inclusion and consistency
 * proofs) is asked of a reader in one batch per answer, so a database-backed reader costs one query per answer.
 */
@FunctionalInterface
public interface HashReader {
    /**
     * The stored hashes of {@code nodes}, in the same order, one for each (a node may be asked for twice).
     *
     * @throws IllegalStateException if a node has no stored hash: the caller asked about leaves the log does not have
     *     yet, or the store lost rows
     */
    List<Hash> readHashes(List<NodeId> nodes);
}
