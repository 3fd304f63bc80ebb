package io.stockade.command.identity;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.stockade.api.common.Role;
import io.stockade.api.common.UserId;
import io.stockade.command.jooq.tables.records.MfaChallengeRecord;
import io.stockade.command.jooq.tables.records.MfaFactorRecord;
import io.stockade.command.jooq.tables.records.UserAccountRecord;
import io.stockade.platform.config.SecretFiles;
import io.stockade.platform.privacy.PersonalDataCipher;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * TOTP second factor: enrolment (secret, otpauth URI, QR code), confirmation with a first code
 * (which also hands out ten recovery codes, once), sign-in challenges and the organisation's policy
 * of which roles must use it. A code is accepted once: its time step is remembered.
 */
@Component
class Mfa {
    static final int RECOVERY_CODES = 10;
    static final Duration CHALLENGE_TTL = Duration.ofMinutes(5);
    static final int CHALLENGE_ATTEMPTS = 5;
    private static final String ISSUER = "Stockade";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final MfaRepository repository;
    private final PersonalDataCipher cipher;
    private final TransactionTemplate tx;
    private final Clock clock;

    Mfa(MfaRepository repository, PersonalDataCipher cipher, TransactionTemplate tx, Clock clock) {
        this.repository = repository;
        this.cipher = cipher;
        this.tx = tx;
        this.clock = clock;
    }

    record Enrolment(String secret, String otpauthUri, String qrCode) {
        @Override
        public String toString() {
            return "Enrolment[***]";
        }
    }

    boolean enrolled(UUID userId) {
        return repository.confirmed(userId);
    }

    Optional<Enrolment> startEnrolment(UserAccountRecord a) {
        String secret = Totp.newSecret();
        if (!repository.startEnrolment(
                a.getUserId(), cipher.encrypt(new UserId(a.getUserId()), secret), clock.instant())) {
            return Optional.empty();
        }
        String uri = Totp.uri(ISSUER, a.getUsername(), secret);
        return Optional.of(new Enrolment(
                secret, uri, "data:image/png;base64," + Base64.getEncoder().encodeToString(qr(uri))));
    }

    /** Confirms a pending enrolment with a first code; returns the recovery codes, or empty on a wrong code. */
    Optional<List<String>> confirm(UUID userId, String code) {
        return tx.execute(s -> {
            Optional<MfaFactorRecord> factor = repository.factor(userId).filter(f -> f.getConfirmedAt() == null);
            if (factor.isEmpty() || !checkCode(factor.get(), code)) {
                return Optional.empty();
            }
            repository.confirm(userId, clock.instant());
            List<String> codes = new ArrayList<>();
            for (int i = 0; i < RECOVERY_CODES; i++) {
                byte[] bits = new byte[10];
                RANDOM.nextBytes(bits);
                String raw = Totp.base32(bits).toLowerCase(Locale.ROOT);
                codes.add(raw.substring(0, 5) + "-" + raw.substring(5, 10) + "-" + raw.substring(10, 15));
            }
            repository.replaceRecoveryCodes(
                    userId, codes.stream().map(Mfa::recoveryHash).toList());
            return Optional.of(codes);
        });
    }

    /** A current code of a confirmed factor (used once), or an unused recovery code. */
    boolean verify(UUID userId, String code, String recoveryCode) {
        Boolean ok = tx.execute(s -> {
            Optional<MfaFactorRecord> factor = repository.factor(userId).filter(f -> f.getConfirmedAt() != null);
            if (factor.isEmpty()) {
                return false;
            }
            if (recoveryCode != null && !recoveryCode.isBlank()) {
                return repository.useRecoveryCode(userId, recoveryHash(recoveryCode), clock.instant());
            }
            return checkCode(factor.get(), code);
        });
        return Boolean.TRUE.equals(ok);
    }

    void remove(UUID userId) {
        tx.executeWithoutResult(s -> repository.remove(userId));
    }

    int recoveryCodesLeft(UUID userId) {
        return repository.unusedRecoveryCodes(userId);
    }

    private boolean checkCode(MfaFactorRecord factor, String code) {
        Optional<String> secret = cipher.decrypt(new UserId(factor.getUserId()), factor.getSecretSealed());
        if (secret.isEmpty()) {
            return false;
        }
        long step =
                Totp.matchingStep(secret.get(), code, Totp.step(clock.instant().getEpochSecond()));
        return step >= 0 && repository.useStep(factor.getUserId(), step);
    }

    // --- sign-in challenges ---

    record Challenge(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Challenge[***]";
        }
    }

    Challenge challenge(UUID userId) {
        String token = SecretFiles.randomToken(32);
        Instant now = clock.instant();
        Instant expires = now.plus(CHALLENGE_TTL);
        repository.insertChallenge(Sessions.hash(token), userId, now, expires);
        return new Challenge(token, expires);
    }

    /**
     * Settles one attempt on a challenge: the user id when the code is right (the challenge is then
     * used up), empty when the challenge is unknown, expired, used or out of attempts, or the code is
     * wrong (which spends an attempt).
     */
    sealed interface Attempt permits Passed, WrongCode, DeadChallenge {}

    record Passed(UUID userId, String method) implements Attempt {}

    record WrongCode(UUID userId) implements Attempt {}

    record DeadChallenge() implements Attempt {}

    Attempt attempt(String challenge, String code, String recoveryCode) {
        Instant now = clock.instant();
        String hash = Sessions.hash(challenge);
        return tx.execute(s -> {
            Optional<MfaChallengeRecord> c = repository.lockChallenge(hash);
            if (c.isEmpty()
                    || c.get().getUsedAt() != null
                    || !now.isBefore(c.get().getExpiresAt().toInstant())
                    || c.get().getAttempts() >= CHALLENGE_ATTEMPTS) {
                return new DeadChallenge();
            }
            UUID userId = c.get().getUserId();
            boolean ok = verify(userId, code, recoveryCode);
            repository.challengeAttempt(hash, ok, now);
            if (!ok) {
                return new WrongCode(userId);
            }
            return new Passed(userId, recoveryCode != null && !recoveryCode.isBlank() ? "recovery" : "otp");
        });
    }

    // --- policy ---

    Set<Role> requiredRoles(UUID tenant) {
        String roles = repository.mfaRoles(tenant);
        if (roles.isBlank()) {
            return EnumSet.noneOf(Role.class);
        }
        return Arrays.stream(roles.split(","))
                .map(Role::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }

    void setRequiredRoles(UUID tenant, Set<Role> roles) {
        repository.setMfaRoles(tenant, roles.stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
    }

    boolean requiredFor(UserAccountRecord a) {
        return requiredRoles(a.getTenantId()).contains(Role.valueOf(a.getRole()));
    }

    static String recoveryHash(String code) {
        return Sessions.hash(code.strip().toLowerCase(Locale.ROOT).replace(" ", ""));
    }

    private static byte[] qr(String text) {
        try {
            BitMatrix matrix = new QRCodeWriter()
                    .encode(
                            text,
                            BarcodeFormat.QR_CODE,
                            240,
                            240,
                            Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
            BufferedImage image =
                    new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
            for (int y = 0; y < matrix.getHeight(); y++) {
                for (int x = 0; x < matrix.getWidth(); x++) {
                    image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (WriterException | IOException e) {
            throw new IllegalStateException("cannot draw the enrolment QR code", e);
        }
    }
}
