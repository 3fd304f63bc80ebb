package io.stockade.alerting;

import io.stockade.alerting.jooq.inbox.tables.records.NotificationRecord;
import io.stockade.api.alerts.AlertMessages.AlertChannel;
import io.stockade.api.alerts.AlertMessages.AlertRecipient;
import io.stockade.api.alerts.AlertMessages.FindNotificationQuery;
import io.stockade.api.alerts.AlertMessages.FindNotificationsQuery;
import io.stockade.api.alerts.AlertMessages.LowStockAlertRaisedEvent;
import io.stockade.api.alerts.AlertMessages.NotificationPage;
import io.stockade.api.alerts.AlertMessages.NotificationView;
import io.stockade.api.alerts.AlertMessages.NotificationsReadEvent;
import io.stockade.platform.tenancy.TenantScope;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** The in-app inbox: a row per person an alert was raised to in the app, and their acknowledgements. */
@Component
@ProcessingGroup("alerts-notifications")
class NotificationProjection {
    private final NotificationRepository inbox;
    private final TenantScope tenants;

    NotificationProjection(NotificationRepository inbox, TenantScope tenants) {
        this.inbox = inbox;
        this.tenants = tenants;
    }

    @EventHandler
    void on(LowStockAlertRaisedEvent e, EventMessage<?> m) {
        for (AlertRecipient r : e.recipients()) {
            if (!r.channels().contains(AlertChannel.IN_APP)) {
                continue;
            }
            NotificationRecord n = new NotificationRecord();
            n.setNotificationId(
                    UUID.nameUUIDFromBytes((m.getIdentifier() + ":" + r.userId()).getBytes(StandardCharsets.UTF_8)));
            n.setTenantId(e.tenantId().value());
            n.setUserId(r.userId().value());
            n.setKind(e.escalated() ? "LOW_STOCK_REMINDER" : "LOW_STOCK");
            n.setItemId(e.itemId().value());
            n.setItemName(e.itemName());
            n.setSku(e.sku());
            n.setCurrentStock(e.currentStock());
            n.setMinThreshold(e.minThreshold());
            n.setReminder(e.reminder());
            n.setEscalated(e.escalated());
            n.setCreatedAt(NotificationRepository.at(m.getTimestamp()));
            inbox.insert(n);
        }
    }

    @EventHandler
    void on(NotificationsReadEvent e, EventMessage<?> m) {
        if (e.upTo() != null) {
            inbox.markReadUpTo(e.tenantId().value(), e.userId().value(), e.upTo(), m.getTimestamp());
        }
        if (!e.notificationIds().isEmpty()) {
            inbox.markRead(e.tenantId().value(), e.userId().value(), e.notificationIds(), m.getTimestamp());
        }
    }

    @ResetHandler
    void reset() {
        inbox.truncate();
    }

    @QueryHandler
    NotificationPage handle(FindNotificationsQuery q) {
        return tenants.read(q.tenantId(), () -> {
            UUID tenant = q.tenantId().value();
            UUID user = q.userId().value();
            long total = inbox.count(tenant, user, q.unreadOnly());
            long unread = q.unreadOnly() ? total : inbox.count(tenant, user, true);
            List<NotificationView> items = inbox.page(tenant, user, q.unreadOnly(), q.page(), q.limit());
            int pages = (int) Math.max(1, (total + q.limit() - 1) / q.limit());
            return new NotificationPage(items, unread, total, q.page(), pages);
        });
    }

    @QueryHandler
    Optional<NotificationView> handle(FindNotificationQuery q) {
        return tenants.read(
                q.tenantId(), () -> inbox.find(q.tenantId().value(), q.userId().value(), q.notificationId()));
    }
}
