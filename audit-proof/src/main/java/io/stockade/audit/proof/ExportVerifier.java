package io.stockade.audit.proof;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Checks an audit export ({@value ExportWriter#FORMAT}) with nothing but the file and the verifier key(s) of the audit
 * signing key: the checkpoint's signature and origin, and for every row its stored bytes (a well-formed leaf at the
 * position the row claims), its leaf hash and its inclusion proof against the signed root. Reads line by line in
 * constant memory. Stops at the first problem and names it (line, position).
 *
 * <p>What passing proves: every row is an event of the signed log, unchanged since it was sealed. What it does not:
 * that a filtered export holds every event the filter matches (rows left out leave no trace).
 */
public final class ExportVerifier {
    /** A line longer than this is refused before it is parsed (an event of 16 MiB encodes to about 22 MiB). */
    public static final int MAX_LINE_CHARS = 32 * 1024 * 1024;

    private ExportVerifier() {}

    /** What a verified export holds. */
    public record Result(String origin, long treeSize, Hash rootHash, String exportedAt, long events) {}

    /**
     * Verifies the export read from {@code in}.
     *
     * @throws ProofException naming the first problem, with its line and (for a row) its position
     */
    public static Result verify(BufferedReader in, Collection<NoteVerifierKey> keys)
            throws ProofException, IOException {
        String headerLine = readLine(in, 1);
        if (headerLine == null) {
            throw new ProofException("line 1: the export is empty");
        }
        Map<String, Object> header = object(headerLine, 1);
        if (!"header".equals(header.get("type")) || !ExportWriter.FORMAT.equals(header.get("format"))) {
            throw new ProofException("line 1: not a " + ExportWriter.FORMAT + " header");
        }
        String origin = text(header, "origin", 1);
        String note = text(header, "checkpoint", 1);
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.open(note.getBytes(StandardCharsets.UTF_8), keys);
        } catch (ProofException e) {
            throw new ProofException("line 1: the checkpoint does not verify with the given key: " + e.getMessage(), e);
        }
        if (!checkpoint.origin().equals(origin)) {
            throw new ProofException("line 1: the checkpoint is of " + checkpoint.origin() + ", not " + origin);
        }
        if (!Long.valueOf(checkpoint.treeSize()).equals(header.get("treeSize"))) {
            throw new ProofException("line 1: treeSize differs from the signed checkpoint's");
        }
        String exportedAt = text(header, "exportedAt", 1);
        long events = 0;
        long lastIndex = -1;
        long lastPosition = Long.MIN_VALUE;
        for (long lineNo = 2; ; lineNo++) {
            String line = readLine(in, lineNo);
            if (line == null) {
                throw new ProofException("line " + lineNo + ": the export ends without its end line (truncated)");
            }
            Map<String, Object> row = object(line, lineNo);
            Object type = row.get("type");
            if ("end".equals(type)) {
                if (!Long.valueOf(events).equals(row.get("events"))) {
                    throw new ProofException("line " + lineNo + ": the end line counts " + row.get("events")
                            + " events, the export holds " + events);
                }
                if (readLine(in, lineNo + 1) != null) {
                    throw new ProofException("line " + (lineNo + 1) + ": lines after the end line");
                }
                return new Result(origin, checkpoint.treeSize(), checkpoint.rootHash(), exportedAt, events);
            }
            if (!"event".equals(type)) {
                throw new ProofException("line " + lineNo + ": neither an event nor the end line");
            }
            long position = number(row, "position", lineNo);
            String where = "line " + lineNo + " (position " + position + "): ";
            long leafIndex = number(row, "leafIndex", lineNo);
            if (leafIndex <= lastIndex || position <= lastPosition) {
                throw new ProofException(where + "rows are not in log order");
            }
            checkRow(
                    where,
                    position,
                    leafIndex,
                    text(row, "stored", lineNo),
                    text(row, "leafHash", lineNo),
                    proof(row, where),
                    checkpoint);
            lastIndex = leafIndex;
            lastPosition = position;
            events++;
        }
    }

    /**
     * The checks of one exported row, whatever carries it (an NDJSON line, a CSV record): its stored bytes are
     * canonical base64 of a well-formed leaf of {@code position}, they hash to {@code leafHashHex} (64 lowercase hex
     * digits), and the inclusion proof leads from that hash to the checkpoint's root. {@code where} names the row.
     */
    static void checkRow(
            String where,
            long position,
            long leafIndex,
            String storedBase64,
            String leafHashHex,
            List<Hash> proof,
            Checkpoint checkpoint)
            throws ProofException {
        byte[] stored;
        try {
            stored = Base64Strict.decode(storedBase64);
        } catch (IllegalArgumentException e) {
            throw new ProofException(where + "the stored bytes are not canonical base64", e);
        }
        StoredEvent event;
        try {
            event = LeafEncoding.decode(stored);
        } catch (ProofException e) {
            throw new ProofException(where + "the stored bytes are not a leaf: " + e.getMessage(), e);
        }
        if (event.globalIndex() != position) {
            throw new ProofException(where + "the stored bytes are of position " + event.globalIndex());
        }
        Hash computed = MerkleHasher.leafHash(stored);
        Hash claimed;
        try {
            claimed = Hash.fromHex(leafHashHex);
            if (!leafHashHex.equals(claimed.toHex())) {
                throw new IllegalArgumentException("not lowercase");
            }
        } catch (IllegalArgumentException e) {
            throw new ProofException(where + "the leaf hash is not 64 lowercase hexadecimal digits", e);
        }
        if (!computed.equals(claimed)) {
            throw new ProofException(where + "the stored bytes do not hash to the row's leaf hash");
        }
        if (proof.size() > 64) {
            throw new ProofException(where + "the proof has more than 64 hashes");
        }
        try {
            ProofVerifier.verifyInclusion(leafIndex, checkpoint.treeSize(), computed, proof, checkpoint.rootHash());
        } catch (ProofException e) {
            throw new ProofException(where + "not in the signed log: " + e.getMessage(), e);
        }
    }

    private static String readLine(BufferedReader in, long lineNo) throws IOException, ProofException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                return line.toString();
            }
            if (line.length() >= MAX_LINE_CHARS) {
                throw new ProofException("line " + lineNo + ": longer than " + MAX_LINE_CHARS + " characters");
            }
            line.append((char) c);
        }
        if (line.length() > 0) {
            throw new ProofException("line " + lineNo + ": the last line does not end in a newline (truncated)");
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String line, long lineNo) throws ProofException {
        Object parsed;
        try {
            parsed = ExportJson.parse(line);
        } catch (ProofException e) {
            throw new ProofException("line " + lineNo + ": " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map)) {
            throw new ProofException("line " + lineNo + ": not a JSON object");
        }
        return (Map<String, Object>) parsed;
    }

    private static String text(Map<String, Object> row, String field, long lineNo) throws ProofException {
        if (!(row.get(field) instanceof String value)) {
            throw new ProofException("line " + lineNo + ": " + field + " is missing or not a string");
        }
        return value;
    }

    private static long number(Map<String, Object> row, String field, long lineNo) throws ProofException {
        if (!(row.get(field) instanceof Long value) || value < 0) {
            throw new ProofException("line " + lineNo + ": " + field + " is missing or not a whole number ≥ 0");
        }
        return value;
    }

    private static List<Hash> proof(Map<String, Object> row, String where) throws ProofException {
        if (!(row.get("proof") instanceof List<?> items) || items.size() > 64) {
            throw new ProofException(where + "proof is missing or not a list of at most 64 hashes");
        }
        List<Hash> proof = new ArrayList<>(items.size());
        for (Object item : items) {
            try {
                proof.add(Hash.fromBase64((String) item));
            } catch (ClassCastException | IllegalArgumentException e) {
                throw new ProofException(where + "a proof element is not base64 of 32 bytes", e);
            }
        }
        return proof;
    }
}
