package io.stockade.command.idempotency;

import static io.stockade.command.jooq.Tables.IDEMPOTENCY_RECORD;

import io.stockade.command.jooq.tables.records.IdempotencyRecordRecord;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

@Repository
class IdempotencyRepository {
    private final DSLContext dsl;

    IdempotencyRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** False when the key was used before (the row is then committed: a racing claim waits for it). */
    boolean claim(UUID tenant, UUID user, String key, String commandType, String fingerprint) {
        return dsl.insertInto(IDEMPOTENCY_RECORD)
                        .set(IDEMPOTENCY_RECORD.TENANT_ID, tenant)
                        .set(IDEMPOTENCY_RECORD.USER_ID, user)
                        .set(IDEMPOTENCY_RECORD.IDEM_KEY, key)
                        .set(IDEMPOTENCY_RECORD.COMMAND_TYPE, commandType)
                        .set(IDEMPOTENCY_RECORD.FINGERPRINT, fingerprint)
                        .onConflictDoNothing()
                        .execute()
                == 1;
    }

    Optional<IdempotencyRecordRecord> find(UUID tenant, UUID user, String key) {
        return dsl.selectFrom(IDEMPOTENCY_RECORD)
                .where(IDEMPOTENCY_RECORD
                        .TENANT_ID
                        .eq(tenant)
                        .and(IDEMPOTENCY_RECORD.USER_ID.eq(user))
                        .and(IDEMPOTENCY_RECORD.IDEM_KEY.eq(key)))
                .fetchOptional();
    }

    void storeResult(UUID tenant, UUID user, String key, String resultType, byte[] result) {
        dsl.update(IDEMPOTENCY_RECORD)
                .set(IDEMPOTENCY_RECORD.RESULT_TYPE, resultType)
                .set(IDEMPOTENCY_RECORD.RESULT, result)
                .where(IDEMPOTENCY_RECORD
                        .TENANT_ID
                        .eq(tenant)
                        .and(IDEMPOTENCY_RECORD.USER_ID.eq(user))
                        .and(IDEMPOTENCY_RECORD.IDEM_KEY.eq(key)))
                .execute();
    }
}
