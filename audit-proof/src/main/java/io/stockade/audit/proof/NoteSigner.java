package io.stockade.audit.proof;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * An Ed25519 key that signs notes under a name. Its secret text form is golang.org/x/mod/sumdb/note's signer key,
 * {@code PRIVATE+KEY+<name>+<key id>+<base64(0x01 || 32-byte seed)>}, which is what
 * {@code STOCKADE_AUDIT_SIGNING_KEY} holds. {@link #toString()} never shows the secret.
 */
public final class NoteSigner {
    private static final String PREFIX = "PRIVATE+KEY+";

    private final NoteVerifierKey verifierKey;
    private final PrivateKey privateKey;

    private NoteSigner(NoteVerifierKey verifierKey, PrivateKey privateKey) {
        this.verifierKey = verifierKey;
        this.privateKey = privateKey;
    }

    /** A new random key under {@code name}. */
    public static NoteSigner generate(String name, SecureRandom random) {
        return fromSeed(name, Ed25519Keys.generateSeed(random));
    }

    /** The key whose RFC 8032 private key (seed) is {@code seed}. */
    public static NoteSigner fromSeed(String name, byte[] seed) {
        byte[] publicKey = Ed25519Keys.publicKeyFromSeed(seed);
        return new NoteSigner(NoteVerifierKey.of(name, publicKey), Ed25519Keys.privateKey(seed));
    }

    /** Parses the secret text form; the key id in it must match the key. */
    public static NoteSigner parse(String secretText) {
        Objects.requireNonNull(secretText, "secretText");
        if (!secretText.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a signer key starts with " + PREFIX);
        }
        String rest = secretText.substring(PREFIX.length());
        int first = rest.indexOf('+');
        int second = first < 0 ? -1 : rest.indexOf('+', first + 1);
        if (first < 0 || second < 0) {
            throw new IllegalArgumentException("a signer key is PRIVATE+KEY+<name>+<key id>+<key>");
        }
        String name = rest.substring(0, first);
        String id = rest.substring(first + 1, second);
        byte[] decoded;
        try {
            decoded = Base64Strict.decode(rest.substring(second + 1));
        } catch (IllegalArgumentException e) {
            // Base64Strict's message never holds the input, but say nothing more about a secret.
            throw new IllegalArgumentException("the signer key is not canonical base64");
        }
        if (decoded.length != 1 + Ed25519Keys.KEY_SIZE || decoded[0] != NoteVerifierKey.ED25519) {
            throw new IllegalArgumentException("not an Ed25519 signer key");
        }
        byte[] seed = Arrays.copyOfRange(decoded, 1, decoded.length);
        Arrays.fill(decoded, (byte) 0);
        NoteSigner signer = fromSeed(name, seed);
        Arrays.fill(seed, (byte) 0);
        if (!id.equalsIgnoreCase(signer.verifierKey.keyIdHex())) {
            throw new IllegalArgumentException("the key id of the signer key does not match the key");
        }
        return signer;
    }

    /** The secret text form: handle it as the secret it is. */
    public String toSecretText() {
        byte[] seed = Ed25519Keys.rawPrivateKey(privateKey);
        byte[] key = new byte[1 + Ed25519Keys.KEY_SIZE];
        key[0] = NoteVerifierKey.ED25519;
        System.arraycopy(seed, 0, key, 1, Ed25519Keys.KEY_SIZE);
        Arrays.fill(seed, (byte) 0);
        String text = PREFIX + verifierKey.name() + "+" + verifierKey.keyIdHex() + "+" + Base64Strict.encode(key);
        Arrays.fill(key, (byte) 0);
        return text;
    }

    /** The public half, to publish. */
    public NoteVerifierKey verifierKey() {
        return verifierKey;
    }

    public String name() {
        return verifierKey.name();
    }

    /** The Ed25519 signature of the note text. */
    byte[] sign(String text) {
        return Ed25519Keys.sign(privateKey, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "NoteSigner[" + verifierKey.name() + "+" + verifierKey.keyIdHex() + "]";
    }
}
