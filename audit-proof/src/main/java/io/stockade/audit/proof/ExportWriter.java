package io.stockade.audit.proof;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes an audit export in the format {@value #FORMAT} (NDJSON, {@code audit-proof/FORMAT.md} §6): a header line with
 * the origin, the filter, the export time and the signed checkpoint every row is proven against; one line per event
 * with its position, its leaf index, its stored bytes (the leaf, base64), its leaf hash and its inclusion proof; and an
 * end line with the number of events. Streams: nothing is kept between rows.
 */
public final class ExportWriter {
    /** The format name of the header line. */
    public static final String FORMAT = "stockade-audit-export/1";

    private final Writer out;
    private final Checkpoint checkpoint;
    private long events;
    private long lastIndex = -1;
    private boolean finished;

    /**
     * Starts an export: writes its header.
     *
     * @param origin the log's origin, which the checkpoint must name
     * @param filter what was asked for, as text (recorded, not interpreted)
     * @param signedCheckpoint the signed note every row's inclusion proof leads to
     */
    public ExportWriter(
            Writer out, String origin, Map<String, String> filter, Instant exportedAt, String signedCheckpoint)
            throws IOException {
        this.out = Objects.requireNonNull(out, "out");
        try {
            this.checkpoint = Checkpoint.parse(SignedNote.bodyOf(signedCheckpoint));
        } catch (ProofException e) {
            throw new IllegalArgumentException("not a signed checkpoint: " + e.getMessage(), e);
        }
        if (!checkpoint.origin().equals(origin)) {
            throw new IllegalArgumentException("the checkpoint is of " + checkpoint.origin() + ", not " + origin);
        }
        StringBuilder line = new StringBuilder(512)
                .append("{\"type\":\"header\",\"format\":")
                .append(ExportJson.quote(FORMAT))
                .append(",\"origin\":")
                .append(ExportJson.quote(origin))
                .append(",\"exportedAt\":")
                .append(ExportJson.quote(exportedAt.toString()))
                .append(",\"filter\":{");
        boolean first = true;
        for (Map.Entry<String, String> f : filter.entrySet()) {
            if (!first) {
                line.append(',');
            }
            first = false;
            line.append(ExportJson.quote(f.getKey())).append(':').append(ExportJson.quote(f.getValue()));
        }
        line.append("},\"treeSize\":")
                .append(checkpoint.treeSize())
                .append(",\"checkpoint\":")
                .append(ExportJson.quote(signedCheckpoint))
                .append("}\n");
        out.write(line.toString());
    }

    /** The checkpoint the rows are proven against. */
    public Checkpoint checkpoint() {
        return checkpoint;
    }

    /**
     * Writes one event: leaf {@code leafIndex} of the log, its inclusion proof in the checkpoint's tree, and
     * optionally the decoded event for people ({@code decodedJson}, a JSON object, or null; not verified).
     */
    public void event(long leafIndex, StoredEvent event, List<Hash> proof, String decodedJson) throws IOException {
        if (finished) {
            throw new IllegalStateException("the export is finished");
        }
        if (leafIndex <= lastIndex || leafIndex >= checkpoint.treeSize()) {
            throw new IllegalArgumentException("leaf " + leafIndex + " is out of order or not in the checkpoint");
        }
        byte[] leaf = LeafEncoding.encode(event);
        StringBuilder line = new StringBuilder(leaf.length * 4 / 3 + 64 * (proof.size() + 2))
                .append("{\"type\":\"event\",\"position\":")
                .append(event.globalIndex())
                .append(",\"leafIndex\":")
                .append(leafIndex)
                .append(",\"stored\":\"")
                .append(Base64.getEncoder().encodeToString(leaf))
                .append("\",\"leafHash\":\"")
                .append(MerkleHasher.leafHash(leaf).toHex())
                .append("\",\"proof\":[");
        for (int i = 0; i < proof.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append('"').append(proof.get(i).toBase64()).append('"');
        }
        line.append(']');
        if (decodedJson != null) {
            line.append(",\"event\":").append(decodedJson);
        }
        line.append("}\n");
        out.write(line.toString());
        lastIndex = leafIndex;
        events++;
    }

    /** Writes the end line (the number of events) and flushes; answers the number of events written. */
    public long finish() throws IOException {
        if (!finished) {
            out.write("{\"type\":\"end\",\"events\":" + events + "}\n");
            out.flush();
            finished = true;
        }
        return events;
    }
}
