package io.stockade.webapp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.webapp.support.ApiTestBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Replay speed of single projections against a processor that does nothing (issues 14 and 16), not a test: run it on
 * purpose, {@code -Dit.test=ReplaySpeedBench}, and read the numbers it prints. It stores a few items and movements
 * through the API, copies the movements by SQL up to {@code bench.events} events (stored bytes equal to real ones, new
 * identifiers and stream sequences, items interleaved as concurrent traffic leaves them: the drill's data), stops
 * every processor, then replays each processor alone from the start and times it to the head, capped at
 * {@code bench.cap-seconds} (a slow one is rated by how far it got).
 */
@Import(ReplaySpeedBench.Baseline.class)
@TestPropertySource(
        properties = {
            "axon.eventhandling.processors.bench-noop.mode=tracking",
            "axon.eventhandling.processors.bench-noop.batch-size=250"
        })
class ReplaySpeedBench extends ApiTestBase {
    private static final int EVENTS = Integer.getInteger("bench.events", 100_000);
    private static final int ITEMS = Integer.getInteger("bench.items", 6);
    private static final int CAP_SECONDS = Integer.getInteger("bench.cap-seconds", 120);
    private static final String PROCESSORS = System.getProperty("bench.processors", "audit-asof,alerts-items");
    private static final String BASELINE = "bench-noop";

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    DSLContext dsl;

    /** Handles every event and does nothing; outside any @ProcessingGroup class, so no savepoint per event either. */
    static final class NoOp {
        @EventHandler
        void on(Object payload) {
            // the baseline: fetch, deserialise, dispatch and track, nothing else
        }
    }

    @TestConfiguration
    static class Baseline {
        @Bean
        NoOp benchNoOp() {
            return new NoOp();
        }

        @Autowired
        void assign(EventProcessingConfigurer configurer) {
            configurer.assignHandlerTypesMatching(BASELINE, type -> type == NoOp.class);
        }
    }

    @Test
    void replay() throws Exception {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add(createItem("Replay bench " + shortId(), 1_000_000, 10)
                    .get("id")
                    .asText());
        }
        var manager = manager();
        for (int round = 0; round < 3; round++) {
            for (String item : items) {
                var r = manager.post(
                        "/api/inventory/" + item + "/stock",
                        Map.of("quantity", 1, "reason", "bench", "type", round % 2 == 0 ? "deduction" : "addition"));
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
            }
        }
        for (EventProcessor p : processing.eventProcessors().values()) {
            p.shutDown();
        }
        long stored = number("SELECT count(*) FROM axon.domain_event_entry");
        int perItem = (int) Math.max(0, (EVENTS - stored) / ITEMS);
        long started = System.nanoTime();
        dsl.execute(
                "INSERT INTO axon.domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,"
                        + " meta_data, payload, payload_revision, payload_type, time_stamp)"
                        + " SELECT t.aggregate_identifier, t.head + g, t.type, gen_random_uuid()::text, t.meta_data,"
                        + " t.payload, t.payload_revision, t.payload_type, t.time_stamp"
                        + " FROM (SELECT DISTINCT ON (e.aggregate_identifier) e.*, (SELECT max(x.sequence_number)"
                        + "   FROM axon.domain_event_entry x WHERE x.aggregate_identifier = e.aggregate_identifier) head"
                        + "   FROM axon.domain_event_entry e WHERE e.payload_type = 'stockade.inventory.StockAdjusted'"
                        + "   AND e.aggregate_identifier = ANY(?::text[])"
                        + "   ORDER BY e.aggregate_identifier, e.sequence_number DESC) t,"
                        + " generate_series(1, ?) g ORDER BY g, t.aggregate_identifier",
                items.toArray(new String[0]),
                perItem);
        dsl.execute("ANALYZE axon.domain_event_entry");
        long first = number("SELECT min(global_index) FROM axon.domain_event_entry");
        long head = number("SELECT max(global_index) FROM axon.domain_event_entry");
        long total = number("SELECT count(*) FROM axon.domain_event_entry");
        System.out.printf(
                Locale.ROOT,
                "bench: %d events stored (%d copied in %.1f s), positions %d..%d, %d items%n",
                total,
                total - stored,
                (System.nanoTime() - started) / 1e9,
                first,
                head,
                ITEMS);

        Map<String, double[]> results = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        names.add(BASELINE);
        for (String name : PROCESSORS.split(",")) {
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        for (String name : names) {
            results.put(name, replay(name.strip(), first, head));
        }
        double baseline = results.get(BASELINE)[2];
        for (var r : results.entrySet()) {
            double[] v = r.getValue();
            System.out.printf(
                    Locale.ROOT,
                    "bench: %-14s %8.0f events in %6.1f s = %9.0f events/s, %.3f of the baseline%s%n",
                    r.getKey(),
                    v[0],
                    v[1],
                    v[2],
                    v[2] / baseline,
                    v[3] > 0 ? "" : " (capped: did not reach the head)");
        }
    }

    private long number(String sql) {
        return ((Number) dsl.fetchValue(sql)).longValue();
    }

    /** Events replayed, seconds, events/s, 1 when it reached the head. */
    private double[] replay(String name, long first, long head) throws InterruptedException {
        StreamingEventProcessor p = processing
                .eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new AssertionError("no processor " + name));
        p.shutDown();
        p.resetTokens();
        long started = System.nanoTime();
        p.start();
        long deadline = started + CAP_SECONDS * 1_000_000_000L;
        long position = 0;
        boolean done = false;
        while (!done && System.nanoTime() < deadline) {
            Thread.sleep(20);
            Map<Integer, EventTrackerStatus> status = p.processingStatus();
            if (status.isEmpty()) {
                continue;
            }
            long lowest = Long.MAX_VALUE;
            boolean replaying = false;
            for (EventTrackerStatus s : status.values()) {
                lowest = Math.min(lowest, s.getCurrentPosition().orElse(0));
                replaying |= s.isReplaying();
                assertThat(s.isErrorState())
                        .as(name + " in error: " + s.getError())
                        .isFalse();
            }
            position = lowest;
            done = position >= head && !replaying;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        p.shutDown();
        double events = Math.max(0, Math.min(position, head) - first + 1);
        return new double[] {events, seconds, events / seconds, done ? 1 : 0};
    }
}
