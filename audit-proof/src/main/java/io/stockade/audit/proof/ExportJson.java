package io.stockade.audit.proof;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The strict JSON of one export line (RFC 8259): objects, arrays, strings with every escape, integers that fit a
 * long, booleans and null. Fractions and exponents are refused (no export field has them), as are duplicate keys and
 * anything after the value. JDK only, like the rest of this module.
 */
final class ExportJson {
    private static final int MAX_DEPTH = 32;

    private final String text;
    private int at;

    private ExportJson(String text) {
        this.text = text;
    }

    static Object parse(String text) throws ProofException {
        ExportJson parser = new ExportJson(text);
        try {
            Object value = parser.value(0);
            parser.skipSpace();
            if (parser.at != text.length()) {
                throw parser.error("characters after the JSON value");
            }
            return value;
        } catch (StringIndexOutOfBoundsException e) {
            throw new ProofException("malformed JSON: the line ends inside a value", e);
        }
    }

    /** The JSON string literal of {@code value}, quotes included. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private Object value(int depth) throws ProofException {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        skipSpace();
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object(int depth) throws ProofException {
        Map<String, Object> result = new LinkedHashMap<>();
        at++;
        skipSpace();
        if (text.charAt(at) == '}') {
            at++;
            return result;
        }
        while (true) {
            skipSpace();
            if (text.charAt(at) != '"') {
                throw error("expected a key");
            }
            String key = string();
            skipSpace();
            expect(':');
            if (result.containsKey(key)) {
                throw error("duplicate key " + key);
            }
            result.put(key, value(depth + 1));
            skipSpace();
            if (text.charAt(at) == ',') {
                at++;
            } else {
                expect('}');
                return result;
            }
        }
    }

    private List<Object> array(int depth) throws ProofException {
        List<Object> result = new ArrayList<>();
        at++;
        skipSpace();
        if (text.charAt(at) == ']') {
            at++;
            return result;
        }
        while (true) {
            result.add(value(depth + 1));
            skipSpace();
            if (text.charAt(at) == ',') {
                at++;
            } else {
                expect(']');
                return result;
            }
        }
    }

    private String string() throws ProofException {
        expect('"');
        StringBuilder result = new StringBuilder();
        while (true) {
            char c = text.charAt(at++);
            if (c == '"') {
                return result.toString();
            }
            if (c < 0x20) {
                throw error("a control character inside a string");
            }
            if (c != '\\') {
                result.append(c);
                continue;
            }
            char escaped = text.charAt(at++);
            switch (escaped) {
                case '"', '\\', '/' -> result.append(escaped);
                case 'b' -> result.append('\b');
                case 'f' -> result.append('\f');
                case 'n' -> result.append('\n');
                case 'r' -> result.append('\r');
                case 't' -> result.append('\t');
                case 'u' -> {
                    String hex = text.substring(at, at + 4);
                    if (!hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                        throw error("a malformed \\u escape");
                    }
                    result.append((char) Integer.parseInt(hex, 16));
                    at += 4;
                }
                default -> throw error("an unknown escape \\" + escaped);
            }
        }
    }

    private Long number() throws ProofException {
        int start = at;
        if (text.charAt(at) == '-') {
            at++;
        }
        int digits = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        if (digits == at) {
            throw error("unexpected character");
        }
        if (text.charAt(digits) == '0' && at - digits > 1) {
            throw error("a number with a leading zero");
        }
        if (at < text.length() && (text.charAt(at) == '.' || text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            throw error("a number that is not an integer");
        }
        try {
            return Long.parseLong(text.substring(start, at));
        } catch (NumberFormatException e) {
            throw error("a number too large");
        }
    }

    private Object literal(String word, Object value) throws ProofException {
        if (!text.startsWith(word, at)) {
            throw error("expected " + word);
        }
        at += word.length();
        return value;
    }

    private void expect(char c) throws ProofException {
        if (text.charAt(at) != c) {
            throw error("expected " + c);
        }
        at++;
    }

    private void skipSpace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            at++;
        }
    }

    private ProofException error(String message) {
        return new ProofException("malformed JSON: " + message + " at character " + at);
    }
}
