package io.stockade.command.identity;

import io.micrometer.core.instrument.MeterRegistry;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.SecurityMessages.RecordSecurityEventCommand;
import io.stockade.api.identity.SecurityMessages.RecordSignInFailureCommand;
import io.stockade.api.identity.SecurityMessages.SecurityEventType;
import io.stockade.api.identity.SecurityMessages.UnlockAccountCommand;
import io.stockade.command.jooq.tables.records.UserAccountRecord;
import io.stockade.platform.ratelimit.RateLimitTrips;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * Writes security events off the request thread, so that a failed sign-in answers in the same time
 * whether the account is unknown, locked or just given a wrong password (the event append would
 * otherwise make the known-account paths measurably slower). Counted in metrics either way.
 */
@Component
class SecurityRecorder implements RateLimitTrips, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(SecurityRecorder.class);
    private static final Duration TRIP_QUIET = Duration.ofMinutes(15);
    private final CommandGateway commands;
    private final AccountLookupRepository accounts;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Instant> lastTrip = new ConcurrentHashMap<>();
    // Bounded: under a flood the oldest work is not kept waiting for ever; rejected records are logged and counted.
    private final ExecutorService writer = new ThreadPoolExecutor(
            1,
            2,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(10_000),
            r -> {
                Thread t = new Thread(r, "security-events");
                t.setDaemon(true);
                return t;
            },
            (r, pool) -> LoggerFactory.getLogger(SecurityRecorder.class)
                    .warn("Security event queue full; one event dropped"));

    SecurityRecorder(CommandGateway commands, AccountLookupRepository accounts, MeterRegistry meters, Clock clock) {
        this.commands = commands;
        this.accounts = accounts;
        this.meters = meters;
        this.clock = clock;
        // Registered at zero: a counter that first appears at 1 has no increase() in Prometheus, so the first
        // failed sign-in after a start would not count towards StockadeSignInFailures.
        for (SecurityEventType type : SecurityEventType.values()) {
            meters.counter("stockade.security.events", "type", type.name());
        }
        meters.counter("stockade.ratelimit.rejected", "scope", "login");
    }

    void event(UserId user, TenantId tenant, SecurityEventType type, String sessionId, String detail, String clientIp) {
        meters.counter("stockade.security.events", "type", type.name()).increment();
        // The type only: the request's log fields (request, user and organisation ids) say whose and where.
        log.info("Security event {}", type);
        writer.execute(() -> send(new RecordSecurityEventCommand(user, tenant, type, sessionId, detail, clientIp)));
    }

    void failure(UserAccountRecord account, String reason, String clientIp, int threshold, Instant lockUntil) {
        meters.counter("stockade.security.events", "type", SecurityEventType.LOGIN_FAILED.name())
                .increment();
        log.info("Failed sign-in of a known account");
        writer.execute(() -> send(new RecordSignInFailureCommand(
                new UserId(account.getUserId()),
                new TenantId(account.getTenantId()),
                reason,
                clientIp,
                threshold,
                clock.instant(),
                lockUntil)));
    }

    /** Runs work off the request thread, on the same bounded queue as the events. */
    void later(Runnable work) {
        writer.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.warn("Background security work failed: {}", e.getClass().getSimpleName());
            }
        });
    }

    /** Unknown usernames have no account to record against: a metric and a log line (without the name). */
    void unknownAccount() {
        meters.counter("stockade.security.events", "type", SecurityEventType.LOGIN_FAILED.name())
                .increment();
        log.info("Failed sign-in for an unknown account");
    }

    /** Sign-in attempts refused for their rate: the account is not looked up, so only a metric. */
    void loginThrottled() {
        meters.counter("stockade.ratelimit.rejected", "scope", "login").increment();
    }

    /** One event per user and quiet period: a client hammering the API must not also flood the log. */
    @Override
    public void tripped(String scope, Jwt jwt, String clientIp) {
        if (jwt == null) {
            log.info("Rate limit reached ({})", scope);
            return;
        }
        String key = scope + ":" + jwt.getSubject();
        Instant now = clock.instant();
        Instant last = lastTrip.get(key);
        if (last != null && now.isBefore(last.plus(TRIP_QUIET))) {
            return;
        }
        lastTrip.put(key, now);
        if (lastTrip.size() > 50_000) {
            lastTrip.values().removeIf(t -> now.isAfter(t.plus(TRIP_QUIET)));
        }
        try {
            event(
                    UserId.of(jwt.getSubject()),
                    TenantId.of(jwt.getClaimAsString("tid")),
                    SecurityEventType.RATE_LIMITED,
                    jwt.getClaimAsString("sid"),
                    scope,
                    clientIp);
        } catch (IllegalArgumentException e) {
            log.info("Rate limit reached ({})", scope);
        }
    }

    /** Ends the locks whose time is up; every node may run it, the aggregate unlocks once. */
    @Scheduled(fixedDelay = 20, initialDelay = 20, timeUnit = TimeUnit.SECONDS)
    void unlockExpired() {
        for (UserAccountRecord a : accounts.expiredLocks(clock.instant())) {
            send(new UnlockAccountCommand(new UserId(a.getUserId()), new TenantId(a.getTenantId()), "lock expired"));
        }
    }

    private void send(Object command) {
        try {
            commands.sendAndWait(command, 10, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            log.warn(
                    "Could not record a security event ({}): {}",
                    command.getClass().getSimpleName(),
                    e.getClass().getSimpleName());
        }
    }

    /** Waits for queued events before the application closes, so a clean stop loses none. */
    @Override
    public void destroy() throws InterruptedException {
        writer.shutdown();
        writer.awaitTermination(10, TimeUnit.SECONDS);
    }
}
