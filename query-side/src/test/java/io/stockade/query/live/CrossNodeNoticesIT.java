package io.stockade.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.TenantId;
import io.stockade.api.inventory.InventoryQueries.CountItemsQuery;
import io.stockade.api.inventory.InventoryQueries.FindItemQuery;
import io.stockade.api.inventory.InventoryQueries.ItemCounts;
import io.stockade.api.inventory.InventoryQueries.ItemView;
import io.stockade.api.inventory.LiveUpdates.ReadModelChanged;
import io.stockade.platform.db.DatabaseProvisioner.Provisioned;
import io.stockade.testsupport.TestServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two nodes' worth of the PostgreSQL path on one real database, in one JVM: each "node" has its own update
 * emitter (its subscribers), publisher and listener, and a projection batch on node A runs as a processor runs
 * it (a Spring transaction around an Axon unit of work). The cross-node behaviour with two real jars is in the
 * webapp's {@code LiveStreamsAcrossNodesIT}.
 */
class CrossNodeNoticesIT {
    private static final Duration WITHIN = Duration.ofSeconds(5);
    private final TenantId tenant = TenantId.random();
    private final ItemId item = ItemId.random();
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private Provisioned db;
    private Node a;
    private Node b;

    /** One node: its subscribers, what its projections call, its listener, its metrics. */
    private final class Node {
        final QueryUpdateEmitter updates = SimpleQueryUpdateEmitter.builder().build();
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final AtomicInteger refreshed = new AtomicInteger();
        final LiveNotices live;
        final NoticeListener listener;
        final TransactionTemplate tx;

        Node(String id) {
            String url = TestServices.jdbcUrl(db);
            SingleConnectionDataSource app = new SingleConnectionDataSource(url, db.appUser(), db.appPassword(), true);
            cleanup.add(app::destroy);
            tx = new TransactionTemplate(new DataSourceTransactionManager(app));
            DSLContext dsl = DSL.using(new TransactionAwareDataSourceProxy(app), SQLDialect.POSTGRES);
            live = new LiveNotices(updates, Optional.of(new NoticePublisher(new NoticeRepository(dsl), id, meters)));
            // The listener's credentials come from the application's pool, as in the running app.
            HikariDataSource pool = new HikariDataSource();
            pool.setJdbcUrl(url);
            pool.setUsername(db.appUser());
            pool.setPassword(db.appPassword());
            cleanup.add(pool);
            listener = new NoticeListener(
                    CrossNodeNotices.connector(pool, new StandardEnvironment()),
                    id,
                    updates,
                    refreshed::incrementAndGet,
                    meters);
            cleanup.add(listener::stop);
            listener.start();
        }

        /** A processor batch that applies a change to an item and commits (or, with {@code fail}, rolls back). */
        void batch(ItemId changed, boolean fail) {
            try {
                tx.executeWithoutResult(s -> {
                    DefaultUnitOfWork.startAndGet(null)
                            .execute(() -> live.changed(
                                    new ReadModelChanged(tenant, changed),
                                    EnumSet.of(LiveQuery.ITEM_COUNTS, LiveQuery.LOW_STOCK, LiveQuery.ITEM)));
                    if (fail) {
                        throw new IllegalStateException("the batch failed after its handlers ran");
                    }
                });
            } catch (IllegalStateException expected) {
                assertThat(fail).isTrue();
            }
        }

        BlockingQueue<ReadModelChanged> subscribe(Object query, Class<?> view) {
            BlockingQueue<ReadModelChanged> heard = new LinkedBlockingQueue<>();
            var registration = updates.registerUpdateHandler(
                    new GenericSubscriptionQueryMessage<>(
                            query, ResponseTypes.instanceOf(view), ResponseTypes.instanceOf(ReadModelChanged.class)),
                    64);
            registration.getUpdates().subscribe(u -> heard.add((ReadModelChanged) u.getPayload()));
            cleanup.add(() -> registration.getRegistration().cancel());
            return heard;
        }

        double counter(String name, String... tags) {
            return meters.get(name).tags(tags).counter().count();
        }

        double connected() {
            return meters.get("stockade.live.listener.connected").gauge().value();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        db = TestServices.newDatabase();
        a = new Node("node-a");
        b = new Node("node-b");
        awaitListening(a);
        awaitListening(b);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        TestServices.drop(db);
    }

    @Test
    void shouldTellTheOtherNodesSubscribersOnceWhenTheBatchCommits() throws Exception {
        BlockingQueue<ReadModelChanged> itemOnB = b.subscribe(new FindItemQuery(tenant, item), ItemView.class);
        BlockingQueue<ReadModelChanged> otherItemOnB =
                b.subscribe(new FindItemQuery(tenant, ItemId.random()), ItemView.class);
        BlockingQueue<ReadModelChanged> otherTenantOnB =
                b.subscribe(new CountItemsQuery(TenantId.random()), ItemCounts.class);
        BlockingQueue<ReadModelChanged> countsOnA = a.subscribe(new CountItemsQuery(tenant), ItemCounts.class);

        a.batch(item, false);

        assertThat(itemOnB.poll(WITHIN.toMillis(), TimeUnit.MILLISECONDS))
                .isEqualTo(new ReadModelChanged(tenant, item));
        awaitCount(a, "self");
        assertThat(countsOnA).as("node A heard it once, from its own emitter").hasSize(1);
        assertThat(otherItemOnB).isEmpty();
        assertThat(otherTenantOnB).isEmpty();
        assertThat(b.counter("stockade.live.notices.received", "from", "other")).isEqualTo(1);
        assertThat(a.counter("stockade.live.notices.received", "from", "other")).isZero();
        assertThat(a.counter("stockade.live.notices.published")).isEqualTo(1);
    }

    @Test
    void shouldSendNothingWhenTheBatchRollsBack() throws Exception {
        BlockingQueue<ReadModelChanged> itemsOnB = b.subscribe(new CountItemsQuery(tenant), ItemCounts.class);
        ItemId committed = ItemId.random();

        a.batch(item, true);
        a.batch(committed, false);

        // PostgreSQL delivers in commit order: the first notice B hears is the committed batch's.
        assertThat(itemsOnB.poll(WITHIN.toMillis(), TimeUnit.MILLISECONDS))
                .isEqualTo(new ReadModelChanged(tenant, committed));
        assertThat(itemsOnB.poll(300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(b.counter("stockade.live.notices.received", "from", "other")).isEqualTo(1);
    }

    @Test
    void shouldRefreshEveryOpenStreamAndHearAgainWhenTheListeningConnectionIsKilled() throws Exception {
        BlockingQueue<ReadModelChanged> itemOnB = b.subscribe(new FindItemQuery(tenant, item), ItemView.class);
        assertThat(b.refreshed).hasValue(0);

        int killed = terminateListeners();

        assertThat(killed).isEqualTo(2);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((b.refreshed.get() == 0 || b.connected() != 1) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(b.refreshed).as("streams read again after the gap").hasValue(1);
        assertThat(b.counter("stockade.live.listener.reconnects")).isEqualTo(1);
        assertThat(b.connected()).isEqualTo(1);

        a.batch(item, false);
        assertThat(itemOnB.poll(WITHIN.toMillis(), TimeUnit.MILLISECONDS))
                .isEqualTo(new ReadModelChanged(tenant, item));
    }

    /**
     * From the commit of node A's batch to node B's subscriber, against a {@code SELECT 1} round trip on the same
     * server in the same run (printed, not asserted: the machine is shared).
     */
    @Test
    void shouldPrintTheLatencyFromCommitToTheOtherNodesSubscriber() throws Exception {
        BlockingQueue<ReadModelChanged> itemOnB = b.subscribe(new FindItemQuery(tenant, item), ItemView.class);
        int rounds = 50;
        long[] notice = new long[rounds];
        long[] roundTrip = new long[rounds];
        try (Connection c = TestServices.postgres().connect(db.database());
                PreparedStatement one = c.prepareStatement("select 1")) {
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                try (ResultSet rs = one.executeQuery()) {
                    rs.next();
                }
                roundTrip[i] = System.nanoTime() - start;

                long[] committedAt = new long[1];
                a.tx.executeWithoutResult(s -> {
                    DefaultUnitOfWork.startAndGet(null)
                            .execute(() ->
                                    a.live.changed(new ReadModelChanged(tenant, item), EnumSet.of(LiveQuery.ITEM)));
                    committedAt[0] = System.nanoTime();
                });
                assertThat(itemOnB.poll(WITHIN.toMillis(), TimeUnit.MILLISECONDS))
                        .isNotNull();
                notice[i] = System.nanoTime() - committedAt[0];
            }
        }
        double noticeMedian = median(notice);
        double roundTripMedian = median(roundTrip);
        System.out.printf(
                "Cross-node notice, commit on node A to node B's subscriber: median %.2f ms, max %.2f ms over %d"
                        + " batches; a SELECT 1 round trip in the same run: median %.2f ms (ratio %.1f)%n",
                noticeMedian, max(notice), rounds, roundTripMedian, noticeMedian / roundTripMedian);
        assertThat(b.counter("stockade.live.notices.received", "from", "other")).isEqualTo(rounds);
    }

    private int terminateListeners() throws Exception {
        try (Connection su = TestServices.postgres().connect(db.database());
                PreparedStatement st = su.prepareStatement("select count(pg_terminate_backend(pid)) from"
                        + " pg_stat_activity where application_name = 'stockade-live-listener' and datname = ?")) {
            st.setString(1, db.database());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void awaitListening(Node node) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (node.connected() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(node.connected()).as("listening").isEqualTo(1);
    }

    private static void awaitCount(Node node, String from) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (node.counter("stockade.live.notices.received", "from", from) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(node.counter("stockade.live.notices.received", "from", from)).isEqualTo(1);
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }

    private static double max(long[] nanos) {
        long m = 0;
        for (long n : nanos) {
            m = Math.max(m, n);
        }
        return m / 1e6;
    }
}
