package io.stockade.query.audit;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stockade.api.common.TenantId;
import io.stockade.audit.proof.Checkpoint;
import io.stockade.audit.proof.ExportWriter;
import io.stockade.audit.proof.Hash;
import io.stockade.audit.proof.LeafEncoding;
import io.stockade.audit.proof.MerkleHasher;
import io.stockade.audit.proof.ProofException;
import io.stockade.audit.proof.SignedNote;
import io.stockade.audit.proof.StoredEvent;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.tenancy.TenantScope;
import io.stockade.platform.web.Csv;
import io.stockade.query.audit.AuditIndexRepository.ExportRow;
import io.stockade.query.audit.AuditIndexRepository.Filter;
import io.stockade.query.audit.AuditIndexRepository.IndexedEvent;
import io.stockade.query.audit.AuditViews.AuditEvent;
import io.stockade.query.audit.AuditViews.EventMetadata;
import io.stockade.query.audit.EventDecoder.Decoded;
import io.stockade.query.audit.seal.LedgerExports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The export of {@code GET /api/audit/events} (issue 14 §1): every event the filter matches, streamed from the
 * database through a cursor and written as it is read, each row with its stored bytes, its leaf hash and its inclusion
 * proof against a checkpoint the export forces at its last row, beside the decoded event for people. NDJSON is the
 * offline verifier's format ({@code stockade-audit-export/1}, written by {@link ExportWriter}); CSV carries the same
 * proofs in cells under a header block of {@code #} lines.
 */
@Component
class AuditEventExport {
    /** The CSV layout's name, in its first line. */
    static final String CSV_FORMAT = "stockade-audit-export-csv/1";

    /** How long an export waits for its last row to be sealed (a transaction held open delays the gap rule). */
    static final Duration SEAL_WAIT = Duration.ofSeconds(30);

    private static final int FETCH_SIZE = 1000;
    private static final int CHUNK = 256;

    private final AuditIndexRepository index;
    private final AuditHistory history;
    private final EventDecoder decoder;
    private final LedgerExports ledger;
    private final TenantScope tenants;
    private final ObjectMapper json;
    private final ObjectWriter forPeople;

    AuditEventExport(
            AuditIndexRepository index,
            AuditHistory history,
            EventDecoder decoder,
            LedgerExports ledger,
            TenantScope tenants,
            ObjectMapper json) {
        this.index = index;
        this.history = history;
        this.decoder = decoder;
        this.ledger = ledger;
        this.tenants = tenants;
        this.json = json;
        this.forPeople =
                json.copy().addMixIn(AuditEvent.class, WithoutLeafHash.class).writer();
    }

    /** The checkpoint an export is proven against, and the last position it holds. */
    record Prepared(long upTo, String note, Checkpoint checkpoint) {}

    /**
     * Seals up to the last event the filter matches (or the organisation's last event, when it matches none) and
     * signs a checkpoint covering it unless the latest one does. Call before writing anything: its refusals are
     * problems with a status.
     */
    Prepared prepare(TenantId tenant, Filter filter) {
        awaitIndex();
        Long upTo = tenants.read(
                tenant,
                () -> index.lastPosition(filter)
                        .or(() -> index.lastPosition(everything(tenant)))
                        .orElse(null));
        if (upTo == null) {
            throw ProblemException.conflict("filter", "the organisation has no events to export yet");
        }
        String note = ledger.checkpointCovering(tenant, upTo, SEAL_WAIT)
                .orElseThrow(() -> new ProblemException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "audit-export-not-sealed",
                        "Not sealed yet",
                        "The log could not be sealed up to position " + upTo + " within " + SEAL_WAIT.toSeconds()
                                + " s (a transaction in progress holds it back); try again shortly",
                        List.of()));
        try {
            return new Prepared(upTo, note, Checkpoint.parse(SignedNote.bodyOf(note)));
        } catch (ProofException e) {
            throw new IllegalStateException("a stored checkpoint is not readable", e);
        }
    }

    /**
     * Waits until the audit index (a projection: the export filters on it) has handled every event stored when the
     * export started, for at most {@link #SEAL_WAIT}: an export that read a lagging index would leave out events that
     * exist, and still verify.
     */
    private void awaitIndex() {
        long deadline = System.nanoTime() + SEAL_WAIT.toNanos();
        AuditIndexRepository.Progress progress = index.progress();
        long head = progress.head();
        long pause = 5;
        while (!progress.caughtUp()) {
            if (System.nanoTime() > deadline) {
                throw new ProblemException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "audit-export-index-behind",
                        "Audit index not caught up",
                        "The audit index has handled the events up to position " + progress.indexedThrough() + " of "
                                + head + " within " + SEAL_WAIT.toSeconds() + " s; try again shortly",
                        List.of());
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the audit index", e);
            }
            pause = Math.min(pause * 2, 200);
            AuditIndexRepository.Progress now = index.progress();
            progress = new AuditIndexRepository.Progress(head, now.indexedThrough());
        }
    }

    private static Filter everything(TenantId tenant) {
        return new Filter(tenant.value(), null, null, List.of(), null, null, null, null, null, null, false, 1);
    }

    /** Writes the NDJSON export ({@code stockade-audit-export/1}); answers the number of events. */
    long ndjson(TenantId tenant, Filter filter, Map<String, String> asked, Instant exportedAt, Prepared p, Writer out)
            throws IOException {
        ExportWriter writer = new ExportWriter(out, LedgerExports.origin(tenant), asked, exportedAt, p.note());
        stream(tenant, filter, p, (row, proof, event) -> {
            try {
                writer.event(row.leafIndex(), row.stored(), proof, forPeople(event));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return writer.finish();
    }

    /** Writes the CSV export; answers the number of events. */
    long csv(TenantId tenant, Filter filter, Map<String, String> asked, Instant exportedAt, Prepared p, Writer out)
            throws IOException {
        String origin = LedgerExports.origin(tenant);
        out.write(Csv.row("#format", Csv.text(CSV_FORMAT)));
        out.write(Csv.row("#origin", Csv.text(origin)));
        out.write(Csv.row("#organisation", Csv.text(tenant.toString())));
        out.write(Csv.row("#exportedAt", Csv.text(exportedAt.toString())));
        out.write(Csv.row("#filter", Csv.text(json.writeValueAsString(asked))));
        out.write(Csv.row("#treeSize", Csv.number(p.checkpoint().treeSize())));
        out.write(Csv.row("#rootHash", p.checkpoint().rootHash().toHex()));
        out.write(Csv.row("#checkpoint", Csv.text(p.note())));
        out.write(Csv.row(
                "position",
                "leafIndex",
                "aggregateType",
                "aggregateId",
                "sequence",
                "type",
                "outcome",
                "recordedAt",
                "effectiveAt",
                "userId",
                "username",
                "role",
                "clientIp",
                "userAgent",
                "requestId",
                "correlationId",
                "reason",
                "payload",
                "leafHash",
                "stored",
                "proof"));
        long[] count = new long[1];
        stream(tenant, filter, p, (row, proof, event) -> {
            byte[] leaf = LeafEncoding.encode(row.stored());
            EventMetadata m = event.metadata();
            try {
                out.write(Csv.row(
                        Csv.number(event.position()),
                        Csv.number(row.leafIndex()),
                        Csv.text(event.aggregateType()),
                        Csv.text(event.aggregateId()),
                        Csv.number(event.sequence()),
                        Csv.text(event.type()),
                        Csv.text(event.outcome()),
                        Csv.text(event.recordedAt().toString()),
                        Csv.text(
                                event.effectiveAt() == null
                                        ? null
                                        : event.effectiveAt().toString()),
                        Csv.text(m.userId()),
                        Csv.text(m.username()),
                        Csv.text(m.role()),
                        Csv.text(m.clientIp()),
                        Csv.text(m.userAgent()),
                        Csv.text(m.requestId()),
                        Csv.text(m.correlationId()),
                        Csv.text(m.reason()),
                        Csv.text(event.payload() == null ? null : json.writeValueAsString(event.payload())),
                        MerkleHasher.leafHash(leaf).toHex(),
                        Csv.text(Base64.getEncoder().encodeToString(leaf)),
                        Csv.text(proof.stream().map(Hash::toBase64).collect(Collectors.joining(" ")))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            count[0]++;
        });
        out.write(Csv.row("#end", Csv.number(count[0])));
        out.flush();
        return count[0];
    }

    @FunctionalInterface
    private interface RowSink {
        void row(ExportRow row, List<Hash> proof, AuditEvent event);
    }

    /**
     * Reads the matching rows through a cursor in one read transaction, {@value #CHUNK} at a time: each chunk's proofs
     * come from one batched read of the tree, its usernames from the people's registrations (kept per person, not per
     * row), and each row is written before the next chunk is read.
     */
    private void stream(TenantId tenant, Filter filter, Prepared p, RowSink sink) {
        Map<UUID, String> usernames = new HashMap<>();
        tenants.read(tenant, () -> {
            List<ExportRow> chunk = new ArrayList<>(CHUNK);
            index.streamForExport(filter, p.upTo(), p.checkpoint().treeSize(), FETCH_SIZE, row -> {
                chunk.add(row);
                if (chunk.size() == CHUNK) {
                    write(tenant, chunk, p, usernames, sink);
                    chunk.clear();
                }
            });
            write(tenant, chunk, p, usernames, sink);
            return null;
        });
    }

    private void write(TenantId tenant, List<ExportRow> chunk, Prepared p, Map<UUID, String> usernames, RowSink sink) {
        if (chunk.isEmpty()) {
            return;
        }
        Map<Long, List<Hash>> proofs = ledger.inclusionProofs(
                tenant,
                p.checkpoint().treeSize(),
                chunk.stream().map(ExportRow::leafIndex).toList());
        Set<UUID> unknown = new HashSet<>();
        for (ExportRow row : chunk) {
            UUID who = row.indexed().userId();
            if (who != null && !usernames.containsKey(who)) {
                unknown.add(who);
            }
        }
        if (!unknown.isEmpty()) {
            Map<UUID, String> found = history.usernames(tenant, unknown);
            unknown.forEach(u -> usernames.put(u, found.get(u)));
        }
        for (ExportRow row : chunk) {
            IndexedEvent r = row.indexed();
            StoredEvent s = row.stored();
            Decoded d = decoder.decode(new StoredEventRepository.StoredEvent(
                    s.globalIndex(), s.payloadType(), s.payloadRevision(), s.payload(), s.metaData()));
            AuditEvent event = new AuditEvent(
                    r.position(),
                    r.aggregateType(),
                    r.aggregateId(),
                    r.sequence(),
                    r.type(),
                    r.outcome(),
                    r.recordedAt(),
                    r.effectiveAt(),
                    d.payloadJson(),
                    history.metadata(r, d, usernames),
                    null);
            sink.row(row, proofs.get(row.leafIndex()), event);
        }
    }

    /**
     * The decoded event as one JSON object for the export line: the offline verifier parses every line strictly
     * (integers only), so a fractional or oversized number in a payload is written as text.
     */
    private String forPeople(AuditEvent event) {
        // Only the payload can hold other numbers: the rest are positions, sequences, text and ISO times.
        integersOnly(event.payload());
        try {
            return forPeople.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The export line's event leaves out the leaf hash: the line carries it already, as the verifier checks it. */
    @JsonIgnoreProperties("leafHash")
    private abstract static class WithoutLeafHash {}

    private static void integersOnly(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode v = o.get(name);
                if (notLong(v)) {
                    o.put(name, v.asText());
                } else {
                    integersOnly(v);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (notLong(a.get(i))) {
                    a.set(i, a.textNode(a.get(i).asText()));
                } else {
                    integersOnly(a.get(i));
                }
            }
        }
    }

    private static boolean notLong(JsonNode v) {
        return v.isNumber() && !(v.isIntegralNumber() && v.canConvertToLong());
    }
}
