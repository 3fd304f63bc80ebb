package io.stockade.query.identity;

import static io.stockade.query.jooq.Tables.IDENTITY_USER;

import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.FindUserQuery;
import io.stockade.api.identity.IdentityMessages.FindUsersQuery;
import io.stockade.api.identity.IdentityMessages.LookupUsersQuery;
import io.stockade.api.identity.IdentityMessages.UserDeactivatedEvent;
import io.stockade.api.identity.IdentityMessages.UserList;
import io.stockade.api.identity.IdentityMessages.UserLookup;
import io.stockade.api.identity.IdentityMessages.UserLookupList;
import io.stockade.api.identity.IdentityMessages.UserPasswordChangedEvent;
import io.stockade.api.identity.IdentityMessages.UserProfileUpdatedEvent;
import io.stockade.api.identity.IdentityMessages.UserReactivatedEvent;
import io.stockade.api.identity.IdentityMessages.UserRegisteredEvent;
import io.stockade.api.identity.IdentityMessages.UserRoleChangedEvent;
import io.stockade.api.identity.IdentityMessages.UserView;
import io.stockade.platform.tenancy.Tenancy;
import io.stockade.platform.tenancy.TenantScope;
import io.stockade.query.jooq.tables.records.IdentityUserRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/** The user list of seed 004 and the pickers that need id + username. */
@Component
@ProcessingGroup("identity-users")
class UserProjection {
    private final DSLContext dsl;
    private final TenantScope tenants;

    UserProjection(DSLContext dsl, TenantScope tenants) {
        this.dsl = dsl;
        this.tenants = tenants;
    }

    @EventHandler
    void on(UserRegisteredEvent e, @Timestamp Instant at) {
        Tenancy.bind(dsl, e.tenantId());
        dsl.insertInto(IDENTITY_USER)
                .set(IDENTITY_USER.TENANT_ID, e.tenantId().value())
                .set(IDENTITY_USER.USER_ID, e.userId().value())
                .set(IDENTITY_USER.USERNAME, e.username().displayValue())
                .set(IDENTITY_USER.EMAIL, e.email().displayValue())
                .set(IDENTITY_USER.ROLE, e.role().name())
                .set(IDENTITY_USER.ACTIVE, true)
                .set(IDENTITY_USER.MUST_CHANGE_PASSWORD, e.mustChangePassword())
                .set(IDENTITY_USER.CREATED_AT, at.atOffset(ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute();
    }

    @EventHandler
    void on(UserRoleChangedEvent e) {
        update(e.tenantId(), e.userId()).set(IDENTITY_USER.ROLE, e.role().name()).where(key(e.tenantId(), e.userId())).execute();
    }

    @EventHandler
    void on(UserDeactivatedEvent e) {
        update(e.tenantId(), e.userId()).set(IDENTITY_USER.ACTIVE, false).where(key(e.tenantId(), e.userId())).execute();
    }

    @EventHandler
    void on(UserReactivatedEvent e) {
        update(e.tenantId(), e.userId()).set(IDENTITY_USER.ACTIVE, true).where(key(e.tenantId(), e.userId())).execute();
    }

    @EventHandler
    void on(UserPasswordChangedEvent e) {
        update(e.tenantId(), e.userId()).set(IDENTITY_USER.MUST_CHANGE_PASSWORD, e.mustChangePassword())
                .where(key(e.tenantId(), e.userId())).execute();
    }

    @EventHandler
    void on(UserProfileUpdatedEvent e) {
        update(e.tenantId(), e.userId()).set(IDENTITY_USER.EMAIL, e.email().displayValue())
                .where(key(e.tenantId(), e.userId())).execute();
    }

    @ResetHandler
    void reset() {
        dsl.truncate(IDENTITY_USER).execute();
    }

    @QueryHandler
    UserList handle(FindUsersQuery q) {
        return tenants.read(q.tenantId(), d -> new UserList(dsl.selectFrom(IDENTITY_USER)
                .where(IDENTITY_USER.TENANT_ID.eq(q.tenantId().value()))
                .orderBy(DSL.lower(IDENTITY_USER.USERNAME)).fetch(UserProjection::view)));
    }

    @QueryHandler
    Optional<UserView> handle(FindUserQuery q) {
        return tenants.read(q.tenantId(), d -> dsl.selectFrom(IDENTITY_USER)
                .where(key(q.tenantId(), q.userId())).fetchOptional(UserProjection::view));
    }

    @QueryHandler
    UserLookupList handle(LookupUsersQuery q) {
        return tenants.read(q.tenantId(), d -> {
            var where = IDENTITY_USER.TENANT_ID.eq(q.tenantId().value());
            if (q.search() != null && !q.search().isBlank()) {
                String like = q.search().strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                        .replace("_", "\\_") + "%";
                where = where.and(DSL.lower(IDENTITY_USER.USERNAME).like(like, '\\'));
            }
            return new UserLookupList(dsl.select(IDENTITY_USER.USER_ID, IDENTITY_USER.USERNAME).from(IDENTITY_USER)
                    .where(where).orderBy(DSL.lower(IDENTITY_USER.USERNAME)).limit(q.limit())
                    .fetch(r -> new UserLookup(r.value1().toString(), r.value2())));
        });
    }

    private org.jooq.UpdateSetFirstStep<IdentityUserRecord> update(TenantId tenant, UserId user) {
        Tenancy.bind(dsl, tenant);
        return dsl.update(IDENTITY_USER);
    }

    private static org.jooq.Condition key(TenantId tenant, UserId user) {
        return IDENTITY_USER.TENANT_ID.eq(tenant.value()).and(IDENTITY_USER.USER_ID.eq(user.value()));
    }

    private static UserView view(IdentityUserRecord r) {
        return new UserView(r.getUserId().toString(), r.getUsername(), r.getEmail(), Role.valueOf(r.getRole()),
                r.getCreatedAt().toInstant(), r.getActive(), r.getMustChangePassword());
    }
}
