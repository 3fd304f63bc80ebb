package io.stockade.query.audit.seal;

import io.stockade.api.common.TenantId;
import io.stockade.audit.proof.Hash;
import io.stockade.audit.proof.LeafEncoding;
import io.stockade.audit.proof.MerkleLog;
import io.stockade.audit.proof.StoredEvent;
import io.stockade.audit.proof.StoredHash;
import io.stockade.audit.proof.TreeFrontier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals stored events into their organisation's Merkle log, in global position order, as soon as the gap rule
 * ({@link GapWatch}) allows, and signs checkpoints. Any node may run it: a transaction-scoped advisory lock lets one
 * round run at a time across the deployment, and the seal state row says where the last one stopped.
 */
public final class Sealer {
    private static final Logger log = LoggerFactory.getLogger(Sealer.class);
    private final TransactionTemplate tx;
    private final StoredEventRepository events;
    private final LedgerRepository ledger;
    private final Checkpoints checkpoints;
    private final SealSettings settings;
    private final Clock clock;
    private final GapWatch watch = new GapWatch();
    private final Map<TenantId, TreeFrontier> frontiers = new LinkedHashMap<>();

    Sealer(
            StoredEventRepository events,
            LedgerRepository ledger,
            TransactionTemplate tx,
            Checkpoints checkpoints,
            SealSettings settings,
            Clock clock) {
        this.tx = tx;
        this.events = events;
        this.ledger = ledger;
        this.checkpoints = checkpoints;
        this.settings = settings;
        this.clock = clock;
    }

    /** Records the checkpoint key as the one in use (for the list of keys ever used). */
    public void registerSigningKey() {
        tx.executeWithoutResult(s -> ledger.useSigningKey(
                checkpoints.verifierKey().toString(), checkpoints.verifierKey().name()));
    }

    /** What one round did. */
    public record Round(boolean ran, int sealed, int gaps, Long waitingAt, int checkpointsSigned) {
        static final Round SKIPPED = new Round(false, 0, 0, null, 0);
    }

    /** Seals what may be sealed now (up to one batch) and signs the checkpoints that are due. */
    public synchronized Round sealOnce() {
        try {
            return tx.execute(s -> round(false));
        } catch (RuntimeException e) {
            // A failed round leaves no trace in the database; the in-memory frontiers may be ahead of it.
            frontiers.clear();
            throw e;
        }
    }

    /** Seals everything the gap rule allows, then signs a checkpoint for every log that changed (at shutdown). */
    public synchronized Round sealAndCheckpointAll() {
        int sealed = 0;
        int gaps = 0;
        Round r;
        do {
            r = tx.execute(s -> round(false));
            sealed += r.sealed();
            gaps += r.gaps();
        } while (r.ran() && r.sealed() + r.gaps() > 0);
        Round last = tx.execute(s -> round(true));
        return new Round(true, sealed + last.sealed(), gaps + last.gaps(), last.waitingAt(), last.checkpointsSigned());
    }

    /**
     * The signed checkpoint (note) of a tree holding every event of the organisation's log up to global position
     * {@code position}: the latest one if it covers them already, else one signed now at the log's current size. Runs
     * sealing rounds first until sealing has passed the position, for at most {@code wait}; empty when it has not by
     * then (a transaction held open keeps the gap rule waiting).
     */
    public synchronized Optional<String> checkpointCovering(TenantId tenant, long position, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<String> note = tx.execute(s -> {
                ledger.lockRound();
                if (ledger.sealedThrough() < position) {
                    return Optional.<String>empty();
                }
                ledger.bind(tenant);
                long size = ledger.size(tenant);
                if (size == 0) {
                    throw new IllegalStateException("the organisation's log is empty");
                }
                long needed =
                        ledger.lastLeafUpTo(tenant, position).map(i -> i + 1).orElse(1L);
                Optional<LedgerRepository.CheckpointRow> last = ledger.lastCheckpoint(tenant);
                if (last.isPresent() && last.get().treeSize() >= needed) {
                    return Optional.of(last.get().note());
                }
                TreeFrontier frontier = frontiers.get(tenant);
                Hash root = frontier != null && frontier.size() == size
                        ? frontier.root()
                        : new MerkleLog(ledger.hashes(tenant)).rootAt(size);
                checkpoints.sign(tenant, EventTenants.origin(tenant), size, root, clock.instant(), ledger);
                return ledger.lastCheckpoint(tenant).map(LedgerRepository.CheckpointRow::note);
            });
            if (note.isPresent() || System.nanoTime() > deadline) {
                return note;
            }
            Round r = sealOnce();
            if (!r.ran() || r.sealed() + r.gaps() == 0) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
    }

    private Round round(boolean checkpointEveryChangedLog) {
        if (!ledger.tryLockRound()) {
            return Round.SKIPPED;
        }
        long sealedThrough = ledger.sealedThroughForUpdate();
        Set<Long> settled = watch.settled(events::stillRunning);
        Instant readAt = clock.instant();
        List<StoredEvent> rows = events.after(sealedThrough, settings.batchSize());
        Set<String> running = hasHole(sealedThrough, rows) ? events.runningTransactions() : Set.of();
        GapWatch.Decision decision = watch.decide(
                sealedThrough, rows.stream().map(StoredEvent::globalIndex).toList(), settled, running);

        Map<TenantId, List<StoredEvent>> byTenant = new LinkedHashMap<>();
        Set<Long> sealable = new HashSet<>(decision.sealable());
        long through = sealedThrough;
        for (StoredEvent row : rows) {
            if (sealable.contains(row.globalIndex())) {
                byTenant.computeIfAbsent(EventTenants.of(row.payload(), row.metaData()), t -> new ArrayList<>())
                        .add(row);
                through = Math.max(through, row.globalIndex());
            }
        }
        for (long gap : decision.gaps()) {
            through = Math.max(through, gap);
        }
        byTenant.forEach(this::append);
        ledger.recordGaps(decision.gaps(), readAt);
        if (through > sealedThrough) {
            ledger.advance(through);
        }
        int signed = signDue(checkpointEveryChangedLog);
        if (decision.blockedAt() != null) {
            log.debug("sealing waits at position {} for transactions in progress", decision.blockedAt());
        }
        return new Round(true, sealable.size(), decision.gaps().size(), decision.blockedAt(), signed);
    }

    private void append(TenantId tenant, List<StoredEvent> rows) {
        ledger.bind(tenant);
        long size = ledger.size(tenant);
        TreeFrontier frontier = frontiers.get(tenant);
        if (frontier == null || frontier.size() != size) {
            frontier = TreeFrontier.load(ledger.hashes(tenant), size);
            frontiers.put(tenant, frontier);
        }
        List<LedgerRepository.SealedLeaf> leaves = new ArrayList<>(rows.size());
        List<StoredHash> nodes = new ArrayList<>(rows.size() * 2);
        for (StoredEvent row : rows) {
            Hash leafHash = LeafEncoding.leafHash(row);
            leaves.add(new LedgerRepository.SealedLeaf(frontier.size(), row.globalIndex(), leafHash));
            frontier.append(leafHash, nodes::add);
        }
        ledger.append(tenant, EventTenants.origin(tenant), leaves, nodes, frontier.size());
    }

    private int signDue(boolean everyChangedLog) {
        Instant now = clock.instant();
        List<LedgerRepository.DueLog> due = everyChangedLog
                ? ledger.dueForCheckpoint(0, now)
                : ledger.dueForCheckpoint(settings.checkpointEvents(), now.minus(settings.checkpointInterval()));
        for (LedgerRepository.DueLog d : due) {
            ledger.bind(d.tenant());
            TreeFrontier frontier = frontiers.get(d.tenant());
            Hash root = frontier != null && frontier.size() == d.size()
                    ? frontier.root()
                    : new MerkleLog(ledger.hashes(d.tenant())).rootAt(d.size());
            checkpoints.sign(d.tenant(), EventTenants.origin(d.tenant()), d.size(), root, now, ledger);
        }
        return due.size();
    }

    private static boolean hasHole(long sealedThrough, List<StoredEvent> rows) {
        return !rows.isEmpty() && rows.get(rows.size() - 1).globalIndex() - sealedThrough != rows.size();
    }
}
