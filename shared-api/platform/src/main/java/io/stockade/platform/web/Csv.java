package io.stockade.platform.web;

/**
 * CSV cells for files people open in spreadsheets: text that a spreadsheet would run as a formula
 * (starting with = + - @, tab or CR) is prefixed with an apostrophe; cells are quoted when needed.
 * Text that already looks escaped (apostrophes before a formula character) gets one more, so that
 * {@link #unescapeFormula} gives every value back exactly: a catalogue exported and imported again is the
 * same catalogue.
 */
public final class Csv {
    static final String FORMULA_PREFIXES = "=+-@\t\r";

    private Csv() {}

    public static String text(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (looksLikeFormula(v)) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0
                || v.indexOf('"') >= 0
                || v.indexOf('\n') >= 0
                || v.indexOf('\r') >= 0
                || v.startsWith("'")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    /**
     * Undoes the apostrophe that {@link #text} puts before formula-like text; other cells are returned as
     * they are.
     */
    public static String unescapeFormula(String cell) {
        return cell.startsWith("'") && looksLikeFormula(cell) ? cell.substring(1) : cell;
    }

    /** Any number of apostrophes, then a character a spreadsheet starts a formula with. */
    private static boolean looksLikeFormula(String v) {
        int i = 0;
        while (i < v.length() && v.charAt(i) == '\'') {
            i++;
        }
        return i < v.length() && FORMULA_PREFIXES.indexOf(v.charAt(i)) >= 0;
    }

    public static String number(long value) {
        return Long.toString(value);
    }

    public static String row(String... cells) {
        return String.join(",", cells) + "\r\n";
    }
}
