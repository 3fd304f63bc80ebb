package io.stockade.query.live;

import io.stockade.api.common.UserId;
import io.stockade.api.inventory.LiveUpdates.ReadModelChanged;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.CurrentUsers;
import io.stockade.platform.security.TokenRevocations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Event streams of read-model views. A stream subscribes to the queries behind its view
 * (Axon subscription queries, fed by the projections after they commit), sends the current view, then
 * a new whole view after each change, at most one every {@link #MIN_GAP}. It ends with an {@code end}
 * event when the access token expires or its session is revoked (the same revocation list every
 * request is checked against), and a comment every {@link #HEARTBEAT} keeps proxies from closing it.
 */
@Component
public class LiveStreams {
    static final Duration MIN_GAP = Duration.ofMillis(200);
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Duration SWEEP = Duration.ofSeconds(1);

    private final Clock clock;
    private final TokenRevocations revocations;
    private final int maxPerUser;
    private final ScheduledExecutorService scheduler;
    private final Set<LiveStream> open = ConcurrentHashMap.newKeySet();
    private final Map<UserId, AtomicInteger> perUser = new ConcurrentHashMap<>();

    LiveStreams(
            Clock clock,
            TokenRevocations revocations,
            @Value("${stockade.live.max-streams-per-user:5}") int maxPerUser) {
        this.clock = clock;
        this.revocations = revocations;
        this.maxPerUser = maxPerUser;
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "live-stream-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * What a stream shows. {@code subscribe} opens the subscription queries whose notices mean "read
     * again"; {@code read} reads the whole view (empty: the thing is gone, or another tenant's).
     */
    public record Source(
            String event,
            String resource,
            Supplier<List<SubscriptionQueryResult<?, ReadModelChanged>>> subscribe,
            Supplier<Optional<?>> read) {}

    /**
     * Opens a stream for the signed-in user: 429 past the per-user bound, 404 when there is nothing to
     * show, both before anything is streamed. {@code lastEventId} (a reconnecting client's
     * {@code Last-Event-ID}) only moves the numbering on: every stream starts with the whole current view.
     */
    public ResponseEntity<SseEmitter> open(CurrentUser user, Source source, String lastEventId) {
        Instant expiresAt = CurrentUsers.tokenExpiresAt().orElseThrow();
        String session = CurrentUsers.sessionId().orElseThrow();
        AtomicInteger count = perUser.computeIfAbsent(user.userId(), k -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerUser) {
            release(user.userId());
            throw new ProblemException(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "too-many-streams",
                    "Too Many Requests",
                    "At most " + maxPerUser + " live streams may be open at once; close one first",
                    List.of());
        }
        List<SubscriptionQueryResult<?, ReadModelChanged>> subscriptions = List.of();
        try {
            // Subscribed before the first read, so a change in between is never missed.
            subscriptions = source.subscribe().get();
            Optional<?> first = source.read().get();
            if (first.isEmpty()) {
                throw ProblemException.notFound(source.resource());
            }
            long timeout =
                    Math.max(0, Duration.between(clock.instant(), expiresAt).toMillis())
                            + Duration.ofMinutes(1).toMillis();
            SseEmitter emitter = new SseEmitter(timeout);
            LiveStream stream = new LiveStream(
                    this, emitter, source, user.userId(), session, expiresAt, firstId(lastEventId), subscriptions);
            open.add(stream);
            stream.start(first.get());
            return ResponseEntity.ok()
                    .header(HttpHeaders.CACHE_CONTROL, "no-cache, no-store")
                    // nginx and similar proxies buffer responses unless told not to: events would arrive late.
                    .header("X-Accel-Buffering", "no")
                    .body(emitter);
        } catch (RuntimeException e) {
            subscriptions.forEach(SubscriptionQueryResult::cancel);
            release(user.userId());
            throw e;
        }
    }

    int openStreams() {
        return open.size();
    }

    /**
     * Every open stream reads its view again (within its {@link #MIN_GAP}): after this node may have missed
     * changes, so that nobody keeps looking at a stale view.
     */
    void refreshAll() {
        open.forEach(LiveStream::changed);
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Called once by a stream as it closes, whatever closed it. */
    void closed(LiveStream stream) {
        if (open.remove(stream)) {
            release(stream.userId());
        }
    }

    private void release(UserId user) {
        perUser.computeIfPresent(user, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    private void sweep() {
        Instant now = clock.instant();
        for (LiveStream stream : open) {
            try {
                if (revocations.isRevoked(stream.session())) {
                    stream.end("revoked");
                } else if (!now.isBefore(stream.expiresAt())) {
                    stream.end("expired");
                } else {
                    stream.heartbeatIfIdle(HEARTBEAT);
                }
            } catch (RuntimeException e) {
                stream.fail(e);
            }
        }
    }

    /** Before the web server drains its requests on shutdown: open streams would hold it for the whole grace period. */
    @EventListener(ContextClosedEvent.class)
    void shutdown() {
        open.forEach(s -> s.end("shutdown"));
        scheduler.shutdownNow();
    }

    private static long firstId(String lastEventId) {
        if (lastEventId != null) {
            try {
                return Math.max(0, Long.parseLong(lastEventId.strip())) + 1;
            } catch (NumberFormatException ignored) {
                // A client's malformed header only costs it the numbering.
            }
        }
        return 1;
    }
}
