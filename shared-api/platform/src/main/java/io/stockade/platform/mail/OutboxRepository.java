package io.stockade.platform.mail;

import static io.stockade.platform.jooq.Tables.EMAIL_OUTBOX;

import io.stockade.platform.jooq.tables.records.EmailOutboxRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

@Repository
class OutboxRepository {
    private final DSLContext dsl;

    OutboxRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    static OffsetDateTime at(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    void insert(EmailOutboxRecord r) {
        dsl.executeInsert(r);
    }

    boolean insertIfAbsent(EmailOutboxRecord r) {
        return dsl.insertInto(EMAIL_OUTBOX).set(r).onConflictDoNothing().execute() == 1;
    }

    /** Due messages, locked; another node's relay skips them instead of sending them twice. */
    List<EmailOutboxRecord> claimDue(Instant now, int limit) {
        return dsl.selectFrom(EMAIL_OUTBOX)
                .where(EMAIL_OUTBOX.STATUS.eq("PENDING").and(EMAIL_OUTBOX.NEXT_ATTEMPT_AT.le(at(now))))
                .orderBy(EMAIL_OUTBOX.NEXT_ATTEMPT_AT)
                .limit(limit)
                .forUpdate()
                .skipLocked()
                .fetch();
    }

    void sent(UUID id, Instant now, String providerId) {
        dsl.update(EMAIL_OUTBOX)
                .set(EMAIL_OUTBOX.STATUS, "SENT")
                .set(EMAIL_OUTBOX.SENT_AT, at(now))
                .set(EMAIL_OUTBOX.SECRET, (String) null)
                .set(EMAIL_OUTBOX.PROVIDER_ID, providerId)
                .set(EMAIL_OUTBOX.ATTEMPTS, EMAIL_OUTBOX.ATTEMPTS.plus(1))
                .set(EMAIL_OUTBOX.LAST_ERROR, (String) null)
                .where(EMAIL_OUTBOX.MESSAGE_ID.eq(id))
                .execute();
    }

    void failed(UUID id, int attempts, Instant next, String error, boolean dead) {
        var update = dsl.update(EMAIL_OUTBOX)
                .set(EMAIL_OUTBOX.ATTEMPTS, attempts)
                .set(EMAIL_OUTBOX.LAST_ERROR, error)
                .set(EMAIL_OUTBOX.NEXT_ATTEMPT_AT, at(next))
                .set(EMAIL_OUTBOX.STATUS, dead ? "DEAD" : "PENDING");
        if (dead) {
            update = update.set(EMAIL_OUTBOX.SECRET, (String) null);
        }
        update.where(EMAIL_OUTBOX.MESSAGE_ID.eq(id)).execute();
    }

    void postpone(UUID id, Instant until) {
        dsl.update(EMAIL_OUTBOX)
                .set(EMAIL_OUTBOX.NEXT_ATTEMPT_AT, at(until))
                .where(EMAIL_OUTBOX.MESSAGE_ID.eq(id))
                .execute();
    }

    Optional<EmailOutboxRecord> lock(UUID tenant, UUID id) {
        return dsl.selectFrom(EMAIL_OUTBOX)
                .where(EMAIL_OUTBOX.MESSAGE_ID.eq(id).and(EMAIL_OUTBOX.TENANT_ID.eq(tenant)))
                .forUpdate()
                .fetchOptional();
    }

    /** A dead message back in the queue, with a fresh set of attempts. */
    void revive(UUID id, Instant now) {
        dsl.update(EMAIL_OUTBOX)
                .set(EMAIL_OUTBOX.STATUS, "PENDING")
                .set(EMAIL_OUTBOX.ATTEMPTS, 0)
                .set(EMAIL_OUTBOX.NEXT_ATTEMPT_AT, at(now))
                .set(EMAIL_OUTBOX.LAST_ERROR, (String) null)
                .where(EMAIL_OUTBOX.MESSAGE_ID.eq(id))
                .execute();
    }

    List<EmailOutboxRecord> page(UUID tenant, String status, int page, int limit) {
        var where = EMAIL_OUTBOX.TENANT_ID.eq(tenant);
        if (status != null) {
            where = where.and(EMAIL_OUTBOX.STATUS.eq(status));
        }
        return dsl.selectFrom(EMAIL_OUTBOX)
                .where(where)
                .orderBy(EMAIL_OUTBOX.CREATED_AT.desc())
                .limit(limit)
                .offset((long) (page - 1) * limit)
                .fetch();
    }

    int count(UUID tenant, String status) {
        var where = EMAIL_OUTBOX.TENANT_ID.eq(tenant);
        if (status != null) {
            where = where.and(EMAIL_OUTBOX.STATUS.eq(status));
        }
        return dsl.fetchCount(EMAIL_OUTBOX, where);
    }

    List<EmailOutboxRecord> to(UUID tenant, List<String> addresses) {
        return dsl.selectFrom(EMAIL_OUTBOX)
                .where(EMAIL_OUTBOX.TENANT_ID.eq(tenant))
                .and(DSL.lower(EMAIL_OUTBOX.RECIPIENT).in(addresses))
                .orderBy(EMAIL_OUTBOX.CREATED_AT)
                .fetch();
    }

    /** @return the provider ids of the cleared messages (null where none was given) */
    List<String> clear(UUID tenant, List<String> addresses, String placeholder) {
        return dsl.update(EMAIL_OUTBOX)
                .set(EMAIL_OUTBOX.RECIPIENT, placeholder)
                .set(EMAIL_OUTBOX.SUBJECT, placeholder)
                .set(EMAIL_OUTBOX.BODY_TEXT, placeholder)
                .set(EMAIL_OUTBOX.BODY_HTML, (String) null)
                .set(EMAIL_OUTBOX.SECRET, (String) null)
                .set(EMAIL_OUTBOX.LAST_ERROR, (String) null)
                .set(
                        EMAIL_OUTBOX.STATUS,
                        DSL.when(EMAIL_OUTBOX.STATUS.eq("PENDING"), "DEAD").otherwise(EMAIL_OUTBOX.STATUS))
                .where(EMAIL_OUTBOX.TENANT_ID.eq(tenant))
                .and(DSL.lower(EMAIL_OUTBOX.RECIPIENT).in(addresses))
                .returning(EMAIL_OUTBOX.PROVIDER_ID)
                .fetch(EMAIL_OUTBOX.PROVIDER_ID);
    }
}
