package io.stockade.command.identity;

import static io.stockade.command.jooq.Tables.AUTH_SESSION;
import static io.stockade.command.jooq.Tables.IDEMPOTENCY_RECORD;
import static io.stockade.command.jooq.Tables.PASSWORD_HISTORY;
import static io.stockade.command.jooq.Tables.PASSWORD_RESET;
import static io.stockade.command.jooq.Tables.REFRESH_TOKEN;

import io.stockade.command.jooq.tables.records.AuthSessionRecord;
import io.stockade.command.jooq.tables.records.PasswordResetRecord;
import io.stockade.command.jooq.tables.records.RefreshTokenRecord;
import io.stockade.command.jooq.tables.records.UserAccountRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** Sessions, their refresh tokens (SHA-256 hashes only) and password history. */
@Repository
class SessionRepository {
    private final DSLContext dsl;

    SessionRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    static OffsetDateTime at(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    void insertSession(AuthSessionRecord r) {
        dsl.executeInsert(r);
    }

    void insertToken(UUID sessionId, String hash, Instant issued, Instant expires) {
        dsl.insertInto(REFRESH_TOKEN)
                .set(REFRESH_TOKEN.TOKEN_HASH, hash)
                .set(REFRESH_TOKEN.SESSION_ID, sessionId)
                .set(REFRESH_TOKEN.ISSUED_AT, at(issued))
                .set(REFRESH_TOKEN.EXPIRES_AT, at(expires))
                .execute();
    }

    /** The token row, locked: two requests presenting the same token are decided one after the other. */
    Optional<RefreshTokenRecord> lockToken(String hash) {
        return dsl.selectFrom(REFRESH_TOKEN)
                .where(REFRESH_TOKEN.TOKEN_HASH.eq(hash))
                .forUpdate()
                .fetchOptional();
    }

    void markUsed(String hash, Instant when) {
        dsl.update(REFRESH_TOKEN)
                .set(REFRESH_TOKEN.USED_AT, at(when))
                .where(REFRESH_TOKEN.TOKEN_HASH.eq(hash))
                .execute();
    }

    Optional<AuthSessionRecord> session(UUID id) {
        return dsl.selectFrom(AUTH_SESSION)
                .where(AUTH_SESSION.SESSION_ID.eq(id))
                .fetchOptional();
    }

    Optional<AuthSessionRecord> lockSession(UUID id) {
        return dsl.selectFrom(AUTH_SESSION)
                .where(AUTH_SESSION.SESSION_ID.eq(id))
                .forUpdate()
                .fetchOptional();
    }

    void touch(UUID id, Instant when) {
        dsl.update(AUTH_SESSION)
                .set(AUTH_SESSION.LAST_USED_AT, at(when))
                .where(AUTH_SESSION.SESSION_ID.eq(id))
                .execute();
    }

    /** Ends a live session; false when it had already ended. */
    boolean revoke(UUID id, Instant when, String reason) {
        return dsl.update(AUTH_SESSION)
                        .set(AUTH_SESSION.REVOKED_AT, at(when))
                        .set(AUTH_SESSION.REVOKE_REASON, reason)
                        .where(AUTH_SESSION.SESSION_ID.eq(id))
                        .and(AUTH_SESSION.REVOKED_AT.isNull())
                        .execute()
                == 1;
    }

    /** Ends every live session of a user but {@code keep}; returns the ids ended. */
    List<UUID> revokeAll(UUID userId, UUID keep, Instant when, String reason) {
        var condition = AUTH_SESSION
                .USER_ID
                .eq(userId)
                .and(AUTH_SESSION.REVOKED_AT.isNull())
                .and(AUTH_SESSION.EXPIRES_AT.gt(at(when)));
        if (keep != null) {
            condition = condition.and(AUTH_SESSION.SESSION_ID.ne(keep));
        }
        return dsl.update(AUTH_SESSION)
                .set(AUTH_SESSION.REVOKED_AT, at(when))
                .set(AUTH_SESSION.REVOKE_REASON, reason)
                .where(condition)
                .returning(AUTH_SESSION.SESSION_ID)
                .fetch(AUTH_SESSION.SESSION_ID);
    }

    /** Live sessions of a user, newest first. */
    List<AuthSessionRecord> live(UUID userId, Instant now, Instant idleCutoff) {
        return dsl.selectFrom(AUTH_SESSION)
                .where(AUTH_SESSION
                        .USER_ID
                        .eq(userId)
                        .and(AUTH_SESSION.REVOKED_AT.isNull())
                        .and(AUTH_SESSION.EXPIRES_AT.gt(at(now)))
                        .and(AUTH_SESSION.LAST_USED_AT.gt(at(idleCutoff))))
                .orderBy(AUTH_SESSION.CREATED_AT.desc())
                .fetch();
    }

    /** Forgets sessions that ended more than {@code before}: their tokens can never be used again anyway. */
    int purge(Instant before) {
        return dsl.deleteFrom(AUTH_SESSION)
                .where(AUTH_SESSION.EXPIRES_AT.lt(at(before)).or(AUTH_SESSION.REVOKED_AT.lt(at(before))))
                .execute();
    }

    List<String> recentPasswords(UUID userId, int limit) {
        return dsl.select(PASSWORD_HISTORY.PASSWORD_HASH)
                .from(PASSWORD_HISTORY)
                .where(PASSWORD_HISTORY.USER_ID.eq(userId))
                .orderBy(PASSWORD_HISTORY.CHANGED_AT.desc())
                .limit(limit)
                .fetch(PASSWORD_HISTORY.PASSWORD_HASH);
    }

    /** The current hash first (accounts older than the history table have only that), then the remembered ones. */
    List<String> recentHashes(UserAccountRecord account) {
        LinkedHashSet<String> hashes = new LinkedHashSet<>();
        hashes.add(account.getPasswordHash());
        hashes.addAll(recentPasswords(account.getUserId(), Passwords.HISTORY));
        return hashes.stream().limit(Passwords.HISTORY).toList();
    }

    void rememberPassword(UUID userId, String hash, Instant when, int keep) {
        dsl.insertInto(PASSWORD_HISTORY)
                .set(PASSWORD_HISTORY.USER_ID, userId)
                .set(PASSWORD_HISTORY.CHANGED_AT, at(when))
                .set(PASSWORD_HISTORY.PASSWORD_HASH, hash)
                .onConflictDoNothing()
                .execute();
        dsl.deleteFrom(PASSWORD_HISTORY)
                .where(PASSWORD_HISTORY.USER_ID.eq(userId))
                .and(PASSWORD_HISTORY.CHANGED_AT.notIn(dsl.select(PASSWORD_HISTORY.CHANGED_AT)
                        .from(PASSWORD_HISTORY)
                        .where(PASSWORD_HISTORY.USER_ID.eq(userId))
                        .orderBy(PASSWORD_HISTORY.CHANGED_AT.desc())
                        .limit(keep)))
                .execute();
    }

    void insertReset(String tokenHash, UUID userId, Instant now, Instant expires) {
        dsl.insertInto(PASSWORD_RESET)
                .set(PASSWORD_RESET.TOKEN_HASH, tokenHash)
                .set(PASSWORD_RESET.USER_ID, userId)
                .set(PASSWORD_RESET.CREATED_AT, at(now))
                .set(PASSWORD_RESET.EXPIRES_AT, at(expires))
                .execute();
    }

    Optional<PasswordResetRecord> lockReset(String tokenHash) {
        return dsl.selectFrom(PASSWORD_RESET)
                .where(PASSWORD_RESET.TOKEN_HASH.eq(tokenHash))
                .forUpdate()
                .fetchOptional();
    }

    /** Uses up every open reset token of the user (the one presented and any older one). */
    void useResets(UUID userId, Instant now) {
        dsl.update(PASSWORD_RESET)
                .set(PASSWORD_RESET.USED_AT, at(now))
                .where(PASSWORD_RESET.USER_ID.eq(userId).and(PASSWORD_RESET.USED_AT.isNull()))
                .execute();
    }

    /** Every session of a user, newest first (the export's "where and when you signed in"). */
    List<AuthSessionRecord> all(UUID userId) {
        return dsl.selectFrom(AUTH_SESSION)
                .where(AUTH_SESSION.USER_ID.eq(userId))
                .orderBy(AUTH_SESSION.CREATED_AT.desc())
                .fetch();
    }

    /**
     * Erasure: sessions keep their times (they are ended already) but lose the address and user agent; refresh
     * tokens, password history, reset tokens and the stored answers of their retried requests go.
     */
    void forget(UUID userId) {
        dsl.update(AUTH_SESSION)
                .set(AUTH_SESSION.CLIENT_IP, (String) null)
                .set(AUTH_SESSION.USER_AGENT, (String) null)
                .where(AUTH_SESSION.USER_ID.eq(userId))
                .execute();
        dsl.deleteFrom(REFRESH_TOKEN)
                .where(REFRESH_TOKEN.SESSION_ID.in(
                        dsl.select(AUTH_SESSION.SESSION_ID).from(AUTH_SESSION).where(AUTH_SESSION.USER_ID.eq(userId))))
                .execute();
        dsl.deleteFrom(PASSWORD_HISTORY)
                .where(PASSWORD_HISTORY.USER_ID.eq(userId))
                .execute();
        dsl.deleteFrom(PASSWORD_RESET).where(PASSWORD_RESET.USER_ID.eq(userId)).execute();
        // A retried request's stored answer may repeat what they typed (a movement's reason), serialized in clear;
        // an erased person retries nothing.
        dsl.deleteFrom(IDEMPOTENCY_RECORD)
                .where(IDEMPOTENCY_RECORD.USER_ID.eq(userId))
                .execute();
    }
}
