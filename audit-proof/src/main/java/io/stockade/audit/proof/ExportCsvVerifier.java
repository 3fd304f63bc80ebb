package io.stockade.audit.proof;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the CSV form of an audit export ({@value #FORMAT}, the README's "Export of the audit history") as
 * {@link ExportVerifier} checks the NDJSON one: the header block's checkpoint opens with a given key and names the
 * header's origin and tree size; every event record's stored bytes, leaf hash and inclusion proof hold (the same
 * {@link ExportVerifier#checkRow} checks); records are in log order; the {@code #end} record counts them and nothing
 * follows. Cells that a spreadsheet would run were written with one leading apostrophe; it is taken off the cells
 * checked here before they are read. Reads record by record in constant memory; stops at the first problem, naming its
 * record (counted from 1, the header block included) and position.
 */
public final class ExportCsvVerifier {
    /** The layout name in the first record. */
    public static final String FORMAT = "stockade-audit-export-csv/1";

    private static final String FORMULA_STARTS = "=+-@\t\r";

    private ExportCsvVerifier() {}

    /**
     * Verifies the CSV export read from {@code in}.
     *
     * @throws ProofException naming the first problem, with its record and (for an event) its position
     */
    public static ExportVerifier.Result verify(BufferedReader in, Collection<NoteVerifierKey> keys)
            throws ProofException, IOException {
        long recordNo = 1;
        List<String> first = record(in, recordNo);
        if (first == null || first.size() != 2 || !"#format".equals(first.get(0)) || !FORMAT.equals(first.get(1))) {
            throw new ProofException("record 1: not a " + FORMAT + " header");
        }
        Map<String, String> header = new HashMap<>();
        List<String> columns;
        while (true) {
            recordNo++;
            List<String> r = record(in, recordNo);
            if (r == null) {
                throw new ProofException("record " + recordNo + ": the export ends in its header (truncated)");
            }
            if (!r.get(0).startsWith("#")) {
                columns = r;
                break;
            }
            if (r.size() != 2 || header.put(r.get(0), r.get(1)) != null) {
                throw new ProofException("record " + recordNo + ": a header record is two cells, each name once");
            }
        }
        String origin = required(header, "#origin");
        String note = required(header, "#checkpoint");
        String exportedAt = required(header, "#exportedAt");
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.open(note.getBytes(StandardCharsets.UTF_8), keys);
        } catch (ProofException e) {
            throw new ProofException("header: the checkpoint does not verify with the given key: " + e.getMessage(), e);
        }
        if (!checkpoint.origin().equals(origin)) {
            throw new ProofException("header: the checkpoint is of " + checkpoint.origin() + ", not " + origin);
        }
        if (!Long.toString(checkpoint.treeSize()).equals(required(header, "#treeSize"))) {
            throw new ProofException("header: #treeSize differs from the signed checkpoint's");
        }
        int positionAt = column(columns, "position", recordNo);
        int leafIndexAt = column(columns, "leafIndex", recordNo);
        int leafHashAt = column(columns, "leafHash", recordNo);
        int storedAt = column(columns, "stored", recordNo);
        int proofAt = column(columns, "proof", recordNo);
        long events = 0;
        long lastIndex = -1;
        long lastPosition = -1;
        while (true) {
            recordNo++;
            List<String> r = record(in, recordNo);
            if (r == null) {
                throw new ProofException(
                        "record " + recordNo + ": the export ends without its #end record (truncated)");
            }
            if ("#end".equals(r.get(0))) {
                if (r.size() != 2 || !Long.toString(events).equals(r.get(1))) {
                    throw new ProofException("record " + recordNo + ": the #end record does not count the " + events
                            + " events the export holds");
                }
                if (record(in, recordNo + 1) != null) {
                    throw new ProofException("record " + (recordNo + 1) + ": records after the #end record");
                }
                return new ExportVerifier.Result(
                        origin, checkpoint.treeSize(), checkpoint.rootHash(), exportedAt, events);
            }
            if (r.size() != columns.size()) {
                throw new ProofException(
                        "record " + recordNo + ": " + r.size() + " cells, the columns are " + columns.size());
            }
            long position = number(r.get(positionAt), "position", recordNo);
            String where = "record " + recordNo + " (position " + position + "): ";
            long leafIndex = number(r.get(leafIndexAt), "leafIndex", recordNo);
            if (leafIndex <= lastIndex || position <= lastPosition) {
                throw new ProofException(where + "rows are not in log order");
            }
            ExportVerifier.checkRow(
                    where,
                    position,
                    leafIndex,
                    undefused(r.get(storedAt)),
                    undefused(r.get(leafHashAt)),
                    proof(undefused(r.get(proofAt)), where),
                    checkpoint);
            lastIndex = leafIndex;
            lastPosition = position;
            events++;
        }
    }

    /** Whether {@code firstLine} opens a CSV export (rather than an NDJSON one). */
    public static boolean isCsv(String firstLine) {
        return firstLine != null && firstLine.startsWith("#format,");
    }

    private static String required(Map<String, String> header, String name) throws ProofException {
        String value = header.get(name);
        if (value == null) {
            throw new ProofException("header: no " + name + " record");
        }
        return value;
    }

    private static int column(List<String> columns, String name, long recordNo) throws ProofException {
        int at = columns.indexOf(name);
        if (at < 0 || columns.lastIndexOf(name) != at) {
            throw new ProofException("record " + recordNo + ": the column row names " + name + " not exactly once");
        }
        return at;
    }

    private static long number(String cell, String name, long recordNo) throws ProofException {
        if (cell.isEmpty() || cell.length() > 19 || !cell.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ProofException("record " + recordNo + ": " + name + " is not a whole number ≥ 0");
        }
        return Long.parseLong(cell);
    }

    /** A cell as it was before formula defusing: one apostrophe before a formula character is taken off. */
    static String undefused(String cell) {
        return cell.length() > 1 && cell.charAt(0) == '\'' && FORMULA_STARTS.indexOf(cell.charAt(1)) >= 0
                ? cell.substring(1)
                : cell;
    }

    private static List<Hash> proof(String cell, String where) throws ProofException {
        List<Hash> proof = new ArrayList<>();
        if (cell.isEmpty()) {
            return proof;
        }
        for (String h : cell.split(" ", -1)) {
            try {
                proof.add(Hash.fromBase64(h));
            } catch (IllegalArgumentException e) {
                throw new ProofException(where + "a proof element is not base64 of 32 bytes", e);
            }
        }
        return proof;
    }

    /**
     * One RFC 4180 record: cells separated by commas, quoted cells may hold commas, quotes (doubled) and line breaks;
     * the record ends at CRLF (or LF) outside quotes. Null at the end of the input.
     */
    private static List<String> record(BufferedReader in, long recordNo) throws IOException, ProofException {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        long size = 0;
        int c = in.read();
        if (c == -1) {
            return null;
        }
        while (true) {
            if (++size > ExportVerifier.MAX_LINE_CHARS) {
                throw new ProofException(
                        "record " + recordNo + ": longer than " + ExportVerifier.MAX_LINE_CHARS + " characters");
            }
            if (c == -1) {
                throw new ProofException(
                        "record " + recordNo + ": the last record does not end in a line break" + " (truncated)");
            }
            if (quoted) {
                if (c == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        cell.append('"');
                    } else {
                        quoted = false;
                        if (next != -1) {
                            in.reset();
                        }
                    }
                } else {
                    cell.append((char) c);
                }
            } else if (c == '"' && cell.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                wasQuoted = false;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && in.read() != '\n') {
                    throw new ProofException(
                            "record " + recordNo + ": a carriage return outside quotes without a" + " line feed");
                }
                cells.add(cell.toString());
                return cells;
            } else if (c == '"' || wasQuoted) {
                throw new ProofException(
                        "record " + recordNo + ": a quote inside an unquoted cell, or text after a" + " quoted one");
            } else {
                cell.append((char) c);
            }
            c = in.read();
        }
    }
}
