package io.stockade.command.identity;

import static io.stockade.command.jooq.Tables.ALERT_PREFERENCE;

import io.stockade.api.common.CategoryId;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.command.jooq.tables.records.AlertPreferenceRecord;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/**
 * The command side's copy of each person's alert choice, written with the account's event in one
 * transaction. Alerting reads it (and never writes it) when it resolves who may be told.
 */
@Repository
class AlertPreferenceRepository {
    private final DSLContext dsl;

    AlertPreferenceRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    void save(UserId user, TenantId tenant, boolean email, boolean inApp, List<CategoryId> categories) {
        UUID[] ids = categories.stream().map(CategoryId::value).distinct().toArray(UUID[]::new);
        dsl.insertInto(ALERT_PREFERENCE)
                .set(ALERT_PREFERENCE.USER_ID, user.value())
                .set(ALERT_PREFERENCE.TENANT_ID, tenant.value())
                .set(ALERT_PREFERENCE.EMAIL, email)
                .set(ALERT_PREFERENCE.IN_APP, inApp)
                .set(ALERT_PREFERENCE.CATEGORY_IDS, ids)
                .onConflict(ALERT_PREFERENCE.USER_ID)
                .doUpdate()
                .set(ALERT_PREFERENCE.EMAIL, email)
                .set(ALERT_PREFERENCE.IN_APP, inApp)
                .set(ALERT_PREFERENCE.CATEGORY_IDS, ids)
                .execute();
    }

    /** The person's own choice; empty when they never made one (the role's default applies). */
    Optional<AlertPreferenceRecord> find(UUID user) {
        return dsl.selectFrom(ALERT_PREFERENCE)
                .where(ALERT_PREFERENCE.USER_ID.eq(user))
                .fetchOptional();
    }
}
