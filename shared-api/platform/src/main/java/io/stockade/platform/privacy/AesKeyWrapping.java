package io.stockade.platform.privacy;

import io.stockade.platform.config.StartupRefusal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Persons' keys wrapped by a 256-bit key given to the services ({@code STOCKADE_PERSONAL_DATA_WRAPPING_KEY}, base64;
 * for deployments without AWS KMS): AES-256-GCM, a random 96-bit IV per key, the subject id as associated data.
 * Stored as IV followed by ciphertext and tag; named {@code aes-gcm:} and the first 8 hex digits of the wrapping
 * key's SHA-256, so a service given another key says so instead of reading every person as erased.
 */
public final class AesKeyWrapping implements KeyWrapping {
    public static final String SETTING = "STOCKADE_PERSONAL_DATA_WRAPPING_KEY";
    private static final String PREFIX = "aes-gcm:";
    private static final int IV_BYTES = 12;

    private final SecretKeySpec key;
    private final String name;
    private final SecureRandom random = new SecureRandom();

    private AesKeyWrapping(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
        this.name = PREFIX + fingerprint(key);
    }

    /** From the setting's value; a value that is not 32 bytes in base64 stops the start, naming the setting, never the value. */
    public static AesKeyWrapping fromSetting(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw refusal("the value is not base64");
        }
        if (key.length != 32) {
            throw refusal("the value decodes to " + key.length + " bytes, not 32");
        }
        try {
            return new AesKeyWrapping(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static StartupRefusal refusal(String why) {
        return new StartupRefusal(
                List.of(SETTING),
                "must be a 256-bit key in base64: " + why,
                "Generate one with `openssl rand -base64 32`, keep it in your secret store, and give every service the"
                        + " same value; once keys are wrapped with it, it must not be lost.");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] wrap(UUID subject, byte[] plain) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            c.updateAAD(aad(subject));
            byte[] ct = c.doFinal(plain);
            return ByteBuffer.allocate(IV_BYTES + ct.length).put(iv).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("wrapping a personal-data key failed", e);
        }
    }

    @Override
    public byte[] unwrap(UUID subject, byte[] stored) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, stored, 0, IV_BYTES));
            c.updateAAD(aad(subject));
            return c.doFinal(stored, IV_BYTES, stored.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new UnopenableKeyException("the personal-data key of subject " + subject + " does not open with "
                    + SETTING + " (altered, or stored for another person)");
        }
    }

    private static byte[] aad(UUID subject) {
        return ("stockade-subject-key:" + subject).getBytes(StandardCharsets.US_ASCII);
    }

    private static String fingerprint(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
