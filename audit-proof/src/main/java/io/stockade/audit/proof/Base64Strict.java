package io.stockade.audit.proof;

import java.util.Base64;

/** Standard base64 with padding, refusing every spelling but the canonical one. */
final class Base64Strict {
    private Base64Strict() {}

    static byte[] decode(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty base64");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64: " + e.getMessage(), e);
        }
        // Java's decoder also takes unpadded input and non-zero trailing bits; one value, one spelling.
        if (!Base64.getEncoder().encodeToString(decoded).equals(text)) {
            throw new IllegalArgumentException("not canonical base64");
        }
        return decoded;
    }

    static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
