package io.stockade.command.identity;

import static io.stockade.command.jooq.Tables.MFA_CHALLENGE;
import static io.stockade.command.jooq.Tables.MFA_FACTOR;
import static io.stockade.command.jooq.Tables.MFA_RECOVERY_CODE;
import static io.stockade.command.jooq.Tables.SECURITY_POLICY;

import io.stockade.command.jooq.tables.records.MfaChallengeRecord;
import io.stockade.command.jooq.tables.records.MfaFactorRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** Second factors, recovery codes, sign-in challenges and each organisation's MFA policy. */
@Repository
class MfaRepository {
    private final DSLContext dsl;

    MfaRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    Optional<MfaFactorRecord> factor(UUID userId) {
        return dsl.selectFrom(MFA_FACTOR).where(MFA_FACTOR.USER_ID.eq(userId)).fetchOptional();
    }

    boolean confirmed(UUID userId) {
        return dsl.fetchExists(MFA_FACTOR, MFA_FACTOR.USER_ID.eq(userId).and(MFA_FACTOR.CONFIRMED_AT.isNotNull()));
    }

    /** A new pending secret, replacing an unconfirmed one; false if a confirmed factor exists. */
    boolean startEnrolment(UUID userId, String sealedSecret, Instant now) {
        return dsl.insertInto(MFA_FACTOR)
                        .set(MFA_FACTOR.USER_ID, userId)
                        .set(MFA_FACTOR.SECRET_SEALED, sealedSecret)
                        .set(MFA_FACTOR.CREATED_AT, SessionRepository.at(now))
                        .onConflict(MFA_FACTOR.USER_ID)
                        .doUpdate()
                        .set(MFA_FACTOR.SECRET_SEALED, sealedSecret)
                        .set(MFA_FACTOR.CREATED_AT, SessionRepository.at(now))
                        .set(MFA_FACTOR.LAST_STEP, 0L)
                        .where(MFA_FACTOR.CONFIRMED_AT.isNull())
                        .execute()
                == 1;
    }

    void confirm(UUID userId, Instant now) {
        dsl.update(MFA_FACTOR)
                .set(MFA_FACTOR.CONFIRMED_AT, SessionRepository.at(now))
                .where(MFA_FACTOR.USER_ID.eq(userId))
                .execute();
    }

    /** Moves the last used step forward; false when this step (or a later one) was used already: a replay. */
    boolean useStep(UUID userId, long step) {
        return dsl.update(MFA_FACTOR)
                        .set(MFA_FACTOR.LAST_STEP, step)
                        .where(MFA_FACTOR.USER_ID.eq(userId).and(MFA_FACTOR.LAST_STEP.lt(step)))
                        .execute()
                == 1;
    }

    void remove(UUID userId) {
        dsl.deleteFrom(MFA_RECOVERY_CODE)
                .where(MFA_RECOVERY_CODE.USER_ID.eq(userId))
                .execute();
        dsl.deleteFrom(MFA_FACTOR).where(MFA_FACTOR.USER_ID.eq(userId)).execute();
    }

    void replaceRecoveryCodes(UUID userId, List<String> hashes) {
        dsl.deleteFrom(MFA_RECOVERY_CODE)
                .where(MFA_RECOVERY_CODE.USER_ID.eq(userId))
                .execute();
        for (String h : hashes) {
            dsl.insertInto(MFA_RECOVERY_CODE)
                    .set(MFA_RECOVERY_CODE.USER_ID, userId)
                    .set(MFA_RECOVERY_CODE.CODE_HASH, h)
                    .execute();
        }
    }

    /** Uses a recovery code once; false if unknown or used. */
    boolean useRecoveryCode(UUID userId, String hash, Instant now) {
        return dsl.update(MFA_RECOVERY_CODE)
                        .set(MFA_RECOVERY_CODE.USED_AT, SessionRepository.at(now))
                        .where(MFA_RECOVERY_CODE
                                .USER_ID
                                .eq(userId)
                                .and(MFA_RECOVERY_CODE.CODE_HASH.eq(hash))
                                .and(MFA_RECOVERY_CODE.USED_AT.isNull()))
                        .execute()
                == 1;
    }

    int unusedRecoveryCodes(UUID userId) {
        return dsl.fetchCount(
                MFA_RECOVERY_CODE, MFA_RECOVERY_CODE.USER_ID.eq(userId).and(MFA_RECOVERY_CODE.USED_AT.isNull()));
    }

    void insertChallenge(String hash, UUID userId, Instant now, Instant expires) {
        dsl.insertInto(MFA_CHALLENGE)
                .set(MFA_CHALLENGE.CHALLENGE_HASH, hash)
                .set(MFA_CHALLENGE.USER_ID, userId)
                .set(MFA_CHALLENGE.CREATED_AT, SessionRepository.at(now))
                .set(MFA_CHALLENGE.EXPIRES_AT, SessionRepository.at(expires))
                .execute();
    }

    Optional<MfaChallengeRecord> lockChallenge(String hash) {
        return dsl.selectFrom(MFA_CHALLENGE)
                .where(MFA_CHALLENGE.CHALLENGE_HASH.eq(hash))
                .forUpdate()
                .fetchOptional();
    }

    void challengeAttempt(String hash, boolean used, Instant now) {
        var update = dsl.update(MFA_CHALLENGE).set(MFA_CHALLENGE.ATTEMPTS, MFA_CHALLENGE.ATTEMPTS.plus(1));
        if (used) {
            update = update.set(MFA_CHALLENGE.USED_AT, SessionRepository.at(now));
        }
        update.where(MFA_CHALLENGE.CHALLENGE_HASH.eq(hash)).execute();
    }

    int purgeChallenges(Instant before) {
        return dsl.deleteFrom(MFA_CHALLENGE)
                .where(MFA_CHALLENGE.EXPIRES_AT.lt(SessionRepository.at(before)))
                .execute();
    }

    String mfaRoles(UUID tenant) {
        return dsl.select(SECURITY_POLICY.MFA_ROLES)
                .from(SECURITY_POLICY)
                .where(SECURITY_POLICY.TENANT_ID.eq(tenant))
                .fetchOptional(SECURITY_POLICY.MFA_ROLES)
                .orElse("");
    }

    void setMfaRoles(UUID tenant, String roles) {
        dsl.insertInto(SECURITY_POLICY)
                .set(SECURITY_POLICY.TENANT_ID, tenant)
                .set(SECURITY_POLICY.MFA_ROLES, roles)
                .onConflict(SECURITY_POLICY.TENANT_ID)
                .doUpdate()
                .set(SECURITY_POLICY.MFA_ROLES, roles)
                .execute();
    }
}
