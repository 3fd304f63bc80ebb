package io.stockade.query.audit;

import io.stockade.platform.errors.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The opaque keyset cursor of the audit API: where the previous page ended and in which order it was read,
 * base64url-encoded. A cursor is only valid for the order it was made in, so a client cannot turn one
 * around and skip or repeat rows.
 */
final class AuditCursor {
    private static final Pattern FORM = Pattern.compile("v1:([ad]):([0-9]{1,19})");
    private static final int MAX_LENGTH = 64;

    private AuditCursor() {}

    static String encode(long position, boolean descending) {
        String plain = "v1:" + (descending ? "d" : "a") + ":" + position;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** The position a page continues after; null when there is no cursor; a 400 naming {@code field} when malformed. */
    static Long decode(String field, String raw, boolean descending) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String plain;
        try {
            if (raw.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("too long");
            }
            plain = new String(Base64.getUrlDecoder().decode(raw.strip()), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw malformed(field);
        }
        Matcher m = FORM.matcher(plain);
        if (!m.matches()) {
            throw malformed(field);
        }
        if (m.group(1).equals("d") != descending) {
            throw ProblemException.validation(
                    field, field + " was made for the other order: start again without it or keep its order");
        }
        try {
            return Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            throw malformed(field);
        }
    }

    private static ProblemException malformed(String field) {
        return ProblemException.validation(field, field + " must be the 'next' value of a previous page, unchanged");
    }
}
