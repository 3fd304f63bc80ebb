package io.stockade.command.inventory;

import io.stockade.platform.errors.ProblemException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code If-Match} header as the item's version; absent or {@code *} means "whatever it is now". */
final class IfMatch {
    /**
     * One entity tag naming a version, as {@link #etag} writes it ({@code "7"}), also weak or bare digits as
     * lenient clients send it. Nothing else: removing quotes and parsing what is left read {@code "1"2"} as
     * version 12 and {@code "-3"} as a version at all.
     */
    private static final Pattern VERSION = Pattern.compile("(?:W/)?\"([0-9]{1,18})\"|([0-9]{1,18})");

    private IfMatch() {}

    static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        Matcher m = VERSION.matcher(ifMatch.strip());
        if (!m.matches()) {
            throw ProblemException.preconditionFailed("If-Match does not name a version of this item");
        }
        return Long.valueOf(m.group(1) != null ? m.group(1) : m.group(2));
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }
}
