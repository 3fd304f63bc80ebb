package io.stockade.platform.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stockade.platform.ratelimit.RateLimiter;
import io.stockade.platform.security.Roles;
import io.stockade.platform.security.TokenRevocations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Seed 003 §4.4: a public liveness answer, and for an organisation's Admin what concerns them: the database and
 * whether rate limits and revocations are shared. The deployment's event processors are the operator's, on the
 * management port ({@link ProcessorsEndpoint}).
 */
@RestController
public class HealthController {
    private final Instant started;
    private final Clock clock;
    private final DSLContext dsl;
    private final ObjectProvider<RateLimiter> limiter;
    private final ObjectProvider<TokenRevocations> revocations;
    private final ObjectProvider<ApplicationAvailability> availability;

    public HealthController(
            Clock clock,
            DSLContext dsl,
            ObjectProvider<RateLimiter> limiter,
            ObjectProvider<TokenRevocations> revocations,
            ObjectProvider<ApplicationAvailability> availability) {
        this.availability = availability;
        this.limiter = limiter;
        this.revocations = revocations;
        this.clock = clock;
        this.started = clock.instant();
        this.dsl = dsl;
    }

    /**
     * 503 {@code starting} until the application is ready for traffic (after start-up work such as
     * creating the first Admin), so a load balancer or a script waiting on it never sends requests early.
     */
    /** {@code status} is {@code ok}, {@code starting} or {@code degraded}. */
    record Health(String status, long uptime, Instant timestamp) {}

    /** Optional parts (rate limits, a streaming processor's position) are left out when they do not apply. */
    record DetailedHealth(
            String status,
            long uptime,
            Instant timestamp,
            DatabaseHealth database,
            @JsonInclude(JsonInclude.Include.NON_NULL) SharedState rateLimits) {}

    record DatabaseHealth(String status, double latencyMs) {}

    record SharedState(String store, String status) {}

    /**
     * 503 {@code starting} until the application is ready for traffic (after start-up work such as
     * creating the first Admin), so a load balancer or a script waiting on it never sends requests early.
     */
    @GetMapping(path = "/health", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Health> health() {
        ApplicationAvailability a = availability.getIfAvailable();
        if (a != null && a.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(status("starting"));
        }
        return ResponseEntity.ok(status("ok"));
    }

    Health status(String status) {
        return new Health(status, Duration.between(started, clock.instant()).toSeconds(), clock.instant());
    }

    @GetMapping(path = "/health/detailed", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    ResponseEntity<DetailedHealth> detailed() {
        boolean healthy = true;
        long t0 = System.nanoTime();
        String databaseStatus;
        try {
            dsl.selectOne().fetch();
            databaseStatus = "ok";
        } catch (RuntimeException e) {
            databaseStatus = "down";
            healthy = false;
        }
        DatabaseHealth database = new DatabaseHealth(databaseStatus, (System.nanoTime() - t0) / 1_000_000.0);
        // Rate limits and the revocation list: shared through Redis in split mode, or this instance's own.
        RateLimiter rl = limiter.getIfAvailable();
        TokenRevocations rv = revocations.getIfAvailable();
        SharedState shared = null;
        if (rl != null && rv != null) {
            boolean degraded = rl.degraded() || rv.degraded();
            shared = new SharedState(
                    rl.store(),
                    degraded ? "degraded: Redis unreachable, limits and revocations are local to this instance" : "ok");
            healthy &= !degraded;
        }
        Health now = status(healthy ? "ok" : "degraded");
        return ResponseEntity.status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(new DetailedHealth(now.status(), now.uptime(), now.timestamp(), database, shared));
    }
}
