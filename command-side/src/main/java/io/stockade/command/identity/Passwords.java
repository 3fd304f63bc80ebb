package io.stockade.command.identity;

import io.stockade.platform.config.SecuritySettings;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.errors.ProblemException.FieldError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Hashing and policy. BCrypt (cost 12) reads at most 72 bytes, so the password is first reduced
 * with SHA-256 and Base64 (44 bytes): long and multi-byte passwords count in full, nothing is
 * truncated. The delegating prefix names the scheme so it can be upgraded later.
 *
 * <p>Policy profiles: {@code seed-003} (the default: 12+ characters with upper, lower, digit and
 * symbol) and {@code asvs-5} (OWASP ASVS 5: 15+ characters, no composition rules). Both refuse the
 * username or e-mail inside the password, the 49,233 most common passwords (also when only digits
 * and symbols were added around one), and the last {@value #HISTORY} passwords of the account.
 */
@Component
class Passwords {
    static final int MIN_LENGTH = 12;
    static final int ASVS5_MIN_LENGTH = 15;
    static final int MAX_LENGTH = 128;
    static final int HISTORY = 5;
    private static final String SCHEME = "bcrypt-sha256";
    private final PasswordEncoder encoder;
    private final String dummyHash;
    private final boolean asvs5;
    private final Set<String> common;

    Passwords(SecuritySettings settings) {
        this.asvs5 = settings.asvs5();
        this.common = loadCommon();
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

    /** The policy of the configured profile; every broken rule is reported at once. */
    void check(String field, String password, String username, String email) {
        List<FieldError> errors = new ArrayList<>();
        int min = asvs5 ? ASVS5_MIN_LENGTH : MIN_LENGTH;
        int length = password == null ? 0 : password.codePointCount(0, password.length());
        if (length < min) {
            errors.add(new FieldError(field, "Password must be at least " + min + " characters"));
        } else {
            if (length > MAX_LENGTH) {
                errors.add(new FieldError(field, "Password must be at most " + MAX_LENGTH + " characters"));
            }
            if (isCommon(password)) {
                errors.add(new FieldError(field, "Password is one of the most commonly used passwords"));
            }
        }
        if (length >= min && !asvs5) {
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
        }
        if (length >= min) {
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

    /** Refuses a password that matches one of the last {@value #HISTORY} (the current one included). */
    void checkHistory(String field, String password, List<String> recentHashes) {
        for (String hash : recentHashes.stream().limit(HISTORY).toList()) {
            if (matches(password, hash)) {
                throw ProblemException.validation(
                        field, "Password must differ from your last " + HISTORY + " passwords");
            }
        }
    }

    /**
     * In the list as typed (any case), or once the digits and symbols around a listed word are taken
     * off ("Password123!" is "password").
     */
    boolean isCommon(String password) {
        String lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower)) {
            return true;
        }
        String core = lower.replaceAll("^[^\\p{L}]+", "").replaceAll("[^\\p{L}]+$", "");
        return core.length() >= 4 && !core.equals(lower) && common.contains(core);
    }

    private static Set<String> loadCommon() {
        try (InputStream raw = Passwords.class.getResourceAsStream("/identity/common-passwords.txt.gz")) {
            if (raw == null) {
                throw new IllegalStateException("the common-password list is missing from the build");
            }
            Set<String> set = new HashSet<>(70_000);
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (!line.isBlank()) {
                        set.add(line.strip().toLowerCase(Locale.ROOT));
                    }
                }
            }
            return Collections.unmodifiableSet(set);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int commonCount() {
        return common.size();
    }

    private static String prehash(CharSequence raw) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(raw.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
