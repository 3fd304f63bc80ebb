package io.stockade.query.audit.seal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockade.api.common.Nullable;
import io.stockade.api.common.TenantId;
import io.stockade.audit.proof.Hash;
import io.stockade.audit.proof.MerkleLog;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the audit API asks of the ledger: verification (at once, or as a job any node can report on), checkpoints,
 * keys and proofs. Every method works on one organisation's log, bound to it.
 */
public final class AuditLedger {
    private static final Logger log = LoggerFactory.getLogger(AuditLedger.class);

    /** A running job not heard of for this long stopped with its node. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);

    private final LedgerVerifier verifier;
    private final LedgerRepository ledger;
    private final VerifyJobRepository jobs;
    private final Checkpoints checkpoints;
    private final TransactionTemplate tx;
    private final ExecutorService executor;
    private final ObjectMapper json;
    private final long syncLimit;
    private final Clock clock;

    AuditLedger(
            LedgerVerifier verifier,
            LedgerRepository ledger,
            VerifyJobRepository jobs,
            Checkpoints checkpoints,
            TransactionTemplate tx,
            ExecutorService executor,
            ObjectMapper json,
            long syncLimit,
            Clock clock) {
        this.verifier = verifier;
        this.ledger = ledger;
        this.jobs = jobs;
        this.checkpoints = checkpoints;
        this.tx = tx;
        this.executor = executor;
        this.json = json;
        this.syncLimit = syncLimit;
        this.clock = clock;
    }

    /** A verification's outcome as the API answers it (hashes in hex). */
    @Schema(description = "What a verification of the organisation's log found")
    public record VerifyResult(
            boolean verified,
            long eventsChecked,
            int checkpointsChecked,
            long treeSize,
            @Nullable String rootHash,
            List<LedgerVerifier.Problem> problems,
            long problemCount) {
        static VerifyResult of(LedgerVerifier.Report r) {
            return new VerifyResult(
                    r.verified(),
                    r.eventsChecked(),
                    r.checkpointsChecked(),
                    r.treeSize(),
                    r.rootHash() == null ? null : r.rootHash().toHex(),
                    r.problems(),
                    r.problemCount());
        }
    }

    /** A verification job: {@code running}, {@code done}, {@code failed} or {@code abandoned}. */
    @Schema(description = "A verification run in the background; its result is absent until it is done")
    public record VerifyJob(
            UUID id,

            @Schema(allowableValues = {"running", "done", "failed", "abandoned"})
            String status,

            long checked,
            long total,
            int percent,

            @Nullable @Schema(format = "int64") Long from,

            @Nullable @Schema(format = "int64") Long to,

            Instant requestedAt,

            @Nullable @Schema(format = "date-time") Instant finishedAt,

            @JsonInclude(JsonInclude.Include.NON_NULL) VerifyResult result) {}

    /** Either a result at once, or a job started to produce it. */
    public record Verification(VerifyResult result, VerifyJob job) {}

    /**
     * Verifies the log (or the positions {@code [from, to]}) at once when it is small enough, otherwise in a job.
     * {@code background} asks for a job whatever the size.
     */
    public Verification verify(TenantId tenant, UUID requestedBy, Long from, Long to, boolean background) {
        long total = verifier.size(tenant);
        if (!background && total <= syncLimit) {
            return new Verification(
                    VerifyResult.of(verifier.verify(tenant, from, to, LedgerVerifier.Progress.NONE)), null);
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        VerifyJobRepository.Job job =
                new VerifyJobRepository.Job(id, requestedBy, now, from, to, "running", 0, total, now, null, null);
        tx.executeWithoutResult(s -> {
            ledger.bind(tenant);
            jobs.create(tenant, job);
        });
        try {
            executor.execute(() -> runJob(tenant, id, from, to));
        } catch (RejectedExecutionException e) {
            finish(tenant, id, "failed", 0, null);
        }
        return new Verification(null, job(tenant, id).orElseThrow());
    }

    private void runJob(TenantId tenant, UUID id, Long from, Long to) {
        try {
            LedgerVerifier.Report report = verifier.verify(
                    tenant,
                    from,
                    to,
                    (checked, total) -> tx.executeWithoutResult(s -> {
                        ledger.bind(tenant);
                        jobs.progress(tenant, id, checked, clock.instant());
                    }));
            finish(tenant, id, "done", report.eventsChecked(), json.writeValueAsString(VerifyResult.of(report)));
        } catch (JsonProcessingException | RuntimeException e) {
            log.warn("verification job {} failed", id, e);
            finish(tenant, id, "failed", 0, null);
        }
    }

    private void finish(TenantId tenant, UUID id, String status, long checked, String result) {
        tx.executeWithoutResult(s -> {
            ledger.bind(tenant);
            jobs.finish(tenant, id, status, checked, result, clock.instant());
        });
    }

    /** The job, if it is the organisation's. */
    public Optional<VerifyJob> job(TenantId tenant, UUID id) {
        Optional<VerifyJobRepository.Job> found = tx.execute(s -> {
            ledger.bind(tenant);
            return jobs.find(tenant, id);
        });
        return found.map(j -> {
            String status = "running".equals(j.status())
                            && j.updatedAt().isBefore(clock.instant().minus(ABANDONED_AFTER))
                    ? "abandoned"
                    : j.status();
            VerifyResult result;
            try {
                result = j.result() == null ? null : json.readValue(j.result(), VerifyResult.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a stored verification result is not readable", e);
            }
            long total = Math.max(j.total(), 1);
            int percent = "done".equals(status) ? 100 : (int) Math.min(99, j.checked() * 100 / total);
            return new VerifyJob(
                    j.id(),
                    status,
                    j.checked(),
                    j.total(),
                    percent,
                    j.fromPosition(),
                    j.toPosition(),
                    j.requestedAt(),
                    j.finishedAt(),
                    result);
        });
    }

    /** A stored checkpoint as the API lists it. */
    public record CheckpointView(long treeSize, String rootHash, Instant signedAt, String note) {}

    /** The organisation's checkpoints, newest first, {@code limit} of them below tree size {@code before}. */
    public List<CheckpointView> checkpoints(TenantId tenant, Long before, int limit) {
        return tx.execute(s -> {
            ledger.bind(tenant);
            return ledger.checkpointPage(tenant, before, limit).stream()
                    .map(c -> new CheckpointView(
                            c.treeSize(),
                            c.rootHash() == null ? null : c.rootHash().toHex(),
                            c.signedAt(),
                            c.note()))
                    .toList();
        });
    }

    /** The verifier key of the key that signs now (C2SP note verifier-key text). */
    public String currentKey() {
        return checkpoints.verifierKey().toString();
    }

    /** A key that signed checkpoints, with when. */
    public record KeyView(
            String verifierKey,
            String keyName,
            Instant validFrom,

            @Nullable @Schema(format = "date-time") Instant validUntil,

            boolean current) {}

    /** Every checkpoint-signing key ever used, oldest first. */
    public List<KeyView> keys() {
        String current = currentKey();
        return tx.execute(s -> ledger.signingKeys().stream()
                .map(k -> new KeyView(
                        k.verifierKey(),
                        k.keyName(),
                        k.validFrom(),
                        k.validUntil(),
                        k.verifierKey().equals(current)))
                .toList());
    }

    /** An inclusion proof (hashes in hex), with the signed checkpoint of that tree size if there is one. */
    public record InclusionProof(
            long position,
            long leafIndex,
            long treeSize,
            String leafHash,
            List<String> proof,
            String rootHash,
            @Nullable String checkpoint) {}

    /** Why a proof cannot be given: the named parameter is out of range. */
    public static final class OutOfRange extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String field;

        OutOfRange(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * The proof that the event at {@code position} is in the log of {@code treeSize} leaves (default: the latest
     * checkpoint's, or the log's size before any). Empty when the position is not in the organisation's log.
     */
    public Optional<InclusionProof> inclusionProof(TenantId tenant, long position, Long treeSize) {
        return tx.execute(s -> {
            ledger.bind(tenant);
            Optional<Long> index = ledger.leafIndexAt(tenant, position);
            if (index.isEmpty()) {
                return Optional.<InclusionProof>empty();
            }
            long size = ledger.size(tenant);
            long n = treeSize != null
                    ? treeSize
                    : ledger.lastCheckpoint(tenant)
                            .map(LedgerRepository.CheckpointRow::treeSize)
                            .filter(c -> c > index.get())
                            .orElse(size);
            if (n <= index.get() || n > size) {
                throw new OutOfRange(
                        "treeSize",
                        "treeSize must be above the event's leaf index " + index.get() + " and at most the log's size "
                                + size);
            }
            MerkleLog log = new MerkleLog(ledger.hashes(tenant));
            return Optional.of(new InclusionProof(
                    position,
                    index.get(),
                    n,
                    log.leafHash(index.get()).toHex(),
                    log.inclusionProof(index.get(), n).stream().map(Hash::toHex).toList(),
                    log.rootAt(n).toHex(),
                    ledger.checkpointOfSize(tenant, n)
                            .map(LedgerRepository.CheckpointRow::note)
                            .orElse(null)));
        });
    }

    /** A consistency proof between two sizes of the log (hashes in hex), with their signed checkpoints if any. */
    public record ConsistencyProof(
            long from,
            long to,
            String fromRoot,
            String toRoot,
            List<String> proof,
            @Nullable String fromCheckpoint,
            @Nullable String toCheckpoint) {}

    /** The proof that the log at {@code to} leaves extends the log at {@code from} leaves. */
    public ConsistencyProof consistencyProof(TenantId tenant, long from, long to) {
        return tx.execute(s -> {
            ledger.bind(tenant);
            long size = ledger.size(tenant);
            if (to > size) {
                throw new OutOfRange("to", "to must be at most the log's size " + size);
            }
            MerkleLog log = new MerkleLog(ledger.hashes(tenant));
            return new ConsistencyProof(
                    from,
                    to,
                    log.rootAt(from).toHex(),
                    log.rootAt(to).toHex(),
                    log.consistencyProof(from, to).stream().map(Hash::toHex).toList(),
                    ledger.checkpointOfSize(tenant, from)
                            .map(LedgerRepository.CheckpointRow::note)
                            .orElse(null),
                    ledger.checkpointOfSize(tenant, to)
                            .map(LedgerRepository.CheckpointRow::note)
                            .orElse(null));
        });
    }
}
