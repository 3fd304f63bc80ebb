package io.stockade.query.audit;

import static io.stockade.query.jooq.Tables.AUDIT_ACCESS;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/**
 * All SQL of the audit access log, and the only code that writes it (the table refuses updates, deletes and
 * truncation; ArchUnit keeps every other class off it). Callers bind the tenant first.
 */
@Repository
class AccessLogRepository {
    private final DSLContext dsl;

    AccessLogRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** One read as stored: client address and user agent sealed under the reader's key. */
    record Access(
            long id,
            Instant readAt,
            UUID userId,
            String role,
            String endpoint,
            String parameters,
            String sealedClientIp,
            String sealedUserAgent,
            String requestId) {}

    void append(UUID tenant, Access a) {
        dsl.insertInto(AUDIT_ACCESS)
                .set(AUDIT_ACCESS.TENANT_ID, tenant)
                .set(AUDIT_ACCESS.READ_AT, a.readAt().atOffset(ZoneOffset.UTC))
                .set(AUDIT_ACCESS.USER_ID, a.userId())
                .set(AUDIT_ACCESS.ROLE, a.role())
                .set(AUDIT_ACCESS.ENDPOINT, a.endpoint())
                .set(AUDIT_ACCESS.PARAMETERS, a.parameters())
                .set(AUDIT_ACCESS.CLIENT_IP, a.sealedClientIp())
                .set(AUDIT_ACCESS.USER_AGENT, a.sealedUserAgent())
                .set(AUDIT_ACCESS.REQUEST_ID, a.requestId())
                .execute();
    }

    /** Up to {@code limit + 1} reads after {@code after} (exclusive; null from the start) in id order. */
    List<Access> page(UUID tenant, Long after, boolean descending, int limit) {
        Condition where = AUDIT_ACCESS.TENANT_ID.eq(tenant);
        if (after != null) {
            where = where.and(descending ? AUDIT_ACCESS.ID.lt(after) : AUDIT_ACCESS.ID.gt(after));
        }
        return dsl.selectFrom(AUDIT_ACCESS)
                .where(where)
                .orderBy(descending ? AUDIT_ACCESS.ID.desc() : AUDIT_ACCESS.ID.asc())
                .limit(limit + 1)
                .fetch(r -> new Access(
                        r.getId(),
                        r.getReadAt().toInstant(),
                        r.getUserId(),
                        r.getRole(),
                        r.getEndpoint(),
                        r.getParameters(),
                        r.getClientIp(),
                        r.getUserAgent(),
                        r.getRequestId()));
    }
}
