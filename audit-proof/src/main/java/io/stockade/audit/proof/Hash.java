package io.stockade.audit.proof;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A SHA-256 value of the Merkle tree (a leaf hash, a node hash or a root), exactly {@value #SIZE} bytes.
 *
 * <p>Immutable: the bytes are copied in and out. Every hash that crosses this library's API is one of these, so a
 * value of another length (a truncated proof element, a root that is not a root) is refused where it is parsed, not
 * deep inside a verification.
 */
public final class Hash {
    /** The length of a SHA-256 value in bytes. */
    public static final int SIZE = 32;

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A hash holding a copy of {@code bytes}, which must be exactly 32 bytes long. */
    public static Hash of(byte[] bytes) {
        if (bytes == null || bytes.length != SIZE) {
            throw new IllegalArgumentException(
                    "a hash is " + SIZE + " bytes, not " + (bytes == null ? "null" : bytes.length));
        }
        return new Hash(bytes.clone());
    }

    /** Wraps a digest's output without a copy: only for arrays nobody else holds. */
    static Hash wrap(byte[] digest) {
        if (digest.length != SIZE) {
            throw new IllegalStateException("a SHA-256 digest of " + digest.length + " bytes");
        }
        return new Hash(digest);
    }

    /** Parses 64 hexadecimal digits (either case). */
    public static Hash fromHex(String hex) {
        if (hex == null || hex.length() != 2 * SIZE) {
            throw new IllegalArgumentException("a hash is " + 2 * SIZE + " hexadecimal digits");
        }
        return new Hash(HEX.parseHex(hex));
    }

    /**
     * Parses the standard base64 encoding (RFC 4648 §4, with padding) of 32 bytes. Only the canonical spelling is
     * accepted, so one hash has one text form (what a signed checkpoint carries).
     */
    public static Hash fromBase64(String base64) {
        return of(Base64Strict.decode(base64));
    }

    /** A copy of the 32 bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The array itself, for hashing inside this package; never handed out. */
    byte[] bytes() {
        return bytes;
    }

    public String toHex() {
        return HEX.formatHex(bytes);
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object other) {
        // Constant time: a hash compared against an expected root should not leak where they differ.
        return other instanceof Hash && MessageDigest.isEqual(bytes, ((Hash) other).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
