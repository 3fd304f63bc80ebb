package io.stockade.platform.privacy;

import io.stockade.api.common.UserId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-256-GCM under the subject's own key; the subject id is bound in as associated data. */
public class PersonalDataCipher {
    private static final String PREFIX = "pd1:";
    private static final int IV_BYTES = 12;
    private final SubjectKeys keys;
    // IVs must never repeat under one key, so they stay cryptographically random; one generator per
    // thread avoids the lock of a shared SecureRandom on the hot path.
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(PersonalDataCipher::newRandom);
    // Cipher.getInstance walks the security providers on every call: an export unseals several values per event, so
    // each thread keeps one instance and re-initialises it (a fresh key and IV each time) for every value.
    private static final ThreadLocal<Cipher> AES_GCM = ThreadLocal.withInitial(PersonalDataCipher::newCipher);

    public PersonalDataCipher(SubjectKeys keys) {
        this.keys = keys;
    }

    public String encrypt(UserId subject, String clear) {
        if (clear == null) {
            return null;
        }
        byte[] key = keys.keyForWriting(subject);
        byte[] iv = new byte[IV_BYTES];
        RANDOM.get().nextBytes(iv);
        try {
            Cipher c = AES_GCM.get();
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            c.updateAAD(subject.toString().getBytes(StandardCharsets.US_ASCII));
            byte[] ct = c.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            return PREFIX
                    + Base64.getEncoder()
                            .encodeToString(ByteBuffer.allocate(iv.length + ct.length)
                                    .put(iv)
                                    .put(ct)
                                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
        }
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /** Empty when the subject's key has been destroyed. */
    public Optional<String> decrypt(UserId subject, String sealed) {
        if (sealed == null) {
            return Optional.empty();
        }
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a sealed personal value");
        }
        Optional<byte[]> key = keys.keyForReading(subject);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        try {
            Cipher c = AES_GCM.get();
            c.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(key.get(), "AES"),
                    new GCMParameterSpec(128, all, 0, IV_BYTES));
            c.updateAAD(subject.toString().getBytes(StandardCharsets.US_ASCII));
            return Optional.of(new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a personal value failed its integrity check", e);
        }
    }
}
