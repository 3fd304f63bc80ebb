package io.stockade.command.identity;

import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.errors.ProblemException.FieldError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Hashing and policy. BCrypt (cost 12) reads at most 72 bytes, so the password is first reduced
 * with SHA-256 and Base64 (44 bytes): long and multi-byte passwords count in full, nothing is
 * truncated. The delegating prefix names the scheme so it can be upgraded later.
 */
@Component
class Passwords {
    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;
    private static final String SCHEME = "bcrypt-sha256";
    private final PasswordEncoder encoder;
    private final String dummyHash;

    Passwords() {
        PasswordEncoder bcrypt = new BCryptPasswordEncoder(12);
        PasswordEncoder prehashed = new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                return bcrypt.encode(prehash(raw));
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                return bcrypt.matches(prehash(raw), encoded);
            }
        };
        this.encoder = new DelegatingPasswordEncoder(SCHEME, Map.of(SCHEME, prehashed));
        this.dummyHash = encoder.encode("timing-equaliser-" + System.nanoTime());
    }

    String hash(String raw) {
        return encoder.encode(raw);
    }

    boolean matches(String raw, String hash) {
        return raw != null && hash != null && encoder.matches(raw, hash);
    }

    /** Spends the same time as a real check, so an unknown username cannot be told apart by timing. */
    void burn(String raw) {
        encoder.matches(raw == null ? "" : raw, dummyHash);
    }

    /** Seed 003's policy: 12+ characters, upper, lower, digit and symbol, not the username or e-mail. */
    void check(String field, String password, String username, String email) {
        List<FieldError> errors = new ArrayList<>();
        if (password == null || password.length() < MIN_LENGTH) {
            errors.add(new FieldError(field, "Password must be at least " + MIN_LENGTH + " characters"));
        } else {
            if (password.length() > MAX_LENGTH) {
                errors.add(new FieldError(field, "Password must be at most " + MAX_LENGTH + " characters"));
            }
            if (password.chars().noneMatch(Character::isUpperCase)) {
                errors.add(new FieldError(field, "Password needs an upper-case letter"));
            }
            if (password.chars().noneMatch(Character::isLowerCase)) {
                errors.add(new FieldError(field, "Password needs a lower-case letter"));
            }
            if (password.chars().noneMatch(Character::isDigit)) {
                errors.add(new FieldError(field, "Password needs a digit"));
            }
            if (password.chars().allMatch(Character::isLetterOrDigit)) {
                errors.add(new FieldError(field, "Password needs a symbol"));
            }
            String lower = password.toLowerCase(Locale.ROOT);
            if (username != null && !username.isBlank() && lower.contains(username.toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError(field, "Password must not contain the username"));
            }
            if (email != null && !email.isBlank() && lower.contains(email.toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError(field, "Password must not contain the e-mail address"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
    }

    private static String prehash(CharSequence raw) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
