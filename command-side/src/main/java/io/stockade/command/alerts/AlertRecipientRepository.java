package io.stockade.command.alerts;

import static io.stockade.command.jooq.Tables.ALERT_PREFERENCE;
import static io.stockade.command.jooq.Tables.USER_ACCOUNT;

import io.stockade.api.alerts.AlertMessages.AlertChannel;
import io.stockade.api.alerts.AlertMessages.AlertRecipient;
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
 * Who is told of a low-stock item, and how: active people of the organisation by their role's default
 * or their own choice, narrowed to categories when they asked for that. Reminders escalate: every active
 * Admin hears of them, whatever categories they picked (e-mail only if they did not turn e-mail off).
 */
@Repository
public class AlertRecipientRepository {
    private final DSLContext dsl;

    AlertRecipientRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A person's choice; {@code chosen} false means the role's default is in force. */
    public record Preferences(boolean email, boolean inApp, List<CategoryId> categoryIds, boolean chosen) {
        static Preferences defaultFor(Role role) {
            boolean on = role == Role.MANAGER || role == Role.ADMIN;
            return new Preferences(on, on, List.of(), false);
        }

        boolean covers(CategoryId category, CategoryId subCategory) {
            return categoryIds.isEmpty() || categoryIds.contains(category) || categoryIds.contains(subCategory);
        }
    }

    public List<AlertRecipient> recipients(
            TenantId tenant, CategoryId category, CategoryId subCategory, boolean escalated) {
        List<AlertRecipient> recipients = new ArrayList<>();
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
            List<AlertChannel> channels = new ArrayList<>();
            boolean wanted = p.covers(category, subCategory);
            boolean escalatedToThem = escalated && role == Role.ADMIN;
            if (p.email() && wanted || escalatedToThem && (p.email() || !p.chosen())) {
                channels.add(AlertChannel.EMAIL);
            }
            if (p.inApp() && wanted || escalatedToThem) {
                channels.add(AlertChannel.IN_APP);
            }
            if (!channels.isEmpty()) {
                recipients.add(new AlertRecipient(new UserId(r.get(USER_ACCOUNT.USER_ID)), role, channels));
            }
        }
        return recipients;
    }

    public Optional<Preferences> preferences(UserId user) {
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

    public void save(UserId user, TenantId tenant, boolean email, boolean inApp, List<CategoryId> categories) {
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

    /** The address to write to, only while the person is active (a deactivated person gets no mail). */
    public Optional<String> activeEmail(UserId user, TenantId tenant) {
        return dsl.select(USER_ACCOUNT.EMAIL)
                .from(USER_ACCOUNT)
                .where(USER_ACCOUNT.USER_ID.eq(user.value()))
                .and(USER_ACCOUNT.TENANT_ID.eq(tenant.value()))
                .and(USER_ACCOUNT.ACTIVE.isTrue())
                .fetchOptional(USER_ACCOUNT.EMAIL);
    }

    public record Narrowed(UserId userId, Role role, List<CategoryId> categoryIds) {}

    /** Active people who want e-mail for some categories only (the digest filters their items). */
    public List<Narrowed> narrowedEmailRecipients(TenantId tenant) {
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
    public List<TenantId> organisations() {
        return dsl.selectDistinct(USER_ACCOUNT.TENANT_ID)
                .from(USER_ACCOUNT)
                .where(USER_ACCOUNT.ACTIVE.isTrue())
                .fetch(r -> new TenantId(r.value1()));
    }
}
