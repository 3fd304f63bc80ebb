package io.stockade.command.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.stockade.api.common.Nullable;
import io.stockade.api.common.Role;
import io.stockade.command.jooq.tables.records.AuthSessionRecord;
import io.stockade.command.jooq.tables.records.UserAccountRecord;
import java.time.Instant;
import java.util.List;

/** Answers of the identity API as records, so the OpenAPI document types them (the JSON is seed 004's). */
final class IdentityAnswers {
    private IdentityAnswers() {}

    /** {@code {"user": …}} */
    record UserAnswer<U>(U user) {}

    /** Seed 004's user. */
    record UserSummary(String id, String username, String email, String role) {
        static UserSummary of(UserAccountRecord a) {
            return new UserSummary(
                    a.getUserId().toString(),
                    a.getUsername(),
                    a.getEmail(),
                    Role.valueOf(a.getRole()).label());
        }
    }

    /** A user as an Admin manages them. */
    record ManagedUser(
            String id,
            String username,
            String email,
            String role,
            @JsonProperty("isActive") boolean isActive) {
        static ManagedUser of(UserAccountRecord a) {
            return new ManagedUser(
                    a.getUserId().toString(),
                    a.getUsername(),
                    a.getEmail(),
                    Role.valueOf(a.getRole()).label(),
                    a.getActive());
        }
    }

    /** The signed-in user, with whether they must change their password before anything else. */
    record Me(String id, String username, String email, String role, boolean mustChangePassword) {
        static Me of(UserAccountRecord a) {
            return new Me(
                    a.getUserId().toString(),
                    a.getUsername(),
                    a.getEmail(),
                    Role.valueOf(a.getRole()).label(),
                    a.getMustChangePassword());
        }
    }

    /**
     * A sign-in: either the session ({@code token}, {@code expiresAt}, {@code mustChangePassword},
     * {@code mfaEnrolmentRequired}, {@code user}) or, when a second factor is due, the challenge
     * ({@code mfaRequired}, {@code challenge}, {@code expiresAt}). Absent fields are left out, as before.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LoginAnswer(
            Boolean mfaRequired,
            String challenge,
            String token,
            Instant expiresAt,
            Boolean mustChangePassword,
            Boolean mfaEnrolmentRequired,
            UserSummary user) {

        static LoginAnswer challenge(String challenge, Instant expiresAt) {
            return new LoginAnswer(true, challenge, null, expiresAt, null, null, null);
        }

        static LoginAnswer session(
                String token, Instant expiresAt, boolean mustChangePassword, boolean enrol, UserSummary user) {
            return new LoginAnswer(null, null, token, expiresAt, mustChangePassword, enrol, user);
        }
    }

    record SessionView(
            String id,
            String device,
            @Nullable String userAgent,
            @Nullable String ip,
            Instant createdAt,
            Instant lastUsedAt,
            Instant expiresAt,
            boolean current) {
        static SessionView of(AuthSessionRecord s, String current) {
            return new SessionView(
                    s.getSessionId().toString(),
                    AuthController.describe(s.getUserAgent()),
                    s.getUserAgent(),
                    s.getClientIp(),
                    s.getCreatedAt().toInstant(),
                    s.getLastUsedAt().toInstant(),
                    s.getExpiresAt().toInstant(),
                    s.getSessionId().toString().equals(current));
        }
    }

    record SessionList(List<SessionView> sessions) {}

    record MfaStatus(boolean enrolled, boolean required, int recoveryCodesLeft) {}

    record MfaEnrolment(String otpauthUri, String secret, String qrCode) {}

    record RecoveryCodes(List<String> recoveryCodes) {}

    record Limit(int requests, long periodSeconds, int burst) {}

    record Lockout(int threshold, long durationMinutes) {}

    record RateLimits(
            Limit anonymousPerAddress, Limit signInPerAddressAndUsername, Limit signInPerAddress, Limit perUser) {}

    record SessionPolicy(int accessTokenMinutes, long refreshDays, long idleHours) {}

    /** The organisation's second-factor roles and the deployment's password, lockout, rate-limit and session settings. */
    record SecurityPolicy(
            List<String> mfaRequiredRoles,
            String passwordProfile,
            int passwordMinLength,
            Lockout lockout,
            RateLimits rateLimits,
            SessionPolicy session) {}
}
