package io.stockade.query.audit.seal;

import static io.stockade.query.audit.seal.jooq.Tables.VERIFY_JOB;

import io.stockade.api.common.TenantId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** Verification jobs (row-level security: callers bind the tenant). */
@Repository
class VerifyJobRepository {
    private final DSLContext dsl;

    VerifyJobRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A job as stored; {@code result} is the report as JSON once done. */
    record Job(
            UUID id,
            UUID requestedBy,
            Instant requestedAt,
            Long fromPosition,
            Long toPosition,
            String status,
            long checked,
            long total,
            Instant updatedAt,
            Instant finishedAt,
            String result) {}

    void create(TenantId tenant, Job job) {
        dsl.insertInto(VERIFY_JOB)
                .set(VERIFY_JOB.ID, job.id())
                .set(VERIFY_JOB.TENANT_ID, tenant.value())
                .set(VERIFY_JOB.REQUESTED_BY, job.requestedBy())
                .set(VERIFY_JOB.REQUESTED_AT, utc(job.requestedAt()))
                .set(VERIFY_JOB.FROM_POSITION, job.fromPosition())
                .set(VERIFY_JOB.TO_POSITION, job.toPosition())
                .set(VERIFY_JOB.STATUS, job.status())
                .set(VERIFY_JOB.TOTAL, job.total())
                .set(VERIFY_JOB.UPDATED_AT, utc(job.requestedAt()))
                .execute();
    }

    void progress(TenantId tenant, UUID id, long checked, Instant at) {
        dsl.update(VERIFY_JOB)
                .set(VERIFY_JOB.CHECKED, checked)
                .set(VERIFY_JOB.UPDATED_AT, utc(at))
                .where(VERIFY_JOB.TENANT_ID.eq(tenant.value()))
                .and(VERIFY_JOB.ID.eq(id))
                .execute();
    }

    void finish(TenantId tenant, UUID id, String status, long checked, String result, Instant at) {
        dsl.update(VERIFY_JOB)
                .set(VERIFY_JOB.STATUS, status)
                .set(VERIFY_JOB.CHECKED, checked)
                .set(VERIFY_JOB.RESULT, result)
                .set(VERIFY_JOB.UPDATED_AT, utc(at))
                .set(VERIFY_JOB.FINISHED_AT, utc(at))
                .where(VERIFY_JOB.TENANT_ID.eq(tenant.value()))
                .and(VERIFY_JOB.ID.eq(id))
                .execute();
    }

    Optional<Job> find(TenantId tenant, UUID id) {
        return dsl.selectFrom(VERIFY_JOB)
                .where(VERIFY_JOB.TENANT_ID.eq(tenant.value()))
                .and(VERIFY_JOB.ID.eq(id))
                .fetchOptional(r -> new Job(
                        r.getId(),
                        r.getRequestedBy(),
                        r.getRequestedAt().toInstant(),
                        r.getFromPosition(),
                        r.getToPosition(),
                        r.getStatus(),
                        r.getChecked(),
                        r.getTotal(),
                        r.getUpdatedAt().toInstant(),
                        r.getFinishedAt() == null ? null : r.getFinishedAt().toInstant(),
                        r.getResult()));
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
