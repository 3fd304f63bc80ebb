package io.stockade.query.audit.seal;

import io.stockade.api.common.Nullable;
import io.stockade.api.common.TenantId;
import io.stockade.audit.proof.Checkpoint;
import io.stockade.audit.proof.Hash;
import io.stockade.audit.proof.LeafEncoding;
import io.stockade.audit.proof.MerkleLog;
import io.stockade.audit.proof.NodeId;
import io.stockade.audit.proof.NoteVerifierKey;
import io.stockade.audit.proof.ProofException;
import io.stockade.audit.proof.StoredEvent;
import io.stockade.audit.proof.StoredHash;
import io.stockade.audit.proof.TreeFrontier;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks an organisation's log against what is stored now: every leaf recomputed from the event row at its position
 * (as stored, before upcasting), every stored subtree hash recomputed from the stored leaves, every stored checkpoint's
 * signature and root. Each finding is located by position (and the event's aggregate and sequence where a row is
 * there to name them).
 *
 * <p>Kinds of problem: {@code edited} (the row at a sealed position no longer hashes to its leaf), {@code deleted} (no
 * row at a sealed position), {@code reordered} (the row at a sealed position is the event sealed at another one),
 * {@code inserted} (a row at a position the sealer recorded as a gap), {@code bad-signature} (a stored checkpoint that
 * the audit keys do not verify, or whose row disagrees with its signed note) and {@code tree-mismatch} (a stored
 * subtree hash or a signed root that the stored leaves do not produce: the ledger's own tables were rewritten).
 *
 * <p>Reads in chunks of {@value #CHUNK} leaves, one statement each (leaves joined to their events), each in its own
 * read-only transaction bound to the organisation; memory stays constant whatever the log's size.
 */
public final class LedgerVerifier {
    static final int CHUNK = 8192;

    /** At most this many problems are listed (the count goes on). */
    public static final int MAX_PROBLEMS = 1000;

    private static final int MAX_REORDER_CANDIDATES = 2000;

    private final LedgerRepository ledger;
    private final StoredEventRepository events;
    private final TransactionTemplate tx;
    private final Supplier<Collection<NoteVerifierKey>> trustedKeys;
    private volatile boolean trustStoredKeys = true;

    LedgerVerifier(
            LedgerRepository ledger,
            StoredEventRepository events,
            TransactionTemplate tx,
            Supplier<Collection<NoteVerifierKey>> trustedKeys) {
        this.ledger = ledger;
        this.events = events;
        this.tx = tx;
        this.trustedKeys = trustedKeys;
    }

    /** Whether the keys listed in the ledger's signing-key table verify checkpoints too (default: yes). */
    void trustStoredKeys(boolean trust) {
        this.trustStoredKeys = trust;
    }

    /** One finding. {@code aggregateId} and {@code sequence} are null where no stored row names them. */
    @Schema(name = "VerifyProblem")
    public record Problem(
            @Nullable @Schema(format = "int64", description = "Null where no row locates it")
            Long position,

            @Nullable String aggregateId,

            @Nullable @Schema(format = "int64") Long sequence,

            @Schema(allowableValues = {"edited", "deleted", "inserted", "reordered", "bad-signature", "tree-mismatch"})
            String kind,

            @Nullable @Schema(format = "int64", description = "The checkpoint's, for checkpoint problems")
            Long treeSize,

            String detail) {}

    /** The outcome of a run. {@code problemCount} counts every problem; {@code problems} lists the first 1,000. */
    public record Report(
            boolean verified,
            long eventsChecked,
            int checkpointsChecked,
            long treeSize,
            Hash rootHash,
            List<Problem> problems,
            long problemCount) {}

    /** Told how far a run has come (leaves checked of the leaves to check). */
    @FunctionalInterface
    public interface Progress {
        void at(long checked, long total);

        Progress NONE = (checked, total) -> {};
    }

    /** The number of leaves a run over the organisation's log would check (its size). */
    public long size(TenantId tenant) {
        Long size = tx.execute(s -> {
            ledger.bind(tenant);
            return ledger.size(tenant);
        });
        return size == null ? 0 : size;
    }

    /**
     * Verifies the organisation's log, or only the events at positions {@code [fromPosition, toPosition]} (either
     * bound null: open) with the subtree hashes they complete; every stored checkpoint is checked either way.
     */
    public Report verify(TenantId tenant, Long fromPosition, Long toPosition, Progress progress) {
        Scope scope = tx.execute(s -> scope(tenant, fromPosition, toPosition));
        Findings findings = new Findings();
        long checked = 0;
        if (scope.toIndex > scope.fromIndex) {
            TreeFrontier frontier = tx.execute(s -> {
                ledger.bind(tenant);
                return scope.fromIndex == 0
                        ? TreeFrontier.empty()
                        : TreeFrontier.load(ledger.hashes(tenant), scope.fromIndex);
            });
            List<Mismatch> mismatches = new ArrayList<>();
            for (long from = scope.fromIndex; from < scope.toIndex; from += CHUNK) {
                long to = Math.min(scope.toIndex, from + CHUNK);
                long chunkFrom = from;
                Chunk chunk = tx.execute(s -> {
                    ledger.bind(tenant);
                    return new Chunk(
                            ledger.leavesWithEvents(tenant, chunkFrom, to),
                            ledger.nodesCompletedBy(tenant, chunkFrom, to));
                });
                checkChunk(chunk, chunkFrom, to, frontier, mismatches, findings);
                checked += to - from;
                progress.at(checked, scope.toIndex - scope.fromIndex);
            }
            classify(mismatches, findings);
        }
        List<StoredEvent> inserted = tx.execute(s -> events.atGaps(scope.fromPosition, scope.toPosition));
        for (StoredEvent e : inserted) {
            if (tenant.equals(EventTenants.of(e.payload(), e.metaData()))) {
                findings.add(new Problem(
                        e.globalIndex(),
                        e.aggregateIdentifier(),
                        e.sequenceNumber(),
                        "inserted",
                        null,
                        "an event at a position that was empty when it was sealed past"));
                checked++;
            }
        }
        int checkpoints = tx.execute(s -> checkCheckpoints(tenant, scope.size, findings));
        Hash root = tx.execute(s -> {
            ledger.bind(tenant);
            try {
                return new MerkleLog(ledger.hashes(tenant)).rootAt(scope.toIndex);
            } catch (RuntimeException e) {
                return null;
            }
        });
        findings.sort();
        return new Report(
                findings.count == 0,
                checked,
                checkpoints,
                scope.toIndex,
                root,
                List.copyOf(findings.list),
                findings.count);
    }

    /** Reads the same rows as {@link #verify} without hashing anything: the baseline a verification is measured by. */
    long readOnly(TenantId tenant) {
        long size = size(tenant);
        long bytes = 0;
        for (long from = 0; from < size; from += CHUNK) {
            long to = Math.min(size, from + CHUNK);
            long chunkFrom = from;
            Chunk chunk = tx.execute(s -> {
                ledger.bind(tenant);
                return new Chunk(
                        ledger.leavesWithEvents(tenant, chunkFrom, to), ledger.nodesCompletedBy(tenant, chunkFrom, to));
            });
            for (LedgerRepository.LeafAndEvent leaf : chunk.leaves) {
                bytes += leaf.event() == null ? 0 : leaf.event().payload().length;
            }
        }
        return bytes;
    }

    private record Scope(long fromIndex, long toIndex, long size, long fromPosition, long toPosition) {}

    private record Chunk(List<LedgerRepository.LeafAndEvent> leaves, List<StoredHash> nodes) {}

    /** A sealed position whose stored row does not hash to its leaf (row null: there is no row). */
    private record Mismatch(long position, byte[] storedHash, StoredEvent event) {}

    private Scope scope(TenantId tenant, Long fromPosition, Long toPosition) {
        ledger.bind(tenant);
        long size = ledger.size(tenant);
        long sealedThrough = ledger.sealedThrough();
        long fromPos = fromPosition == null ? 0 : fromPosition;
        long toPos = toPosition == null ? sealedThrough : Math.min(toPosition, sealedThrough);
        if (fromPosition == null && toPosition == null) {
            return new Scope(0, size, size, fromPos, toPos);
        }
        Optional<long[]> range = fromPos > toPos ? Optional.empty() : ledger.leafRange(tenant, fromPos, toPos);
        return range.map(r -> new Scope(r[0], Math.min(size, r[1] + 1), size, fromPos, toPos))
                .orElse(new Scope(0, 0, size, fromPos, toPos));
    }

    private static void checkChunk(
            Chunk chunk, long from, long to, TreeFrontier frontier, List<Mismatch> mismatches, Findings findings) {
        Map<NodeId, Hash> computed = new HashMap<>();
        long expected = from;
        Long lastPosition = null;
        for (LedgerRepository.LeafAndEvent leaf : chunk.leaves) {
            for (; expected < leaf.index(); expected++) {
                findings.add(new Problem(
                        lastPosition, null, null, "tree-mismatch", null, "leaf " + expected + " has no stored row"));
                frontier.append(missingLeaf(), node -> {});
            }
            expected = leaf.index() + 1;
            lastPosition = leaf.position();
            Hash stored = leaf.storedHash() != null && leaf.storedHash().length == Hash.SIZE
                    ? Hash.of(leaf.storedHash())
                    : missingLeaf();
            StoredEvent event = leaf.event();
            if (event == null) {
                mismatches.add(new Mismatch(leaf.position(), leaf.storedHash(), null));
            } else if (!Arrays.equals(LeafEncoding.leafHash(event).toBytes(), leaf.storedHash())) {
                mismatches.add(new Mismatch(leaf.position(), leaf.storedHash(), event));
            }
            frontier.append(stored, node -> {
                if (node.node().level() > 0) {
                    computed.put(node.node(), node.hash());
                }
            });
        }
        for (; expected < to; expected++) {
            findings.add(new Problem(
                    lastPosition, null, null, "tree-mismatch", null, "leaf " + expected + " has no stored row"));
            frontier.append(missingLeaf(), node -> {});
        }
        Map<NodeId, Hash> stored = new HashMap<>();
        for (StoredHash node : chunk.nodes) {
            stored.put(node.node(), node.hash());
        }
        Map<Long, Long> positionOfLeaf = new HashMap<>();
        for (LedgerRepository.LeafAndEvent leaf : chunk.leaves) {
            positionOfLeaf.put(leaf.index(), leaf.position());
        }
        computed.forEach((node, hash) -> {
            Hash kept = stored.get(node);
            if (!hash.equals(kept)) {
                long lastLeaf = ((node.index() + 1) << node.level()) - 1;
                findings.add(new Problem(
                        positionOfLeaf.get(lastLeaf),
                        null,
                        null,
                        "tree-mismatch",
                        null,
                        "the stored hash of subtree (level " + node.level() + ", index " + node.index() + ") "
                                + (kept == null ? "is missing" : "is not the hash of its stored leaves")));
            }
        });
    }

    /** A stand-in for a leaf hash that is missing or malformed, so the tree above it is still walked. */
    private static Hash missingLeaf() {
        return Hash.of(new byte[Hash.SIZE]);
    }

    /**
     * Names each mismatch: a row that hashes to the leaf of another mismatched position was moved there
     * ({@code reordered}); any other row was {@code edited}; no row is {@code deleted}.
     */
    private static void classify(List<Mismatch> mismatches, Findings findings) {
        boolean search = mismatches.size() <= MAX_REORDER_CANDIDATES;
        for (Mismatch m : mismatches) {
            if (m.event == null) {
                findings.add(new Problem(
                        m.position, null, null, "deleted", null, "no stored event at this sealed position"));
                continue;
            }
            Long belongsAt = null;
            if (search) {
                for (Mismatch other : mismatches) {
                    if (other != m && Arrays.equals(leafAt(m.event, other.position), other.storedHash)) {
                        belongsAt = other.position;
                        break;
                    }
                }
            }
            findings.add(
                    belongsAt == null
                            ? new Problem(
                                    m.position,
                                    m.event.aggregateIdentifier(),
                                    m.event.sequenceNumber(),
                                    "edited",
                                    null,
                                    "the stored event no longer hashes to its sealed leaf")
                            : new Problem(
                                    m.position,
                                    m.event.aggregateIdentifier(),
                                    m.event.sequenceNumber(),
                                    "reordered",
                                    null,
                                    "the event sealed at position " + belongsAt + " is stored here"));
        }
    }

    private static byte[] leafAt(StoredEvent e, long position) {
        return LeafEncoding.leafHash(new StoredEvent(
                        position,
                        e.eventIdentifier(),
                        e.aggregateIdentifier(),
                        e.sequenceNumber(),
                        e.aggregateType(),
                        e.payloadType(),
                        e.payloadRevision(),
                        e.timeStamp(),
                        e.payload(),
                        e.metaData()))
                .toBytes();
    }

    /**
     * Every stored checkpoint up to the log's size: its signature by a trusted key, its row against its note, its
     * root against the stored tree. A root that disagrees is located between the last checkpoint that agreed and it.
     */
    private int checkCheckpoints(TenantId tenant, long size, Findings findings) {
        ledger.bind(tenant);
        List<LedgerRepository.CheckpointRow> rows = ledger.checkpoints(tenant, size);
        Set<NoteVerifierKey> keys = new LinkedHashSet<>(trustedKeys.get());
        for (LedgerRepository.SigningKeyRow k :
                trustStoredKeys ? ledger.signingKeys() : List.<LedgerRepository.SigningKeyRow>of()) {
            try {
                keys.add(NoteVerifierKey.parse(k.verifierKey()));
            } catch (IllegalArgumentException e) {
                // A malformed key row verifies nothing; the checkpoints it would have verified are reported.
            }
        }
        String origin = EventTenants.origin(tenant);
        MerkleLog log = new MerkleLog(ledger.hashes(tenant));
        List<Long> lastLeaves = rows.stream()
                .filter(r -> r.treeSize() > 0)
                .map(r -> r.treeSize() - 1)
                .toList();
        Map<Long, Long> positions = ledger.positionsOfLeaves(tenant, lastLeaves);
        long lastGoodSize = 0;
        for (LedgerRepository.CheckpointRow row : rows) {
            Long position = row.treeSize() > 0 ? positions.get(row.treeSize() - 1) : null;
            Checkpoint signed;
            try {
                signed = Checkpoint.open(row.note(), keys);
            } catch (ProofException | RuntimeException e) {
                findings.add(new Problem(
                        position,
                        null,
                        null,
                        "bad-signature",
                        row.treeSize(),
                        "the checkpoint of size " + row.treeSize() + " does not verify: " + e.getMessage()));
                continue;
            }
            if (!signed.origin().equals(origin)
                    || signed.treeSize() != row.treeSize()
                    || !signed.rootHash().equals(row.rootHash())) {
                findings.add(new Problem(
                        position,
                        null,
                        null,
                        "bad-signature",
                        row.treeSize(),
                        "the stored checkpoint row of size " + row.treeSize() + " differs from its signed note"));
                continue;
            }
            Hash root;
            try {
                root = log.rootAt(signed.treeSize());
            } catch (RuntimeException e) {
                root = null;
            }
            if (!signed.rootHash().equals(root)) {
                Long from = lastGoodSize == 0 ? null : positions.get(lastGoodSize - 1);
                findings.add(new Problem(
                        position,
                        null,
                        null,
                        "tree-mismatch",
                        row.treeSize(),
                        "the stored tree at size " + row.treeSize() + " is not the signed one: a leaf after "
                                + (from == null ? "the start of the log" : "position " + from)
                                + " and up to this position was rewritten"));
            } else {
                lastGoodSize = signed.treeSize();
            }
        }
        return rows.size();
    }

    /** The problems of a run, the first {@value #MAX_PROBLEMS} kept. */
    private static final class Findings {
        private final List<Problem> list = new ArrayList<>();
        private long count;

        void add(Problem p) {
            count++;
            if (list.size() < MAX_PROBLEMS) {
                list.add(p);
            }
        }

        void sort() {
            list.sort((a, b) -> Long.compare(
                    a.position() == null ? Long.MAX_VALUE : a.position(),
                    b.position() == null ? Long.MAX_VALUE : b.position()));
        }
    }
}
