package io.stockade.api.identity;

import io.stockade.api.common.MessageType;
import io.stockade.api.common.Nullable;
import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;

/**
 * Security events of an account: sign-ins, failures, lockouts, sessions, tokens. They are events of
 * the user's own stream, so they carry the usual metadata and replay with the rest of the log. The
 * client address is a personal value sealed with the person's key.
 */
public final class SecurityMessages {
    private SecurityMessages() {}

    public enum SecurityEventType {
        LOGIN_SUCCEEDED,
        LOGIN_FAILED,
        ACCOUNT_LOCKED,
        ACCOUNT_UNLOCKED,
        SESSION_REVOKED,
        REFRESH_TOKEN_REUSED,
        MFA_ENROLLED,
        MFA_DISABLED,
        PASSWORD_CHANGED,
        PASSWORD_RESET_REQUESTED,
        PASSWORD_RESET,
        ROLE_CHANGED,
        RATE_LIMITED
    }

    /** A failed sign-in of a known account; the aggregate counts it and locks the account at the threshold. */
    @MessageType("stockade.security.RecordSignInFailure")
    public record RecordSignInFailureCommand(
            @TargetAggregateIdentifier UserId userId,
            TenantId tenantId,
            String reason,
            String clientIp,
            int threshold,
            Instant at,
            Instant lockUntil) {
        @Override
        public String toString() {
            return "RecordSignInFailureCommand[userId=" + userId + ", reason=" + reason + "]";
        }
    }

    /** Anything else worth an entry: success, revocations, reuse, MFA and so on. */
    @MessageType("stockade.security.RecordSecurityEvent")
    public record RecordSecurityEventCommand(
            @TargetAggregateIdentifier UserId userId,
            TenantId tenantId,
            SecurityEventType type,
            String sessionId,
            String detail,
            String clientIp) {
        @Override
        public String toString() {
            return "RecordSecurityEventCommand[userId=" + userId + ", type=" + type + "]";
        }
    }

    /** Ends a lock whose time has passed (or early, after a password reset). */
    @MessageType("stockade.security.UnlockAccount")
    public record UnlockAccountCommand(
            @TargetAggregateIdentifier UserId userId, TenantId tenantId, String reason) {}

    @MessageType("stockade.security.SecurityEventRecorded")
    @Revision("1")
    public record SecurityEventRecordedEvent(
            UserId userId,
            TenantId tenantId,
            SecurityEventType type,
            String sessionId,
            String detail,
            PersonalValue clientIp) {}

    @MessageType("stockade.security.AccountLocked")
    @Revision("1")
    public record AccountLockedEvent(UserId userId, TenantId tenantId, Instant lockedUntil, int failures) {}

    @MessageType("stockade.security.AccountUnlocked")
    @Revision("1")
    public record AccountUnlockedEvent(UserId userId, TenantId tenantId, String reason) {}

    /** Filters of {@code GET /api/security/events}. */
    public record FindSecurityEventsQuery(
            TenantId tenantId,
            UserId userId,
            List<SecurityEventType> types,
            Instant from,
            Instant to,
            int page,
            int limit) {}

    public record SecurityEventView(
            String id,
            Instant occurredAt,
            String type,
            String userId,
            @Nullable String username,
            @Nullable String sessionId,
            @Nullable String detail,
            @Nullable String clientIp) {}

    public record SecurityEventPage(List<SecurityEventView> events, long total, int page, int limit) {}
}
