package io.stockade.query.audit.seal;

import io.stockade.api.common.TenantId;
import io.stockade.audit.proof.ExportWriter;
import io.stockade.audit.proof.MerkleLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Map;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes an organisation's sealed events as an export ({@code stockade-audit-export/1}) proven against its latest
 * signed checkpoint, chunk by chunk. The export endpoint (with its filter and the checkpoint it forces) builds on it.
 */
public final class LedgerExports {
    private final LedgerRepository ledger;
    private final TransactionTemplate tx;

    LedgerExports(LedgerRepository ledger, TransactionTemplate tx) {
        this.ledger = ledger;
        this.tx = tx;
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
}
