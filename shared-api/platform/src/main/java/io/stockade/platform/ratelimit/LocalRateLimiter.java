package io.stockade.platform.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.stockade.platform.config.SecuritySettings.Limit;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bucket4j buckets in this JVM: the embedded default, and the fallback while Redis cannot be
 * reached. They run on the application's {@link Clock}, so tests can move time.
 */
public class LocalRateLimiter implements RateLimiter {
    private static final int SWEEP_EVERY = 10_000;
    private final TimeMeter time;
    private final Map<String, Held> buckets = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    public LocalRateLimiter(Clock clock) {
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    private record Held(Bucket bucket, long capacity) {}

    @Override
    public Decision consume(String key, Limit limit) {
        // A full bucket is the same as no bucket: forget those now and then so the map stays small.
        if (calls.incrementAndGet() % SWEEP_EVERY == 0) {
            buckets.values().removeIf(h -> h.bucket().getAvailableTokens() >= h.capacity());
        }
        Held held = buckets.computeIfAbsent(
                key,
                k -> new Held(
                        Bucket.builder()
                                .addLimit(bandwidth(limit))
                                .withCustomTimePrecision(time)
                                .build(),
                        limit.burst()));
        return decision(held.bucket().tryConsumeAndReturnRemaining(1), limit);
    }

    /** Refilled continuously (greedy), as the headers promise: one token every period / requests. */
    static Bandwidth bandwidth(Limit limit) {
        return Bandwidth.builder()
                .capacity(limit.burst())
                .refillGreedy(limit.requests(), limit.period())
                .build();
    }

    static BucketConfiguration configuration(Limit limit) {
        return BucketConfiguration.builder().addLimit(bandwidth(limit)).build();
    }

    static Decision decision(ConsumptionProbe probe, Limit limit) {
        return new Decision(
                probe.isConsumed(),
                limit.burst(),
                probe.getRemainingTokens(),
                ceilSeconds(probe.getNanosToWaitForReset()),
                probe.isConsumed() ? 0 : ceilSeconds(probe.getNanosToWaitForRefill()));
    }

    static long ceilSeconds(long nanos) {
        return nanos / 1_000_000_000L + (nanos % 1_000_000_000L == 0 ? 0 : 1);
    }

    @Override
    public String store() {
        return "local";
    }

    @Override
    public boolean degraded() {
        return false;
    }
}
