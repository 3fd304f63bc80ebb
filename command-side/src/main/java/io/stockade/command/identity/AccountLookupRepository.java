package io.stockade.command.identity;

import static io.stockade.command.jooq.Tables.USER_ACCOUNT;

import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.command.jooq.tables.records.UserAccountRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/**
 * The command side's account table: global uniqueness of usernames and e-mails, the credential,
 * and the active Admins of each organisation. Written in the transaction of each account command.
 */
@Repository
class AccountLookupRepository {
    static final String ERASED = PersonalValue.ERASED;
    private final DSLContext dsl;

    AccountLookupRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    enum Claim {
        OK,
        USERNAME_TAKEN,
        EMAIL_TAKEN
    }

    Claim insert(
            UserId id, TenantId tenant, String username, String email, String hash, Role role, boolean mustChange) {
        int inserted = dsl.insertInto(USER_ACCOUNT)
                .set(USER_ACCOUNT.USER_ID, id.value())
                .set(USER_ACCOUNT.TENANT_ID, tenant.value())
                .set(USER_ACCOUNT.USERNAME_KEY, key(username))
                .set(USER_ACCOUNT.USERNAME, username)
                .set(USER_ACCOUNT.EMAIL_KEY, key(email))
                .set(USER_ACCOUNT.EMAIL, email)
                .set(USER_ACCOUNT.PASSWORD_HASH, hash)
                .set(USER_ACCOUNT.ROLE, role.name())
                .set(USER_ACCOUNT.ACTIVE, true)
                .set(USER_ACCOUNT.MUST_CHANGE_PASSWORD, mustChange)
                .onConflictDoNothing()
                .execute();
        if (inserted == 1) {
            return Claim.OK;
        }
        return dsl.fetchExists(USER_ACCOUNT, USER_ACCOUNT.USERNAME_KEY.eq(key(username)))
                ? Claim.USERNAME_TAKEN
                : Claim.EMAIL_TAKEN;
    }

    /** An erased account is nobody's: its placeholder key signs no one in (and records nothing under its key). */
    Optional<UserAccountRecord> findByUsername(String username) {
        return dsl.selectFrom(USER_ACCOUNT)
                .where(USER_ACCOUNT.USERNAME_KEY.eq(key(username)))
                .and(USER_ACCOUNT.USERNAME.ne(ERASED))
                .fetchOptional();
    }

    Optional<UserAccountRecord> findByEmail(String email) {
        return dsl.selectFrom(USER_ACCOUNT)
                .where(USER_ACCOUNT.EMAIL_KEY.eq(key(email)))
                .and(USER_ACCOUNT.EMAIL.ne(ERASED))
                .fetchOptional();
    }

    Optional<UserAccountRecord> find(UserId id) {
        return dsl.selectFrom(USER_ACCOUNT)
                .where(USER_ACCOUNT.USER_ID.eq(id.value()))
                .fetchOptional();
    }

    /** Locks the organisation's active Admins, so two concurrent demotions cannot both pass the count. */
    int lockActiveAdmins(TenantId tenant) {
        return dsl.select(USER_ACCOUNT.USER_ID)
                .from(USER_ACCOUNT)
                .where(USER_ACCOUNT
                        .TENANT_ID
                        .eq(tenant.value())
                        .and(USER_ACCOUNT.ROLE.eq(Role.ADMIN.name()))
                        .and(USER_ACCOUNT.ACTIVE.isTrue()))
                .forUpdate()
                .fetch()
                .size();
    }

    void setRole(UserId id, Role role) {
        dsl.update(USER_ACCOUNT)
                .set(USER_ACCOUNT.ROLE, role.name())
                .where(USER_ACCOUNT.USER_ID.eq(id.value()))
                .execute();
    }

    void setActive(UserId id, boolean active) {
        dsl.update(USER_ACCOUNT)
                .set(USER_ACCOUNT.ACTIVE, active)
                .where(USER_ACCOUNT.USER_ID.eq(id.value()))
                .execute();
    }

    void setPassword(UserId id, String hash, boolean mustChange) {
        dsl.update(USER_ACCOUNT)
                .set(USER_ACCOUNT.PASSWORD_HASH, hash)
                .set(USER_ACCOUNT.MUST_CHANGE_PASSWORD, mustChange)
                .where(USER_ACCOUNT.USER_ID.eq(id.value()))
                .execute();
    }

    boolean setEmail(UserId id, String email) {
        return dsl.update(USER_ACCOUNT)
                        .set(USER_ACCOUNT.EMAIL_KEY, key(email))
                        .set(USER_ACCOUNT.EMAIL, email)
                        .where(USER_ACCOUNT.USER_ID.eq(id.value()))
                        .andNotExists(dsl.selectOne()
                                .from(USER_ACCOUNT.as("other"))
                                .where(USER_ACCOUNT
                                        .as("other")
                                        .EMAIL_KEY
                                        .eq(key(email))
                                        .and(USER_ACCOUNT.as("other").USER_ID.ne(id.value()))))
                        .execute()
                == 1;
    }

    /**
     * Replaces the person's clear values by placeholders (the keys stay unique and name no one), makes the
     * password unusable and the account inactive: the row stays, so ids still resolve to "an erased person".
     */
    void erase(UserId id) {
        String placeholder = "erased:" + id.value();
        dsl.update(USER_ACCOUNT)
                .set(USER_ACCOUNT.USERNAME_KEY, placeholder)
                .set(USER_ACCOUNT.USERNAME, ERASED)
                .set(USER_ACCOUNT.EMAIL_KEY, placeholder)
                .set(USER_ACCOUNT.EMAIL, ERASED)
                .set(USER_ACCOUNT.PASSWORD_HASH, "{bcrypt-sha256}erased")
                .set(USER_ACCOUNT.ACTIVE, false)
                .set(USER_ACCOUNT.LOCKED_UNTIL, (OffsetDateTime) null)
                .where(USER_ACCOUNT.USER_ID.eq(id.value()))
                .execute();
    }

    void setLock(UserId id, Instant lockedUntil) {
        dsl.update(USER_ACCOUNT)
                .set(USER_ACCOUNT.LOCKED_UNTIL, SessionRepository.at(lockedUntil))
                .where(USER_ACCOUNT.USER_ID.eq(id.value()))
                .execute();
    }

    /** Accounts whose lock has run out, for the unlock sweep. */
    List<UserAccountRecord> expiredLocks(Instant now) {
        return dsl.selectFrom(USER_ACCOUNT)
                .where(USER_ACCOUNT.LOCKED_UNTIL.le(SessionRepository.at(now)))
                .limit(500)
                .fetch();
    }

    boolean anyUser() {
        return dsl.fetchExists(USER_ACCOUNT);
    }

    static String key(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }
}
