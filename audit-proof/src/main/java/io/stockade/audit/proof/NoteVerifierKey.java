package io.stockade.audit.proof;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A public key that verifies signed notes, in the C2SP signed-note verifier key text form
 * {@code <name>+<key id, 8 lowercase hex digits>+<base64(0x01 || 32-byte Ed25519 public key)>}, the form
 * golang.org/x/mod/sumdb/note reads and what {@code GET /api/audit/public-key} answers and {@code --public-key} reads.
 *
 * <p>The key id is the first four bytes of {@code SHA-256(name || 0x0A || 0x01 || public key)}, big-endian.
 */
public final class NoteVerifierKey {
    /** The C2SP signed-note signature type of Ed25519. */
    static final byte ED25519 = 0x01;

    private final String name;
    private final int keyId;
    private final byte[] publicKey;

    private NoteVerifierKey(String name, int keyId, byte[] publicKey) {
        this.name = name;
        this.keyId = keyId;
        this.publicKey = publicKey;
    }

    /** The verifier key of a name and a raw 32-byte Ed25519 public key. */
    public static NoteVerifierKey of(String name, byte[] rawPublicKey) {
        if (!SignedNote.isValidKeyName(name)) {
            throw new IllegalArgumentException("a key name is non-empty, without spaces or '+'");
        }
        if (rawPublicKey == null || rawPublicKey.length != Ed25519Keys.KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
        }
        return new NoteVerifierKey(name, keyId(name, rawPublicKey), rawPublicKey.clone());
    }

    /**
     * Parses the text form, refusing anything else: a bad name, a key id that is not 8 hex digits or does not match
     * the key, base64 that is not canonical, another algorithm than Ed25519, a key that is not 32 bytes.
     */
    public static NoteVerifierKey parse(String text) {
        Objects.requireNonNull(text, "text");
        int first = text.indexOf('+');
        int second = first < 0 ? -1 : text.indexOf('+', first + 1);
        if (first < 0 || second < 0) {
            throw new IllegalArgumentException("a verifier key is <name>+<key id>+<key>");
        }
        String name = text.substring(0, first);
        String id = text.substring(first + 1, second);
        String key = text.substring(second + 1);
        if (!SignedNote.isValidKeyName(name)) {
            throw new IllegalArgumentException("a key name is non-empty, without spaces or '+'");
        }
        if (id.length() != 8 || !id.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("a key id is 8 hexadecimal digits");
        }
        byte[] decoded = Base64Strict.decode(key);
        if (decoded.length != 1 + Ed25519Keys.KEY_SIZE || decoded[0] != ED25519) {
            throw new IllegalArgumentException("not an Ed25519 verifier key");
        }
        NoteVerifierKey parsed = of(name, Arrays.copyOfRange(decoded, 1, decoded.length));
        if (parsed.keyId != Integer.parseUnsignedInt(id, 16)) {
            throw new IllegalArgumentException("the key id does not match the key");
        }
        return parsed;
    }

    /** {@code SHA-256(name || 0x0A || 0x01 || publicKey)[:4]} as a big-endian integer. */
    static int keyId(String name, byte[] rawPublicKey) {
        MessageDigest digest = MerkleHasher.newDigest();
        digest.update(name.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
        digest.update(ED25519);
        digest.update(rawPublicKey);
        return ByteBuffer.wrap(digest.digest()).getInt();
    }

    public String name() {
        return name;
    }

    public int keyId() {
        return keyId;
    }

    /** The key id as the text form writes it: 8 lowercase hexadecimal digits. */
    public String keyIdHex() {
        return String.format("%08x", keyId);
    }

    public byte[] rawPublicKey() {
        return publicKey.clone();
    }

    /** Whether {@code signature} is this key's Ed25519 signature of {@code message}. */
    public boolean verify(byte[] message, byte[] signature) {
        return Ed25519Keys.verify(publicKey, message, signature);
    }

    /** The text form. */
    @Override
    public String toString() {
        byte[] key = new byte[1 + Ed25519Keys.KEY_SIZE];
        key[0] = ED25519;
        System.arraycopy(publicKey, 0, key, 1, Ed25519Keys.KEY_SIZE);
        return name + "+" + keyIdHex() + "+" + Base64Strict.encode(key);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoteVerifierKey
                && name.equals(((NoteVerifierKey) other).name)
                && Arrays.equals(publicKey, ((NoteVerifierKey) other).publicKey);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(publicKey);
    }
}
