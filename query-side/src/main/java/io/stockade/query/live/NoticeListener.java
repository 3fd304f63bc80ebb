package io.stockade.query.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Hears the other nodes' read-model changes on one dedicated PostgreSQL connection (LISTEN needs a session of
 * its own: a pooled connection goes back to the pool and stops listening) and tells this node's subscribers,
 * as if a projection here had applied the change. Its own node's notices are skipped: they were emitted here
 * already. When the connection fails it logs, reconnects with a growing pause, and then asks every open stream
 * to read again, since notices sent while nobody listened are lost.
 */
final class NoticeListener implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(NoticeListener.class);
    private static final int POLL_MILLIS = 500;
    /** A connection that died without a word (no RST) is found by asking it something this often. */
    private static final Duration CHECK_EVERY = Duration.ofSeconds(10);

    static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(15);

    /** Opens a new, unpooled connection as the application's role. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final String node;
    private final QueryUpdateEmitter updates;
    private final Runnable refreshAll;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicInteger connected = new AtomicInteger();
    private final Counter fromOthers;
    private final Counter fromSelf;
    private final Counter unreadable;
    private final Counter reconnects;
    private volatile Thread thread;
    private volatile Connection current;

    NoticeListener(
            Connector connector, String node, QueryUpdateEmitter updates, Runnable refreshAll, MeterRegistry meters) {
        this.connector = connector;
        this.node = node;
        this.updates = updates;
        this.refreshAll = refreshAll;
        String received = "stockade.live.notices.received";
        String description = "Read-model change notices heard on the PostgreSQL channel, by sender";
        this.fromOthers = Counter.builder(received)
                .tag("from", "other")
                .description(description)
                .register(meters);
        this.fromSelf = Counter.builder(received)
                .tag("from", "self")
                .description(description)
                .register(meters);
        this.unreadable = Counter.builder(received)
                .tag("from", "unreadable")
                .description(description)
                .register(meters);
        this.reconnects = Counter.builder("stockade.live.listener.reconnects")
                .description("Times the live-notice listener connected again after losing its connection")
                .register(meters);
        Gauge.builder("stockade.live.listener.connected", connected, AtomicInteger::get)
                .description("1 while this node listens for the other nodes' live-stream notices")
                .register(meters);
    }

    boolean connected() {
        return connected.get() == 1;
    }

    @Override
    public void start() {
        if (running.compareAndSet(false, true)) {
            Thread t = new Thread(this::run, "live-notice-listener");
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    @Override
    public void stop() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    /** Closes the listening connection from outside, as a network failure would (tests). */
    void dropConnection() throws SQLException {
        Connection c = current;
        if (c != null) {
            c.close();
        }
    }

    private void run() {
        boolean lost = false;
        Duration pause = FIRST_PAUSE;
        while (running.get()) {
            try (Connection c = connector.connect()) {
                current = c;
                NoticeRepository.listen(c);
                connected.set(1);
                pause = FIRST_PAUSE;
                if (lost) {
                    reconnects.increment();
                    log.info("Listening again for other nodes' live-stream changes; every open stream reads again,"
                            + " in case it missed one meanwhile");
                    refreshAll.run();
                } else {
                    log.info(
                            "Listening for other nodes' live-stream changes on PostgreSQL channel {}",
                            NoticeRepository.CHANNEL);
                }
                listen(c.unwrap(PGConnection.class), c);
            } catch (SQLException | RuntimeException e) {
                connected.set(0);
                if (!running.get()) {
                    return;
                }
                lost = true;
                log.warn(
                        "The connection listening for other nodes' live-stream changes failed ({}); streams on this"
                                + " node miss their changes until it is back. Connecting again in {} ms",
                        e.getMessage(),
                        pause.toMillis());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            } finally {
                current = null;
                connected.set(0);
            }
        }
    }

    private void listen(PGConnection pg, Connection c) throws SQLException {
        long checkAt = System.nanoTime() + CHECK_EVERY.toNanos();
        while (running.get()) {
            PGNotification[] notices = pg.getNotifications(POLL_MILLIS);
            if (notices != null) {
                for (PGNotification n : notices) {
                    deliver(n.getParameter());
                }
            }
            if (System.nanoTime() - checkAt > 0) {
                if (!c.isValid(5)) {
                    throw new SQLException("the listening connection stopped answering");
                }
                checkAt = System.nanoTime() + CHECK_EVERY.toNanos();
            }
        }
    }

    void deliver(String payload) {
        Notice notice;
        try {
            notice = Notice.decode(payload);
        } catch (IllegalArgumentException e) {
            unreadable.increment();
            log.debug("Ignored an unreadable notice on {}", NoticeRepository.CHANNEL, e);
            return;
        }
        if (notice.node().equals(node)) {
            fromSelf.increment();
            return;
        }
        fromOthers.increment();
        if (!updates.activeSubscriptions().isEmpty()) {
            notice.queries().forEach(q -> q.emit(updates, notice.change()));
        }
    }
}
