package io.stockade.platform.web;

import io.stockade.platform.ratelimit.RateLimiter;
import io.stockade.platform.security.Roles;
import io.stockade.platform.security.TokenRevocations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
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

/** Seed 003 §4.4: a public liveness answer and an Admin-only view of the database and every processor's lag. */
@RestController
public class HealthController {
    private final Instant started;
    private final Clock clock;
    private final DSLContext dsl;
    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final ObjectProvider<EventStore> eventStore;
    private final ObjectProvider<RateLimiter> limiter;
    private final ObjectProvider<TokenRevocations> revocations;
    private final ObjectProvider<ApplicationAvailability> availability;

    public HealthController(
            Clock clock,
            DSLContext dsl,
            ObjectProvider<EventProcessingConfiguration> processing,
            ObjectProvider<EventStore> eventStore,
            ObjectProvider<RateLimiter> limiter,
            ObjectProvider<TokenRevocations> revocations,
            ObjectProvider<ApplicationAvailability> availability) {
        this.availability = availability;
        this.limiter = limiter;
        this.revocations = revocations;
        this.clock = clock;
        this.started = clock.instant();
        this.dsl = dsl;
        this.processing = processing;
        this.eventStore = eventStore;
    }

    /**
     * 503 {@code starting} until the application is ready for traffic (after start-up work such as
     * creating the first Admin), so a load balancer or a script waiting on it never sends requests early.
     */
    @GetMapping(path = "/health", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> health() {
        Map<String, Object> body = status();
        ApplicationAvailability a = availability.getIfAvailable();
        if (a != null && a.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
            body.put("status", "starting");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(body);
        }
        return ResponseEntity.ok(body);
    }

    Map<String, Object> status() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("uptime", Duration.between(started, clock.instant()).toSeconds());
        body.put("timestamp", clock.instant());
        return body;
    }

    @GetMapping(path = "/health/detailed", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    ResponseEntity<Map<String, Object>> detailed() {
        Map<String, Object> body = status();
        Map<String, Object> database = new LinkedHashMap<>();
        boolean healthy = true;
        long t0 = System.nanoTime();
        try {
            dsl.selectOne().fetch();
            database.put("status", "ok");
        } catch (RuntimeException e) {
            database.put("status", "down");
            healthy = false;
        }
        database.put("latencyMs", (System.nanoTime() - t0) / 1_000_000.0);
        body.put("database", database);
        Long head = eventStore.getIfAvailable() == null ? null : headPosition();
        List<Map<String, Object>> processors = new ArrayList<>();
        EventProcessingConfiguration config = processing.getIfAvailable();
        if (config != null) {
            for (EventProcessor p : config.eventProcessors().values()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", p.getName());
                entry.put("running", p.isRunning());
                entry.put("error", p.isError());
                if (p instanceof StreamingEventProcessor s) {
                    long position = s.processingStatus().values().stream()
                            .map(status -> status.getCurrentPosition().orElse(0L))
                            .min(Long::compare)
                            .orElse(0L);
                    entry.put("position", position);
                    if (head != null) {
                        entry.put("lag", Math.max(0, head - position));
                    }
                    entry.put("replaying", s.isReplaying());
                }
                healthy &= p.isRunning() && !p.isError();
                processors.add(entry);
            }
        }
        // Rate limits and the revocation list: shared through Redis in split mode, or this instance's own.
        RateLimiter rl = limiter.getIfAvailable();
        TokenRevocations rv = revocations.getIfAvailable();
        if (rl != null && rv != null) {
            Map<String, Object> shared = new LinkedHashMap<>();
            boolean degraded = rl.degraded() || rv.degraded();
            shared.put("store", rl.store());
            shared.put(
                    "status",
                    degraded ? "degraded: Redis unreachable, limits and revocations are local to this instance" : "ok");
            body.put("rateLimits", shared);
            healthy &= !degraded;
        }
        body.put("headPosition", head);
        body.put("processors", processors);
        body.put("status", healthy ? "ok" : "degraded");
        return ResponseEntity.status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(body);
    }

    private Long headPosition() {
        TrackingToken token = eventStore.getObject().createHeadToken();
        return token == null ? 0L : token.position().orElse(0L);
    }
}
