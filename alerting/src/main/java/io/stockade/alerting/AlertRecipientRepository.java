package io.stockade.alerting;

import static io.stockade.alerting.jooq.people.Tables.ALERT_PREFERENCE;
import static io.stockade.alerting.jooq.people.Tables.CATEGORY_NAME;
import static io.stockade.alerting.jooq.people.Tables.USER_ACCOUNT;

import io.stockade.api.alerts.AlertMessages.AlertAudience;
import io.stockade.api.alerts.AlertMessages.AlertChannel;
import io.stockade.api.common.CategoryId;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * Who may be told of a low-stock item, and how: active people of the organisation by their role's default
 * or their own choice, narrowed to categories when they asked for that. Reminders escalate: every active
 * Admin hears of them, whatever categories they picked (e-mail only if they did not turn e-mail off).
 * Reads the command side's people and category look-ups (their copies are written with the accounts'
 * events); writes nothing.
 */
@Repository
class AlertRecipientRepository {
    private final DSLContext dsl;

    AlertRecipientRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A person's choice; {@code chosen} false means the role's default is in force. */
    record Preferences(boolean email, boolean inApp, List<CategoryId> categoryIds, boolean chosen) {
        static Preferences defaultFor(Role role) {
            boolean on = role == Role.MANAGER || role == Role.ADMIN;
            return new Preferences(on, on, List.of(), false);
        }
    }

    /** Everyone who may be told of an alert (escalated: a reminder); the item applies its categories. */
    List<AlertAudience> audience(TenantId tenant, boolean escalated) {
        List<AlertAudience> audience = new ArrayList<>();
        for (Record r : dsl.select(
                        USER_ACCOUNT.USER_ID,
                        USER_ACCOUNT.ROLE,
                        ALERT_PREFERENCE.EMAIL,
                        ALERT_PREFERENCE.IN_APP,
                        ALERT_PREFERENCE.CATEGORY_IDS)
                .from(USER_ACCOUNT)
                .leftJoin(ALERT_PREFERENCE)
                .on(ALERT_PREFERENCE.USER_ID.eq(USER_ACCOUNT.USER_ID))
                .where(USER_ACCOUNT.TENANT_ID.eq(tenant.value()))
                .and(USER_ACCOUNT.ACTIVE.isTrue())
                .orderBy(USER_ACCOUNT.USER_ID)
                .fetch()) {
            Role role = Role.valueOf(r.get(USER_ACCOUNT.ROLE));
            Preferences p = preferences(role, r);
            boolean escalatedToThem = escalated && role == Role.ADMIN;
            boolean escalatedEmail = escalatedToThem && (p.email() || !p.chosen());
            List<AlertChannel> covered = new ArrayList<>();
            List<AlertChannel> otherwise = new ArrayList<>();
            if (p.email() || escalatedEmail) {
                covered.add(AlertChannel.EMAIL);
            }
            if (escalatedEmail) {
                otherwise.add(AlertChannel.EMAIL);
            }
            if (p.inApp() || escalatedToThem) {
                covered.add(AlertChannel.IN_APP);
            }
            if (escalatedToThem) {
                otherwise.add(AlertChannel.IN_APP);
            }
            if (!covered.isEmpty()) {
                audience.add(new AlertAudience(
                        new UserId(r.get(USER_ACCOUNT.USER_ID)), role, p.categoryIds(), covered, otherwise));
            }
        }
        return audience;
    }

    Optional<Preferences> preferences(UserId user) {
        return dsl.select(
                        USER_ACCOUNT.ROLE,
                        ALERT_PREFERENCE.EMAIL,
                        ALERT_PREFERENCE.IN_APP,
                        ALERT_PREFERENCE.CATEGORY_IDS)
                .from(USER_ACCOUNT)
                .leftJoin(ALERT_PREFERENCE)
                .on(ALERT_PREFERENCE.USER_ID.eq(USER_ACCOUNT.USER_ID))
                .where(USER_ACCOUNT.USER_ID.eq(user.value()))
                .fetchOptional(r -> preferences(Role.valueOf(r.get(USER_ACCOUNT.ROLE)), r));
    }

    private static Preferences preferences(Role role, Record r) {
        if (r.get(ALERT_PREFERENCE.EMAIL) == null) {
            return Preferences.defaultFor(role);
        }
        UUID[] ids = r.get(ALERT_PREFERENCE.CATEGORY_IDS);
        return new Preferences(
                r.get(ALERT_PREFERENCE.EMAIL),
                r.get(ALERT_PREFERENCE.IN_APP),
                Arrays.stream(ids == null ? new UUID[0] : ids)
                        .map(CategoryId::new)
                        .toList(),
                true);
    }

    /** The address to write to, only while the person is active (a deactivated person gets no mail). */
    Optional<String> activeEmail(UserId user, TenantId tenant) {
        return dsl.select(USER_ACCOUNT.EMAIL)
                .from(USER_ACCOUNT)
                .where(USER_ACCOUNT.USER_ID.eq(user.value()))
                .and(USER_ACCOUNT.TENANT_ID.eq(tenant.value()))
                .and(USER_ACCOUNT.ACTIVE.isTrue())
                .fetchOptional(USER_ACCOUNT.EMAIL);
    }

    record Narrowed(UserId userId, Role role, List<CategoryId> categoryIds) {}

    /** Active people who want e-mail for some categories only (the digest filters their items). */
    List<Narrowed> narrowedEmailRecipients(TenantId tenant) {
        return dsl.select(USER_ACCOUNT.USER_ID, USER_ACCOUNT.ROLE, ALERT_PREFERENCE.CATEGORY_IDS)
                .from(USER_ACCOUNT)
                .join(ALERT_PREFERENCE)
                .on(ALERT_PREFERENCE.USER_ID.eq(USER_ACCOUNT.USER_ID))
                .where(USER_ACCOUNT.TENANT_ID.eq(tenant.value()))
                .and(USER_ACCOUNT.ACTIVE.isTrue())
                .and(ALERT_PREFERENCE.EMAIL.isTrue())
                .and(DSL.cardinality(ALERT_PREFERENCE.CATEGORY_IDS).gt(0))
                .orderBy(USER_ACCOUNT.USER_ID)
                .fetch(r -> new Narrowed(
                        new UserId(r.value1()),
                        Role.valueOf(r.value2()),
                        Arrays.stream(r.value3()).map(CategoryId::new).toList()));
    }

    /** Every organisation, for the daily digest. */
    List<TenantId> organisations() {
        return dsl.selectDistinct(USER_ACCOUNT.TENANT_ID)
                .from(USER_ACCOUNT)
                .where(USER_ACCOUNT.ACTIVE.isTrue())
                .fetch(r -> new TenantId(r.value1()));
    }

    /** Whether the organisation has this category (a choice may only name its own). */
    boolean categoryExists(TenantId tenant, CategoryId category) {
        return dsl.fetchExists(
                CATEGORY_NAME,
                CATEGORY_NAME.TENANT_ID.eq(tenant.value()).and(CATEGORY_NAME.CATEGORY_ID.eq(category.value())));
    }
}
