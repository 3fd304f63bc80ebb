package io.stockade.alerting;

import static io.stockade.alerting.jooq.inbox.Tables.NOTIFICATION;

import io.stockade.alerting.jooq.inbox.tables.records.NotificationRecord;
import io.stockade.api.alerts.AlertMessages.NotificationView;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** All SQL of the in-app inbox. Callers bind the tenant first. */
@Repository
class NotificationRepository {
    private final DSLContext dsl;

    NotificationRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Idempotent: the id derives from the event and the person, so a replayed event inserts nothing. */
    void insert(NotificationRecord r) {
        dsl.insertInto(NOTIFICATION).set(r).onConflictDoNothing().execute();
    }

    void markRead(UUID tenant, UUID user, List<UUID> ids, Instant at) {
        dsl.update(NOTIFICATION)
                .set(NOTIFICATION.READ_AT, at(at))
                .where(NOTIFICATION.TENANT_ID.eq(tenant))
                .and(NOTIFICATION.USER_ID.eq(user))
                .and(NOTIFICATION.NOTIFICATION_ID.in(ids))
                .and(NOTIFICATION.READ_AT.isNull())
                .execute();
    }

    void markReadUpTo(UUID tenant, UUID user, Instant upTo, Instant at) {
        dsl.update(NOTIFICATION)
                .set(NOTIFICATION.READ_AT, at(at))
                .where(NOTIFICATION.TENANT_ID.eq(tenant))
                .and(NOTIFICATION.USER_ID.eq(user))
                .and(NOTIFICATION.CREATED_AT.le(at(upTo)))
                .and(NOTIFICATION.READ_AT.isNull())
                .execute();
    }

    void truncate() {
        dsl.truncate(NOTIFICATION).execute();
    }

    List<NotificationView> page(UUID tenant, UUID user, boolean unreadOnly, int page, int limit) {
        return dsl.selectFrom(NOTIFICATION)
                .where(inbox(tenant, user, unreadOnly))
                .orderBy(NOTIFICATION.CREATED_AT.desc(), NOTIFICATION.NOTIFICATION_ID)
                .limit(limit)
                .offset((long) (page - 1) * limit)
                .fetch(NotificationRepository::view);
    }

    long count(UUID tenant, UUID user, boolean unreadOnly) {
        return dsl.fetchCount(NOTIFICATION, inbox(tenant, user, unreadOnly));
    }

    Optional<NotificationView> find(UUID tenant, UUID user, UUID id) {
        return dsl.selectFrom(NOTIFICATION)
                .where(inbox(tenant, user, false))
                .and(NOTIFICATION.NOTIFICATION_ID.eq(id))
                .fetchOptional(NotificationRepository::view);
    }

    private static Condition inbox(UUID tenant, UUID user, boolean unreadOnly) {
        Condition c = NOTIFICATION.TENANT_ID.eq(tenant).and(NOTIFICATION.USER_ID.eq(user));
        return unreadOnly ? c.and(NOTIFICATION.READ_AT.isNull()) : c;
    }

    private static NotificationView view(NotificationRecord r) {
        return new NotificationView(
                r.getNotificationId(),
                r.getKind(),
                r.getItemId().toString(),
                r.getItemName(),
                r.getSku(),
                r.getCurrentStock(),
                r.getMinThreshold(),
                r.getReminder(),
                r.getEscalated(),
                r.getCreatedAt().toInstant(),
                r.getReadAt() == null ? null : r.getReadAt().toInstant());
    }

    static OffsetDateTime at(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
