package io.stockade.platform.axon;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.pooled.MaxSegmentProvider;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Nodes share a pooled processor's segments evenly. Axon's pooled processor claims every unclaimed segment, so the node
 * that starts first would keep all of them and a node that joins later would idle until the first one dies. This tells
 * each processor how many segments it may hold here: the segments its tokens have, divided by the nodes alive that run
 * it, rounded up. A node holding more releases the surplus at its coordinator's next round and the newcomer claims it.
 *
 * <p>Nodes say they are alive in {@code axon.processor_node} every 2 s, with the pooled processors they run (a node of
 * another kind, or one whose processor is stopped or failing, does not count for it: counting it would leave segments
 * nobody claims). A node whose row is older than the token claim timeout counts as gone, so when a node dies its share
 * passes to the survivors just as its claims expire. Until the first round, and for a processor without tokens, there
 * is no limit. Rows carry only node names ({@code pid@host}, Axon's token owner) and processor names.
 */
public class ProcessorNodes implements MaxSegmentProvider, SmartLifecycle {
    static final Duration BEAT = Duration.ofSeconds(2);
    /** Rows of nodes gone this long are removed (a node stopped gracefully removes its own). */
    private static final Duration FORGET = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(ProcessorNodes.class);
    private static final Table<Record> NODES = table(name("axon", "processor_node"));
    private static final Field<String> NODE_ID = field(name("node_id"), SQLDataType.CLOB);
    private static final Field<String[]> PROCESSORS = field(name("processors"), SQLDataType.CLOB.getArrayDataType());
    private static final Field<OffsetDateTime> LAST_SEEN = field(name("last_seen"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    private final DSLContext dsl;
    private final TokenSchema tokens;
    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final Duration alive;
    private final String nodeId;
    private volatile Map<String, Integer> shares = Map.of();
    private volatile ScheduledExecutorService timer;
    private boolean failing;

    public ProcessorNodes(
            DSLContext dsl,
            TokenSchema tokens,
            ObjectProvider<EventProcessingConfiguration> processing,
            Duration claimTimeout) {
        this.dsl = dsl;
        this.tokens = tokens;
        this.processing = processing;
        this.alive = claimTimeout;
        // The JDBC token store's default owner name: the token_entry owner column and this table name nodes alike.
        this.nodeId = ManagementFactory.getRuntimeMXBean().getName();
    }

    @Override
    public int getMaxSegments(String processor) {
        Integer share = shares.get(processor);
        return share == null ? Short.MAX_VALUE : share;
    }

    /** This node's row, then every processor's share from the rows alive and the token store's segments. */
    synchronized void beat() {
        try {
            String[] running = running();
            OffsetDateTime now = dsl.insertInto(NODES)
                    .set(NODE_ID, nodeId)
                    .set(PROCESSORS, running)
                    .set(LAST_SEEN, DSL.currentOffsetDateTime())
                    .onConflict(NODE_ID)
                    .doUpdate()
                    .set(PROCESSORS, running)
                    .set(LAST_SEEN, DSL.currentOffsetDateTime())
                    .returningResult(LAST_SEEN)
                    .fetchOne()
                    .value1();
            dsl.deleteFrom(NODES).where(LAST_SEEN.lt(now.minus(FORGET))).execute();
            Map<String, Integer> nodes = new HashMap<>();
            for (String[] processors : dsl.select(PROCESSORS)
                    .from(NODES)
                    .where(LAST_SEEN.gt(now.minus(alive)))
                    .fetch(PROCESSORS)) {
                for (String p : processors) {
                    nodes.merge(p, 1, Integer::sum);
                }
            }
            Field<String> processor = field(name(tokens.processorNameColumn()), String.class);
            Map<String, Integer> segments = dsl.select(processor, count())
                    .from(table(name(tokens.tokenTable().split("\\."))))
                    .groupBy(processor)
                    .fetchMap(processor, count());
            Map<String, Integer> next = new HashMap<>();
            nodes.forEach((p, n) -> {
                Integer total = segments.get(p);
                if (total != null) {
                    next.put(p, Math.max(1, (total + n - 1) / n));
                }
            });
            next.forEach((p, share) -> {
                if (!share.equals(shares.get(p)) && segments.get(p) > 1) {
                    log.info(
                            "Processor {}: at most {} of its {} segments on this node ({} nodes run it)",
                            p,
                            share,
                            segments.get(p),
                            nodes.get(p));
                }
            });
            shares = Map.copyOf(next);
            failing = false;
        } catch (RuntimeException e) {
            // The shares stay as they were: a database that is away stops the processors anyway.
            if (!failing) {
                log.warn("Could not record this node's processors: {}", e.toString());
            }
            failing = true;
        }
    }

    private String[] running() {
        EventProcessingConfiguration config = processing.getIfAvailable();
        if (config == null) {
            return new String[0];
        }
        List<String> names = config.eventProcessors().values().stream()
                .filter(p -> p instanceof PooledStreamingEventProcessor && p.isRunning() && !p.isError())
                .map(EventProcessor::getName)
                .sorted()
                .toList();
        return names.toArray(String[]::new);
    }

    @Override
    public synchronized void start() {
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "processor-nodes");
            thread.setDaemon(true);
            return thread;
        });
        t.scheduleWithFixedDelay(this::beat, 0, BEAT.toMillis(), TimeUnit.MILLISECONDS);
        timer = t;
    }

    /** Gone at once for the others (their next round gives them its share), rather than after the claim timeout. */
    @Override
    public synchronized void stop() {
        ScheduledExecutorService t = timer;
        timer = null;
        if (t == null) {
            return;
        }
        t.shutdownNow();
        try {
            dsl.deleteFrom(NODES).where(NODE_ID.eq(nodeId)).execute();
        } catch (RuntimeException e) {
            log.warn("Could not remove this node's row from axon.processor_node: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    @Override
    public int getPhase() {
        // After Axon's processors start (the first rounds then name them), before they stop.
        return Integer.MAX_VALUE - 100;
    }
}
