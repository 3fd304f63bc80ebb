package io.stockade.platform.web;

/**
 * CSV cells for files people open in spreadsheets: text that a spreadsheet would run as a formula
 * (starting with = + - @, tab or CR) is prefixed with an apostrophe; cells are quoted when needed.
 */
public final class Csv {
    private Csv() {}

    public static String text(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
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

    public static String number(long value) {
        return Long.toString(value);
    }

    public static String row(String... cells) {
        return String.join(",", cells) + "\r\n";
    }
}
