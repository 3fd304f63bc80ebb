package io.stockade.query.security;

import static io.stockade.query.jooq.Tables.IDENTITY_USER;
import static io.stockade.query.jooq.Tables.SECURITY_EVENT;

import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.SecurityMessages.FindSecurityEventsQuery;
import io.stockade.api.identity.SecurityMessages.SecurityEventPage;
import io.stockade.api.identity.SecurityMessages.SecurityEventType;
import io.stockade.api.identity.SecurityMessages.SecurityEventView;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.EventMessage;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** All SQL of the security log. */
@Repository
class SecurityEventRepository {
    private final DSLContext dsl;

    SecurityEventRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    void truncate() {
        dsl.truncate(SECURITY_EVENT).execute();
    }

    void insert(
            EventMessage<?> m,
            TenantId tenant,
            UserId user,
            SecurityEventType type,
            String session,
            String detail,
            String ip) {
        dsl.insertInto(SECURITY_EVENT)
                .set(SECURITY_EVENT.TENANT_ID, tenant.value())
                .set(SECURITY_EVENT.EVENT_ID, m.getIdentifier())
                .set(SECURITY_EVENT.OCCURRED_AT, m.getTimestamp().atOffset(ZoneOffset.UTC))
                .set(SECURITY_EVENT.TYPE, type.name())
                .set(SECURITY_EVENT.USER_ID, user.value())
                .set(SECURITY_EVENT.SESSION_ID, session)
                .set(
                        SECURITY_EVENT.DETAIL,
                        detail == null ? null : detail.length() > 200 ? detail.substring(0, 200) : detail)
                .set(SECURITY_EVENT.CLIENT_IP, ip)
                .onConflictDoNothing()
                .execute();
    }

    SecurityEventPage find(FindSecurityEventsQuery q) {
        List<Condition> where = new ArrayList<>();
        where.add(SECURITY_EVENT.TENANT_ID.eq(q.tenantId().value()));
        if (q.userId() != null) {
            where.add(SECURITY_EVENT.USER_ID.eq(q.userId().value()));
        }
        if (q.types() != null && !q.types().isEmpty()) {
            where.add(SECURITY_EVENT.TYPE.in(q.types().stream().map(Enum::name).toList()));
        }
        if (q.from() != null) {
            where.add(SECURITY_EVENT.OCCURRED_AT.ge(q.from().atOffset(ZoneOffset.UTC)));
        }
        if (q.to() != null) {
            where.add(SECURITY_EVENT.OCCURRED_AT.lt(q.to().atOffset(ZoneOffset.UTC)));
        }
        Condition all = DSL.and(where);
        long total = dsl.fetchCount(SECURITY_EVENT, all);
        List<SecurityEventView> rows = dsl.select(SECURITY_EVENT.fields())
                .select(IDENTITY_USER.USERNAME)
                .from(SECURITY_EVENT)
                .leftJoin(IDENTITY_USER)
                .on(IDENTITY_USER
                        .TENANT_ID
                        .eq(SECURITY_EVENT.TENANT_ID)
                        .and(IDENTITY_USER.USER_ID.eq(SECURITY_EVENT.USER_ID)))
                .where(all)
                .orderBy(SECURITY_EVENT.OCCURRED_AT.desc(), SECURITY_EVENT.EVENT_ID.desc())
                .limit(q.limit())
                .offset((long) (q.page() - 1) * q.limit())
                .fetch(r -> new SecurityEventView(
                        r.get(SECURITY_EVENT.EVENT_ID),
                        r.get(SECURITY_EVENT.OCCURRED_AT).toInstant(),
                        r.get(SECURITY_EVENT.TYPE),
                        r.get(SECURITY_EVENT.USER_ID).toString(),
                        r.get(IDENTITY_USER.USERNAME),
                        r.get(SECURITY_EVENT.SESSION_ID),
                        r.get(SECURITY_EVENT.DETAIL),
                        r.get(SECURITY_EVENT.CLIENT_IP)));
        return new SecurityEventPage(rows, total, q.page(), q.limit());
    }

    /** Erasure: the events stay (what happened to the account, when), the person's address goes. */
    void eraseUser(UUID tenant, UUID user, String erased) {
        dsl.update(SECURITY_EVENT)
                .set(SECURITY_EVENT.CLIENT_IP, erased)
                .where(SECURITY_EVENT.TENANT_ID.eq(tenant).and(SECURITY_EVENT.USER_ID.eq(user)))
                .and(SECURITY_EVENT.CLIENT_IP.isNotNull())
                .execute();
    }
}
