package io.stockade.api.alerts;

import io.stockade.api.common.CategoryId;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.MessageType;
import io.stockade.api.common.Nullable;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;

/**
 * Low-stock alerts: raised on the item's own stream (so its history shows who was told, how and when),
 * each person's choice of channels and categories, and the in-app inbox.
 */
public final class AlertMessages {
    private AlertMessages() {}

    public enum AlertChannel {
        EMAIL,
        IN_APP
    }

    /** One person told of an alert, and how. People are named by id only. */
    public record AlertRecipient(UserId userId, Role role, List<AlertChannel> channels) {
        public AlertRecipient {
            channels = List.copyOf(channels);
        }
    }

    /**
     * One person who may be told of an alert, as alerting resolved them from their choices: by
     * {@code channels} when the item is in one of {@code categoryIds} (empty: every category), otherwise by
     * {@code channelsOtherwise} (an escalated reminder reaches Admins whatever they picked). The item applies
     * its own categories, so the alert is decided on the item's state when it is raised, not a copy of it.
     */
    public record AlertAudience(
            UserId userId,
            Role role,
            List<CategoryId> categoryIds,
            List<AlertChannel> channels,
            List<AlertChannel> channelsOtherwise) {
        public AlertAudience {
            categoryIds = List.copyOf(categoryIds);
            channels = List.copyOf(channels);
            channelsOtherwise = List.copyOf(channelsOtherwise);
        }

        /** This person as told of an item in these categories; empty when they hear nothing of it. */
        public Optional<AlertRecipient> toldOf(CategoryId category, CategoryId subCategory) {
            boolean covered = categoryIds.isEmpty()
                    || (category != null && categoryIds.contains(category))
                    || (subCategory != null && categoryIds.contains(subCategory));
            List<AlertChannel> how = covered ? channels : channelsOtherwise;
            return how.isEmpty() ? Optional.empty() : Optional.of(new AlertRecipient(userId, role, how));
        }
    }

    /**
     * Sent by the low-stock saga. {@code reminder} 0 is the first alert of a low-stock episode; 1, 2, ...
     * are the reminders, which also escalate to every Admin. A repeat of a reminder already raised, or an
     * item that recovered meanwhile, raises nothing. {@code audience} is everyone who may be told, resolved
     * by alerting; the item keeps those its categories concern.
     */
    @MessageType("stockade.alerts.RaiseLowStockAlert")
    public record RaiseLowStockAlertCommand(
            @TargetAggregateIdentifier ItemId itemId, TenantId tenantId, int reminder, List<AlertAudience> audience) {
        public RaiseLowStockAlertCommand {
            audience = audience == null ? List.of() : List.copyOf(audience);
        }
    }

    /** The low-stock saga's deadline: the given reminder is due, if the item is still low by then. */
    @MessageType("stockade.alerts.LowStockReminderDue")
    @Revision("1")
    public record LowStockReminderDue(ItemId itemId, int reminder) {}

    @MessageType("stockade.alerts.LowStockAlertRaised")
    @Revision("1")
    public record LowStockAlertRaisedEvent(
            ItemId itemId,
            TenantId tenantId,
            int reminder,
            boolean escalated,
            String itemName,
            String sku,
            int currentStock,
            int minThreshold,
            List<AlertRecipient> recipients) {
        public LowStockAlertRaisedEvent {
            recipients = List.copyOf(recipients);
        }
    }

    /** Empty {@code categoryIds}: every category. */
    @MessageType("stockade.alerts.ChangeAlertPreferences")
    public record ChangeAlertPreferencesCommand(
            @TargetAggregateIdentifier UserId userId,
            TenantId tenantId,
            boolean email,
            boolean inApp,
            List<CategoryId> categoryIds) {}

    @MessageType("stockade.alerts.AlertPreferencesChanged")
    @Revision("1")
    public record AlertPreferencesChangedEvent(
            UserId userId, TenantId tenantId, boolean email, boolean inApp, List<CategoryId> categoryIds) {
        public AlertPreferencesChangedEvent {
            categoryIds = List.copyOf(categoryIds);
        }
    }

    /** Marks the listed notifications read, or ({@code all}) every one up to now. */
    @MessageType("stockade.alerts.MarkNotificationsRead")
    public record MarkNotificationsReadCommand(
            @TargetAggregateIdentifier UserId userId, TenantId tenantId, List<UUID> notificationIds, boolean all) {}

    /** The person acknowledged these notifications; {@code upTo} non-null: every one created until then. */
    @MessageType("stockade.alerts.NotificationsRead")
    @Revision("1")
    public record NotificationsReadEvent(UserId userId, TenantId tenantId, List<UUID> notificationIds, Instant upTo) {
        public NotificationsReadEvent {
            notificationIds = List.copyOf(notificationIds);
        }
    }

    public record FindNotificationsQuery(TenantId tenantId, UserId userId, boolean unreadOnly, int page, int limit) {}

    public record FindNotificationQuery(TenantId tenantId, UserId userId, UUID notificationId) {}

    public record NotificationView(
            UUID id,
            String kind,
            String itemId,
            @Nullable String itemName,
            @Nullable String sku,
            int currentStock,
            int minThreshold,
            int reminder,
            boolean escalated,
            Instant createdAt,
            @Nullable Instant readAt) {}

    /**
     * Every in-app notification of one person, for their personal-data export: served by the service that runs
     * alerting ({@code GET /api/users/{id}/export/notifications}) for the query side of split services on PostgreSQL,
     * which route no queries between processes.
     */
    public record NotificationExport(List<NotificationView> notifications) {
        public NotificationExport {
            notifications = List.copyOf(notifications);
        }
    }

    public record NotificationPage(List<NotificationView> items, long unread, long total, int page, int pages) {}
}
