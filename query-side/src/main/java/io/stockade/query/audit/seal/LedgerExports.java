package io.stockade.query.audit.seal;

import io.stockade.api.common.TenantId;
import io.stockade.audit.proof.ExportWriter;
import io.stockade.audit.proof.Hash;
import io.stockade.audit.proof.HashReader;
import io.stockade.audit.proof.MerkleLog;
import io.stockade.audit.proof.NodeId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes an organisation's sealed events as an export ({@code stockade-audit-export/1}) proven against its latest
 * signed checkpoint, chunk by chunk; and serves the audit API's export ({@code GET /api/audit/events?format=…}) the
 * checkpoint it forces and the inclusion proofs of its rows.
 */
public final class LedgerExports {
    private final LedgerRepository ledger;
    private final TransactionTemplate tx;
    private final Sealer sealer;

    LedgerExports(LedgerRepository ledger, TransactionTemplate tx) {
        this(ledger, tx, null);
    }

    LedgerExports(LedgerRepository ledger, TransactionTemplate tx, Sealer sealer) {
        this.ledger = ledger;
        this.tx = tx;
        this.sealer = sealer;
    }

    /** Writes every event up to the latest checkpoint; answers how many. Empty logs have nothing to prove. */
    public long writeAll(TenantId tenant, Writer out, Map<String, String> filter, Instant exportedAt) {
        LedgerRepository.CheckpointRow checkpoint = tx.execute(s -> {
                    ledger.bind(tenant);
                    return ledger.lastCheckpoint(tenant);
                })
                .orElseThrow(() -> new IllegalStateException("the log has no signed checkpoint yet"));
        try {
            ExportWriter writer =
                    new ExportWriter(out, EventTenants.origin(tenant), filter, exportedAt, checkpoint.note());
            long size = writer.checkpoint().treeSize();
            for (long from = 0; from < size; from += LedgerVerifier.CHUNK) {
                long chunkFrom = from;
                long to = Math.min(size, from + LedgerVerifier.CHUNK);
                tx.executeWithoutResult(s -> {
                    ledger.bind(tenant);
                    MerkleLog log = new MerkleLog(ledger.hashes(tenant));
                    for (LedgerRepository.LeafAndEvent leaf : ledger.leavesWithEvents(tenant, chunkFrom, to)) {
                        if (leaf.event() == null) {
                            continue; // a deleted row cannot be exported; the verifier reports it
                        }
                        try {
                            writer.event(leaf.index(), leaf.event(), log.inclusionProof(leaf.index(), size), null);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                });
            }
            return writer.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The origin of the organisation's log, {@code stockade/<organisation id>}. */
    public static String origin(TenantId tenant) {
        return EventTenants.origin(tenant);
    }

    /**
     * The signed checkpoint (note text) of a tree holding every event of the organisation's log up to global position
     * {@code position}: seals that far and signs a checkpoint now unless the latest one covers them already. Empty when
     * sealing could not pass the position within {@code wait}.
     */
    public Optional<String> checkpointCovering(TenantId tenant, long position, Duration wait) {
        if (sealer == null) {
            throw new IllegalStateException("no sealer to force a checkpoint with");
        }
        return sealer.checkpointCovering(tenant, position, wait);
    }

    /**
     * The inclusion proofs of these leaves of the organisation's log in its tree of {@code treeSize} leaves, by leaf
     * index, read with one batch of the stored hashes for all of them (the nodes they share are read once). Runs in
     * the caller's transaction when there is one.
     */
    public Map<Long, List<Hash>> inclusionProofs(TenantId tenant, long treeSize, List<Long> leafIndexes) {
        return tx.execute(s -> {
            ledger.bind(tenant);
            // First pass: which stored nodes the proofs are made of (the answers are placeholders).
            Set<NodeId> needed = new LinkedHashSet<>();
            HashReader recorder = nodes -> {
                needed.addAll(nodes);
                List<Hash> zeros = new ArrayList<>(nodes.size());
                nodes.forEach(n -> zeros.add(Hash.of(new byte[Hash.SIZE])));
                return zeros;
            };
            MerkleLog dry = new MerkleLog(recorder);
            leafIndexes.forEach(i -> dry.inclusionProof(i, treeSize));
            Map<NodeId, Hash> read = new HashMap<>();
            List<NodeId> ids = List.copyOf(needed);
            List<Hash> hashes = ledger.hashes(tenant).readHashes(ids);
            for (int i = 0; i < ids.size(); i++) {
                read.put(ids.get(i), hashes.get(i));
            }
            MerkleLog log = new MerkleLog(nodes -> nodes.stream().map(read::get).toList());
            Map<Long, List<Hash>> proofs = new HashMap<>();
            leafIndexes.forEach(i -> proofs.put(i, log.inclusionProof(i, treeSize)));
            return proofs;
        });
    }
}
