package io.stockade.command.identity;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import dev.samstevens.totp.qr.QrData;
import dev.samstevens.totp.secret.DefaultSecretGenerator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.commons.codec.binary.Base32;

/**
 * TOTP as authenticator apps use it (HMAC-SHA1, 6 digits, 30 s steps, a 160-bit Base32 secret),
 * computed by dev.samstevens.totp. What the library does not give is kept here: the step a code
 * matched, so that {@link Mfa} can accept each code once.
 */
public final class Totp {
    static final int DIGITS = 6;
    static final int PERIOD_SECONDS = 30;
    private static final DefaultCodeGenerator CODES = new DefaultCodeGenerator(HashingAlgorithm.SHA1, DIGITS);
    // 32 Base32 characters are 160 bits, the HMAC-SHA1 key size RFC 4226 recommends.
    private static final DefaultSecretGenerator SECRETS = new DefaultSecretGenerator(32);
    private static final Base32 BASE32 = new Base32();

    private Totp() {}

    static String newSecret() {
        return SECRETS.generate();
    }

    public static long step(long epochSeconds) {
        return Math.floorDiv(epochSeconds, PERIOD_SECONDS);
    }

    /** The code for one time step. */
    public static String code(String base32Secret, long step) {
        try {
            return CODES.generate(base32Secret, step);
        } catch (CodeGenerationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The step a code belongs to, looking one step back and one ahead for clock drift, or -1. The
     * library's verifier answers only yes or no; the step is what makes a code single-use. Codes are
     * compared in constant time.
     */
    static long matchingStep(String base32Secret, String code, long now) {
        if (code == null || !code.matches("\\d{6}")) {
            return -1;
        }
        long found = -1;
        for (long s = now - 1; s <= now + 1; s++) {
            if (MessageDigest.isEqual(
                    code(base32Secret, s).getBytes(StandardCharsets.US_ASCII),
                    code.getBytes(StandardCharsets.US_ASCII))) {
                found = s;
            }
        }
        return found;
    }

    /** The otpauth URI that authenticator apps read from the enrolment QR code. */
    static String uri(String issuer, String account, String secret) {
        return new QrData.Builder()
                .label(issuer + ":" + account)
                .secret(secret)
                .issuer(issuer)
                .algorithm(HashingAlgorithm.SHA1)
                .digits(DIGITS)
                .period(PERIOD_SECONDS)
                .build()
                .getUri();
    }

    /** RFC 4648 Base32 without padding, as otpauth secrets are written. */
    static String base32(byte[] data) {
        return BASE32.encodeAsString(data).replace("=", "");
    }

    static byte[] decode(String base32) {
        return BASE32.decode(base32);
    }
}
