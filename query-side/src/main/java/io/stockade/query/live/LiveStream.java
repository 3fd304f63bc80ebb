package io.stockade.query.live;

import io.stockade.api.common.UserId;
import io.stockade.api.inventory.LiveUpdates.ReadModelChanged;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open stream. Notices only mark it stale; a push reads the whole view again, so a burst of
 * changes costs one read, and a notice that arrives during a read schedules the next push. Notices
 * come on the event processor's thread and never wait for a write to a slow client (writes hold
 * this object's lock; the flags are atomic).
 */
final class LiveStream {
    private static final Logger log = LoggerFactory.getLogger(LiveStream.class);
    private final LiveStreams streams;
    private final SseEmitter emitter;
    private final LiveStreams.Source source;
    private final UserId userId;
    private final String session;
    private final Instant expiresAt;
    private final List<SubscriptionQueryResult<?, ReadModelChanged>> subscriptions;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastPushNanos;
    private long nextId;
    private long lastWriteNanos;

    LiveStream(
            LiveStreams streams,
            SseEmitter emitter,
            LiveStreams.Source source,
            UserId userId,
            String session,
            Instant expiresAt,
            long firstId,
            List<SubscriptionQueryResult<?, ReadModelChanged>> subscriptions) {
        this.streams = streams;
        this.emitter = emitter;
        this.source = source;
        this.userId = userId;
        this.session = session;
        this.expiresAt = expiresAt;
        this.nextId = firstId;
        this.subscriptions = subscriptions;
    }

    UserId userId() {
        return userId;
    }

    String session() {
        return session;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    void start(Object firstView) {
        emitter.onCompletion(this::close);
        emitter.onTimeout(() -> end("expired"));
        emitter.onError(e -> close());
        // The first view is written ahead of the subscriptions' notices: they all go through push().
        synchronized (this) {
            lastPushNanos = System.nanoTime();
            write(SseEmitter.event()
                    .id(Long.toString(nextId++))
                    .name(source.event())
                    .data(firstView, MediaType.APPLICATION_JSON));
        }
        subscriptions.forEach(s -> s.updates().subscribe(notice -> changed(), this::fail));
    }

    /** A projection committed a change to what this stream shows. */
    void changed() {
        if (closed.get() || !pending.compareAndSet(false, true)) {
            return;
        }
        long wait = Math.max(0, lastPushNanos + LiveStreams.MIN_GAP.toNanos() - System.nanoTime());
        streams.scheduler().schedule(this::push, wait, TimeUnit.NANOSECONDS);
    }

    private void push() {
        if (closed.get()) {
            return;
        }
        pending.set(false);
        lastPushNanos = System.nanoTime();
        Optional<?> view;
        try {
            view = source.read().get();
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        if (view.isEmpty()) {
            end("gone");
            return;
        }
        synchronized (this) {
            if (!closed.get()) {
                write(SseEmitter.event()
                        .id(Long.toString(nextId++))
                        .name(source.event())
                        .data(view.get(), MediaType.APPLICATION_JSON));
            }
        }
    }

    synchronized void heartbeatIfIdle(Duration idle) {
        if (!closed.get() && System.nanoTime() - lastWriteNanos >= idle.toNanos()) {
            write(SseEmitter.event().comment("keep-alive"));
        }
    }

    /** Says why, then closes; the client decides whether to come back (with a fresh token). */
    synchronized void end(String reason) {
        if (closed.get()) {
            return;
        }
        write(SseEmitter.event()
                .id(Long.toString(nextId++))
                .name("end")
                .data(Map.of("reason", reason), MediaType.APPLICATION_JSON));
        if (!closed.get()) {
            emitter.complete();
        }
        close();
    }

    void fail(Throwable e) {
        log.debug("live stream {} closed on error", source.event(), e);
        if (!closed.get()) {
            emitter.completeWithError(e);
        }
        close();
    }

    private void write(SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
            lastWriteNanos = System.nanoTime();
        } catch (IOException | IllegalStateException e) {
            // The client went away (or the response already completed): nothing more to say to it.
            close();
        }
    }

    private void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        subscriptions.forEach(SubscriptionQueryResult::cancel);
        streams.closed(this);
    }
}
