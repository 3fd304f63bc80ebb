package io.stockade.command.inventory;

import io.stockade.platform.errors.ProblemException;

/** The {@code If-Match} header as the item's version; absent or {@code *} means "whatever it is now". */
final class IfMatch {
    private IfMatch() {}

    static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String v = ifMatch.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ProblemException.preconditionFailed("If-Match does not name a version of this item");
        }
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }
}
