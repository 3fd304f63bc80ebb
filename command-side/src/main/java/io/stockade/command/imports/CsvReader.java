package io.stockade.command.imports;

import io.stockade.platform.web.Csv;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV one record at a time, so a file of any length is read in constant memory:
 * quoted cells may hold commas, doubled quotes and line breaks; records end with LF, CRLF or CR.
 * A cell is bounded in length and a record in cell count, so a hostile file cannot grow one record
 * without limit.
 */
public final class CsvReader {
    public static final int MAX_CELL = 10_000;
    public static final int MAX_CELLS = 200;
    private final Reader in;
    private int pushedBack = -2;
    private long line = 1;
    private long recordLine;
    private boolean firstRead = true;

    public CsvReader(Reader in) {
        this.in = in;
    }

    /** Raised for a malformed file; {@link #line()} says where. */
    public static final class MalformedCsvException extends IOException {
        private final long line;

        MalformedCsvException(long line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }

        public long line() {
            return line;
        }
    }

    /** The physical line on which the last record returned by {@link #next()} started. */
    public long line() {
        return recordLine;
    }

    /** The next record, or null at the end of the input. Blank lines are skipped. */
    public List<String> next() throws IOException {
        while (true) {
            int c = read();
            if (c < 0) {
                return null;
            }
            if (c == '\n' || c == '\r') {
                endOfLine(c);
                continue;
            }
            unread(c);
            return record();
        }
    }

    private List<String> record() throws IOException {
        recordLine = line;
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        while (true) {
            int c = read();
            if (c == '"' && cell.isEmpty()) {
                quoted(cell);
                c = read();
                if (c != ',' && c != '\n' && c != '\r' && c >= 0) {
                    throw new MalformedCsvException(line, "unexpected character after a closing quote");
                }
            }
            if (c == ',') {
                add(cells, cell);
                cell = new StringBuilder();
                continue;
            }
            if (c < 0 || c == '\n' || c == '\r') {
                if (c >= 0) {
                    endOfLine(c);
                }
                add(cells, cell);
                return cells;
            }
            if (c == '"') {
                throw new MalformedCsvException(line, "a quote inside an unquoted cell");
            }
            append(cell, c);
        }
    }

    private void quoted(StringBuilder cell) throws IOException {
        long started = line;
        while (true) {
            int c = read();
            if (c < 0) {
                throw new MalformedCsvException(started, "a quoted cell is never closed");
            }
            if (c == '"') {
                int n = read();
                if (n == '"') {
                    append(cell, '"');
                    continue;
                }
                unread(n);
                return;
            }
            if (c == '\r') {
                int n = read();
                if (n != '\n') {
                    unread(n);
                }
                line++;
                append(cell, '\n');
                continue;
            }
            if (c == '\n') {
                line++;
            }
            append(cell, c);
        }
    }

    private void add(List<String> cells, StringBuilder cell) throws MalformedCsvException {
        if (cells.size() >= MAX_CELLS) {
            throw new MalformedCsvException(recordLine, "more than " + MAX_CELLS + " cells in one record");
        }
        cells.add(cell.toString());
    }

    private void append(StringBuilder cell, int c) throws MalformedCsvException {
        if (cell.length() >= MAX_CELL) {
            throw new MalformedCsvException(line, "a cell longer than " + MAX_CELL + " characters");
        }
        cell.append((char) c);
    }

    private void endOfLine(int c) throws IOException {
        if (c == '\r') {
            int n = read();
            if (n != '\n') {
                unread(n);
            }
        }
        line++;
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        int c = in.read();
        if (firstRead) {
            firstRead = false;
            if (c == '\uFEFF') {
                // Spreadsheets save "CSV UTF-8" with a byte-order mark.
                c = in.read();
            }
        }
        return c;
    }

    private void unread(int c) {
        pushedBack = c;
    }

    /** As {@link Csv#unescapeFormula}: an exported file imports back as it was. */
    public static String unescapeFormula(String cell) {
        return Csv.unescapeFormula(cell);
    }
}
