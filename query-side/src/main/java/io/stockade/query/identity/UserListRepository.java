package io.stockade.query.identity;

import static io.stockade.query.jooq.Tables.IDENTITY_USER;

import io.stockade.api.common.Role;
import io.stockade.api.identity.IdentityMessages.UserLookup;
import io.stockade.api.identity.IdentityMessages.UserRegisteredEvent;
import io.stockade.api.identity.IdentityMessages.UserView;
import io.stockade.query.jooq.tables.records.IdentityUserRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** All SQL of the user list. Callers bind the tenant first. */
@Repository
class UserListRepository {
    private final DSLContext dsl;

    UserListRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    void insert(UserRegisteredEvent e, Instant at) {
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

    <T> void set(UUID tenant, UUID user, Field<T> field, T value) {
        dsl.update(IDENTITY_USER).set(field, value).where(key(tenant, user)).execute();
    }

    void truncate() {
        dsl.truncate(IDENTITY_USER).execute();
    }

    List<UserView> all(UUID tenant) {
        return dsl.selectFrom(IDENTITY_USER)
                .where(IDENTITY_USER.TENANT_ID.eq(tenant))
                .orderBy(DSL.lower(IDENTITY_USER.USERNAME))
                .fetch(UserListRepository::view);
    }

    Optional<UserView> find(UUID tenant, UUID user) {
        return dsl.selectFrom(IDENTITY_USER).where(key(tenant, user)).fetchOptional(UserListRepository::view);
    }

    List<UserLookup> lookup(UUID tenant, String search, int limit) {
        Condition where = IDENTITY_USER.TENANT_ID.eq(tenant);
        if (search != null && !search.isBlank()) {
            String like = search.strip()
                            .toLowerCase(Locale.ROOT)
                            .replace("\\", "\\\\")
                            .replace("%", "\\%")
                            .replace("_", "\\_")
                    + "%";
            where = where.and(DSL.lower(IDENTITY_USER.USERNAME).like(like, '\\'));
        }
        return dsl.select(IDENTITY_USER.USER_ID, IDENTITY_USER.USERNAME)
                .from(IDENTITY_USER)
                .where(where)
                .orderBy(DSL.lower(IDENTITY_USER.USERNAME))
                .limit(limit)
                .fetch(r -> new UserLookup(r.value1().toString(), r.value2()));
    }

    private static Condition key(UUID tenant, UUID user) {
        return IDENTITY_USER.TENANT_ID.eq(tenant).and(IDENTITY_USER.USER_ID.eq(user));
    }

    private static UserView view(IdentityUserRecord r) {
        return new UserView(
                r.getUserId().toString(),
                r.getUsername(),
                r.getEmail(),
                Role.valueOf(r.getRole()),
                r.getCreatedAt().toInstant(),
                r.getActive(),
                r.getMustChangePassword(),
                r.getRetentionHold(),
                r.getErased());
    }

    /** Erasure: the row stays (ids in other views still resolve to someone), its name and address go. */
    void erase(UUID tenant, UUID user, String erased) {
        dsl.update(IDENTITY_USER)
                .set(IDENTITY_USER.USERNAME, erased)
                .set(IDENTITY_USER.EMAIL, erased)
                .set(IDENTITY_USER.ACTIVE, false)
                .set(IDENTITY_USER.ERASED, true)
                .where(IDENTITY_USER.TENANT_ID.eq(tenant).and(IDENTITY_USER.USER_ID.eq(user)))
                .execute();
    }
}
