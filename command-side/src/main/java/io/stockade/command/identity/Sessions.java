package io.stockade.command.identity;

import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.SecurityMessages.SecurityEventType;
import io.stockade.command.jooq.tables.records.AuthSessionRecord;
import io.stockade.command.jooq.tables.records.RefreshTokenRecord;
import io.stockade.command.jooq.tables.records.UserAccountRecord;
import io.stockade.platform.config.SecretFiles;
import io.stockade.platform.config.SecuritySettings;
import io.stockade.platform.config.StockadeProperties;
import io.stockade.platform.security.TokenRevocations;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sign-in sessions (OAuth 2.0 Security BCP, refresh-token rotation): each sign-in opens a session,
 * the token family. A refresh token is random (256 bits), kept only as its SHA-256, used once, and
 * exchanged for a successor; presenting a used one again means it was copied, so the whole session
 * ends and a security event is recorded. Sessions end after {@code refreshTtl}, after
 * {@code sessionIdle} without a refresh, or when revoked; their access tokens then fail at once
 * through the revocation list.
 */
@Component
class Sessions {
    private static final Logger log = LoggerFactory.getLogger(Sessions.class);
    private final SessionRepository repository;
    private final AccountLookupRepository accounts;
    private final TokenRevocations revocations;
    private final SecuritySettings settings;
    private final StockadeProperties properties;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final SecurityRecorder recorder;

    Sessions(
            SessionRepository repository,
            AccountLookupRepository accounts,
            TokenRevocations revocations,
            SecuritySettings settings,
            StockadeProperties properties,
            Clock clock,
            TransactionTemplate tx,
            SecurityRecorder recorder) {
        this.repository = repository;
        this.accounts = accounts;
        this.revocations = revocations;
        this.settings = settings;
        this.properties = properties;
        this.clock = clock;
        this.tx = tx;
        this.recorder = recorder;
    }

    record Opened(UUID sessionId, String refreshToken, String csrfToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "Opened[sessionId=" + sessionId + "]";
        }
    }

    sealed interface Refresh permits Refreshed, Refused {}

    record Refreshed(
            UserAccountRecord account, UUID sessionId, String refreshToken, List<String> amr, Instant expiresAt)
            implements Refresh {
        @Override
        public String toString() {
            return "Refreshed[sessionId=" + sessionId + "]";
        }
    }

    /** @param csrf true when the refusal is a CSRF failure (403), false for a dead or unknown token (401) */
    record Refused(String reason, boolean csrf) implements Refresh {}

    Opened open(UserAccountRecord account, String userAgent, String clientIp, List<String> amr) {
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        String refresh = SecretFiles.randomToken(32);
        String csrf = SecretFiles.randomToken(32);
        Instant expires = now.plus(settings.refreshTtl());
        AuthSessionRecord r = new AuthSessionRecord();
        r.setSessionId(id);
        r.setUserId(account.getUserId());
        r.setTenantId(account.getTenantId());
        r.setCreatedAt(SessionRepository.at(now));
        r.setLastUsedAt(SessionRepository.at(now));
        r.setExpiresAt(SessionRepository.at(expires));
        r.setUserAgent(truncate(userAgent, 256));
        r.setClientIp(truncate(clientIp, 64));
        r.setCsrfHash(hash(csrf));
        r.setAmr(String.join(" ", amr));
        tx.executeWithoutResult(s -> {
            repository.insertSession(r);
            repository.insertToken(id, hash(refresh), now, expires);
        });
        return new Opened(id, refresh, csrf, expires);
    }

    /**
     * Exchanges a refresh token. {@code csrfHeader} must equal the CSRF cookie (double submit) and
     * the session's own CSRF token (synchronizer): a forged cross-site request has neither.
     */
    Refresh refresh(String refreshToken, String csrfCookie, String csrfHeader) {
        if (refreshToken == null || refreshToken.isBlank()) {
            return new Refused("no refresh token", false);
        }
        if (!csrfMatches(csrfCookie, csrfHeader)) {
            return new Refused("CSRF token missing or not matching its cookie", true);
        }
        Instant now = clock.instant();
        List<Runnable> afterCommit = new ArrayList<>();
        Refresh result = tx.execute(s -> {
            String tokenHash = hash(refreshToken);
            Optional<RefreshTokenRecord> token = repository.lockToken(tokenHash);
            if (token.isEmpty()) {
                return new Refused("unknown refresh token", false);
            }
            AuthSessionRecord session =
                    repository.lockSession(token.get().getSessionId()).orElseThrow();
            if (!sameHash(csrfHeader, session.getCsrfHash())) {
                return new Refused("CSRF token does not belong to this session", true);
            }
            if (token.get().getUsedAt() != null) {
                if (session.getRevokedAt() == null) {
                    repository.revoke(session.getSessionId(), now, "refresh-token-reuse");
                    afterCommit.add(() -> {
                        revokeAccess(session.getSessionId());
                        record(session, SecurityEventType.REFRESH_TOKEN_REUSED, "the session was ended");
                    });
                }
                return new Refused("refresh token reused", false);
            }
            if (session.getRevokedAt() != null
                    || !now.isBefore(session.getExpiresAt().toInstant())
                    || !now.isBefore(token.get().getExpiresAt().toInstant())
                    || !now.isBefore(session.getLastUsedAt().toInstant().plus(settings.sessionIdle()))) {
                return new Refused("session ended", false);
            }
            UserAccountRecord account =
                    accounts.find(new UserId(session.getUserId())).orElse(null);
            if (account == null || !account.getActive()) {
                repository.revoke(session.getSessionId(), now, "account-inactive");
                afterCommit.add(() -> revokeAccess(session.getSessionId()));
                return new Refused("account inactive", false);
            }
            repository.markUsed(tokenHash, now);
            String next = SecretFiles.randomToken(32);
            Instant expires = session.getExpiresAt().toInstant();
            repository.insertToken(session.getSessionId(), hash(next), now, expires);
            repository.touch(session.getSessionId(), now);
            return new Refreshed(
                    account,
                    session.getSessionId(),
                    next,
                    List.of(session.getAmr().split(" ")),
                    expires);
        });
        afterCommit.forEach(Runnable::run);
        return result;
    }

    /** Logout: ends the session of the refresh token, used or not, when the CSRF token belongs to it. */
    Optional<Refused> logout(String refreshToken, String csrfCookie, String csrfHeader) {
        if (refreshToken == null || refreshToken.isBlank()) {
            return Optional.empty();
        }
        if (!csrfMatches(csrfCookie, csrfHeader)) {
            return Optional.of(new Refused("CSRF token missing or not matching its cookie", true));
        }
        Instant now = clock.instant();
        Optional<AuthSessionRecord> ended = tx.execute(
                s -> repository.lockToken(hash(refreshToken)).flatMap(t -> repository.lockSession(t.getSessionId())));
        if (ended == null || ended.isEmpty()) {
            return Optional.empty();
        }
        if (!sameHash(csrfHeader, ended.get().getCsrfHash())) {
            return Optional.of(new Refused("CSRF token does not belong to this session", true));
        }
        end(ended.get(), now, "logout");
        return Optional.empty();
    }

    /** A user ends one of their own sessions; false when it is not theirs or already over. */
    boolean revokeOwn(UUID userId, UUID sessionId) {
        Optional<AuthSessionRecord> session =
                repository.session(sessionId).filter(s -> s.getUserId().equals(userId));
        return session.isPresent() && end(session.get(), clock.instant(), "revoked-by-user");
    }

    /** Ends every session of a user except {@code keep} (may be null); returns how many ended. */
    int revokeAll(UserId userId, TenantId tenantId, UUID keep, String reason) {
        Instant now = clock.instant();
        List<UUID> ended = tx.execute(s -> repository.revokeAll(userId.value(), keep, now, reason));
        for (UUID id : ended) {
            revokeAccess(id);
            record(userId, tenantId, id, SecurityEventType.SESSION_REVOKED, reason);
        }
        return ended.size();
    }

    List<AuthSessionRecord> live(UUID userId) {
        Instant now = clock.instant();
        return repository.live(userId, now, now.minus(settings.sessionIdle()));
    }

    private boolean end(AuthSessionRecord session, Instant now, String reason) {
        boolean ended = Boolean.TRUE.equals(tx.execute(s -> repository.revoke(session.getSessionId(), now, reason)));
        if (ended) {
            revokeAccess(session.getSessionId());
            record(session, SecurityEventType.SESSION_REVOKED, reason);
        }
        return ended;
    }

    /** Access tokens live at most accessTtl: the entry may be forgotten once the last one has expired. */
    private void revokeAccess(UUID sessionId) {
        revocations.revoke(
                sessionId.toString(),
                clock.instant().plus(properties.jwt().accessTtl()).plusSeconds(60));
    }

    private void record(AuthSessionRecord s, SecurityEventType type, String detail) {
        record(new UserId(s.getUserId()), new TenantId(s.getTenantId()), s.getSessionId(), type, detail);
    }

    private void record(UserId user, TenantId tenant, UUID sessionId, SecurityEventType type, String detail) {
        recorder.event(user, tenant, type, sessionId.toString(), detail, null);
    }

    /** Runs every hour on every node; deleting the same old rows twice is harmless. */
    @Scheduled(fixedDelay = 1, initialDelay = 1, timeUnit = TimeUnit.HOURS)
    void purge() {
        int purged = repository.purge(clock.instant().minus(Duration.ofDays(30)));
        if (purged > 0) {
            log.info("Forgot {} sessions that ended more than 30 days ago", purged);
        }
    }

    /** The double-submit half of the CSRF check: the header repeats the cookie (constant time). */
    static boolean csrfMatches(String cookie, String header) {
        return cookie != null
                && header != null
                && !header.isBlank()
                && MessageDigest.isEqual(
                        cookie.getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hash(String value) {
        return HexFormat.of().formatHex(sha256(value));
    }

    private static boolean sameHash(String value, String storedHash) {
        return MessageDigest.isEqual(
                hash(value).getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    private static String truncate(String s, int max) {
        return s == null ? null : s.length() > max ? s.substring(0, max) : s;
    }
}
