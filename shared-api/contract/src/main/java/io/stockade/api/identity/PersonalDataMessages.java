package io.stockade.api.identity;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.stockade.api.alerts.AlertMessages.NotificationView;
import io.stockade.api.common.Nullable;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.SecurityMessages.SecurityEventView;
import io.stockade.api.inventory.InventoryQueries.TransactionView;
import java.time.Instant;
import java.util.List;

/**
 * The export of everything Stockade holds about one person (GDPR art. 15 and 20). The command side answers for
 * what it keeps (account, sessions, MFA, alert preferences, mails); the query side adds the rest and serves it.
 */
public final class PersonalDataMessages {
    private PersonalDataMessages() {}

    /** Answered with an empty result for a person of another organisation. */
    public record FindAccountDataQuery(TenantId tenantId, UserId userId) {}

    public record AccountData(
            ExportedAccount account,
            boolean mfaEnrolled,
            @Nullable ExportedAlertPreferences alertPreferences,
            List<ExportedSession> sessions,
            List<ExportedMail> mails) {}

    /** Never a secret: no password hash, MFA secret or token. */
    public record PersonalDataExport(
            Instant exportedAt,
            ExportedAccount account,
            boolean mfaEnrolled,
            @Nullable ExportedAlertPreferences alertPreferences,
            List<ExportedSession> sessions,
            List<TransactionView> movements,
            List<NotificationView> notifications,
            List<SecurityEventView> securityEvents,
            List<ExportedMail> mails) {}

    public record ExportedAccount(
            String id,
            String username,
            String email,
            String role,
            @JsonProperty("isActive") boolean isActive,
            boolean mustChangePassword,
            boolean erased) {}

    /** Null in the export when the person never chose: their role's default applies. */
    public record ExportedAlertPreferences(boolean email, boolean inApp, List<String> categoryIds) {}

    public record ExportedSession(
            String id,
            Instant createdAt,
            Instant lastUsedAt,
            Instant expiresAt,
            @Nullable Instant revokedAt,
            @Nullable String revokeReason,
            @Nullable String clientIp,
            @Nullable String userAgent,
            String amr) {}

    public record ExportedMail(
            String id,
            String kind,
            String to,
            String subject,
            String text,
            String status,
            Instant createdAt,
            @Nullable Instant sentAt) {}
}
