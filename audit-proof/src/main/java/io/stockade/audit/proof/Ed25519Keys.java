package io.stockade.audit.proof;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Between the JDK's Ed25519 keys (X.509 SubjectPublicKeyInfo and PKCS#8 encodings, {@code java.security} objects) and
 * the raw 32-byte keys of RFC 8032 that signed notes carry: the public key A and the private key's 32-byte seed.
 */
public final class Ed25519Keys {
    /** Raw public and private key length, and the signature length is twice this. */
    public static final int KEY_SIZE = 32;

    public static final int SIGNATURE_SIZE = 64;

    /** SubjectPublicKeyInfo for id-Ed25519 (RFC 8410 §4): SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING }. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private static final String ALGORITHM = "Ed25519";

    private Ed25519Keys() {}

    /** The raw 32-byte public key of a JDK Ed25519 public key. */
    public static byte[] rawPublicKey(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (!ALGORITHM.equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())
                || encoded == null
                || encoded.length != X509_PREFIX.length + KEY_SIZE
                || !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
    }

    /** The JDK public key for a raw 32-byte Ed25519 public key. */
    public static PublicKey publicKey(byte[] raw) {
        checkLength(raw, "public key");
        byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + KEY_SIZE);
        System.arraycopy(raw, 0, encoded, X509_PREFIX.length, KEY_SIZE);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    /** The 32-byte seed (RFC 8032's private key) of a JDK Ed25519 private key. */
    public static byte[] rawPrivateKey(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey)
                || !NamedParameterSpec.ED25519
                        .getName()
                        .equalsIgnoreCase(((NamedParameterSpec) ((EdECPrivateKey) key).getParams()).getName())) {
            throw new IllegalArgumentException("not an Ed25519 private key");
        }
        return ((EdECPrivateKey) key)
                .getBytes()
                .orElseThrow(() -> new IllegalArgumentException("the private key's bytes are not available"));
    }

    /** The JDK private key for a 32-byte seed. */
    public static PrivateKey privateKey(byte[] seed) {
        checkLength(seed, "private key");
        try {
            return KeyFactory.getInstance(ALGORITHM)
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed.clone()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key", e);
        }
    }

    /**
     * The raw public key that belongs to a seed. Java 17 has no call for it, but its key pair generator makes the
     * private key from exactly 32 random bytes: fed the seed, it derives the public key. Whether it did is checked
     * (same private key out, and a signature that verifies), so a JDK that generated keys differently would fail
     * loudly here instead of publishing a wrong public key.
     */
    public static byte[] publicKeyFromSeed(byte[] seed) {
        checkLength(seed, "private key");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
            KeyPair pair = generator.generateKeyPair();
            if (!Arrays.equals(rawPrivateKey(pair.getPrivate()), seed)) {
                throw new IllegalStateException("this JDK does not derive Ed25519 keys from 32 random bytes");
            }
            byte[] raw = rawPublicKey(pair.getPublic());
            byte[] probe = "stockade key check".getBytes(StandardCharsets.US_ASCII);
            if (!verify(raw, probe, sign(privateKey(seed), probe))) {
                throw new IllegalStateException("the derived Ed25519 public key does not verify its own signature");
            }
            return raw;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    /** A fresh random seed. */
    public static byte[] generateSeed(SecureRandom random) {
        byte[] seed = new byte[KEY_SIZE];
        random.nextBytes(seed);
        return seed;
    }

    /** Signs {@code message} (RFC 8032 Ed25519, deterministic). */
    public static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Whether {@code signature} is a valid Ed25519 signature of {@code message} by the raw public key. */
    public static boolean verify(byte[] rawPublicKey, byte[] message, byte[] signature) {
        if (signature == null || signature.length != SIGNATURE_SIZE) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(publicKey(rawPublicKey));
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // A key that is not a curve point, or a signature the JDK cannot parse, verifies nothing.
            return false;
        }
    }

    private static void checkLength(byte[] key, String what) {
        if (key == null || key.length != KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 " + what + " is " + KEY_SIZE + " bytes");
        }
    }

    /** A "random" source that hands out the seed: only for {@link #publicKeyFromSeed}. */
    private static final class FixedBytes extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;
        private boolean used;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (used || out.length != bytes.length) {
                throw new IllegalStateException("the key pair generator asked for other random bytes than a seed");
            }
            used = true;
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }
}
