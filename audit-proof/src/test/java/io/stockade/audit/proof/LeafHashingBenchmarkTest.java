package io.stockade.audit.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Throughput of what {@code audit verify} does per event once the row is read: encode the leaf, hash it, build the
 * tree, against a baseline that only reads the same bytes. Not run by default (tag "benchmark"); run it with
 * {@code bench/audit-proof.sh}. Numbers, not pass/fail: the target is verify ≥ 200,000 events/s.
 */
@Tag("benchmark")
class LeafHashingBenchmarkTest {
    private static final int EVENTS = 1_000_000;
    private static final int ROUNDS = 5;
    private static final int POOL = 1024;

    private final String[] eventIds = new String[POOL];
    private final String[] aggregateIds = new String[POOL];
    private final byte[][] payloads = new byte[POOL][];
    private final byte[][] metaData = new byte[POOL][];

    LeafHashingBenchmarkTest() {
        Random random = new Random(14);
        for (int i = 0; i < POOL; i++) {
            eventIds[i] = new UUID(random.nextLong(), random.nextLong()).toString();
            aggregateIds[i] = new UUID(random.nextLong(), random.nextLong()).toString();
            // Shaped like Stockade's stored rows: a movement's payload with a sealed reason, metadata with who/where.
            payloads[i] = ("{\"itemId\":\"" + aggregateIds[i] + "\",\"organisationId\":\"" + eventIds[(i + 1) % POOL]
                            + "\",\"quantity\":" + random.nextInt(1000) + ",\"stockAfter\":" + random.nextInt(100000)
                            + ",\"effectiveAt\":\"2026-12-06T10:15:30.123Z\",\"reason\":{\"sealed\":\""
                            + "A".repeat(60 + random.nextInt(60)) + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            metaData[i] = ("{\"userId\":\"" + eventIds[(i + 7) % POOL] + "\",\"username\":{\"sealed\":\""
                            + "B".repeat(48) + "\"},\"role\":\"MANAGER\",\"clientIp\":\"203.0.113." + (i % 250)
                            + "\",\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0\",\"requestId\":\""
                            + aggregateIds[(i + 3) % POOL] + "\",\"correlationId\":\"" + eventIds[(i + 5) % POOL]
                            + "\",\"traceId\":\"" + Long.toHexString(random.nextLong()) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    @Test
    void leafHashingAndTreeBuildingAgainstReadingTheBytes() {
        long bytes = 0;
        for (int i = 0; i < EVENTS; i++) {
            bytes += LeafEncoding.encode(event(i)).length;
        }
        double bestBaseline = Double.MAX_VALUE;
        double bestHashing = Double.MAX_VALUE;
        double bestTree = Double.MAX_VALUE;
        Hash root = null;
        long sink = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            sink += readOnly();
            bestBaseline = Math.min(bestBaseline, seconds(start));

            start = System.nanoTime();
            sink += hashOnly();
            bestHashing = Math.min(bestHashing, seconds(start));

            start = System.nanoTime();
            TreeFrontier frontier = TreeFrontier.empty();
            long[] rows = new long[1];
            for (int i = 0; i < EVENTS; i++) {
                frontier.append(LeafEncoding.leafHash(event(i)), row -> rows[0]++);
            }
            Hash built = frontier.root();
            bestTree = Math.min(bestTree, seconds(start));
            assertThat(rows[0]).isEqualTo(2L * EVENTS - Long.bitCount(EVENTS));
            if (root != null) {
                assertThat(built).isEqualTo(root);
            }
            root = built;
        }
        System.out.printf(
                Locale.ROOT,
                "audit-proof benchmark: %,d events, %,d leaf bytes (%.0f bytes/event), best of %d rounds, %s%n"
                        + "  baseline (read the same bytes)        %8.3f s  %,12.0f events/s%n"
                        + "  encode + leaf hash                    %8.3f s  %,12.0f events/s  %5.2fx baseline time%n"
                        + "  encode + leaf hash + tree (frontier)  %8.3f s  %,12.0f events/s  %5.2fx baseline time"
                        + "  %.0f MB/s%n"
                        + "  root %s (sink %d)%n",
                EVENTS,
                bytes,
                (double) bytes / EVENTS,
                ROUNDS,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                bestBaseline,
                EVENTS / bestBaseline,
                bestHashing,
                EVENTS / bestHashing,
                bestHashing / bestBaseline,
                bestTree,
                EVENTS / bestTree,
                bestTree / bestBaseline,
                bytes / bestTree / 1e6,
                root,
                sink & 1);
    }

    /** The row as the sealer would have it after reading it. */
    private StoredEvent event(int i) {
        int slot = i & (POOL - 1);
        return new StoredEvent(
                i,
                eventIds[slot],
                aggregateIds[(slot * 7) & (POOL - 1)],
                i >>> 10,
                "InventoryItem",
                "stockade.inventory.StockAdjusted",
                "1",
                "2026-12-06T10:15:30.123456789Z",
                payloads[slot],
                metaData[slot]);
    }

    /** Touches every byte and character the leaf covers, and nothing more. */
    private long readOnly() {
        long sum = 0;
        for (int i = 0; i < EVENTS; i++) {
            StoredEvent event = event(i);
            sum += event.globalIndex() + event.sequenceNumber();
            sum += chars(event.eventIdentifier()) + chars(event.aggregateIdentifier()) + chars(event.aggregateType());
            sum += chars(event.payloadType()) + chars(event.payloadRevision()) + chars(event.timeStamp());
            for (byte b : event.payload()) {
                sum += b;
            }
            for (byte b : event.metaData()) {
                sum += b;
            }
        }
        return sum;
    }

    private long hashOnly() {
        long sum = 0;
        for (int i = 0; i < EVENTS; i++) {
            sum += LeafEncoding.leafHash(event(i)).hashCode();
        }
        return sum;
    }

    private static long chars(String text) {
        long sum = 0;
        for (int i = 0; i < text.length(); i++) {
            sum += text.charAt(i);
        }
        return sum;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
