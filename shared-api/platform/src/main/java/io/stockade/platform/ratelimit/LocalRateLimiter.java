package io.stockade.platform.ratelimit;

import io.stockade.platform.config.SecuritySettings.Limit;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Buckets in this JVM: the embedded default, and the fallback while Redis cannot be reached. */
public class LocalRateLimiter implements RateLimiter {
    private static final int SWEEP_EVERY = 10_000;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private int calls;

    public LocalRateLimiter(Clock clock) {
        this.clock = clock;
    }

    private static final class Bucket {
        double tokens;
        long at;
        long fullAt;
    }

    @Override
    public Decision consume(String key, Limit limit) {
        long now = clock.millis();
        if (++calls % SWEEP_EVERY == 0) {
            buckets.values().removeIf(b -> b.fullAt < now);
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> {
            Bucket b = new Bucket();
            b.tokens = limit.burst();
            b.at = now;
            return b;
        });
        synchronized (bucket) {
            return take(bucket, limit, now);
        }
    }

    static Decision take(Bucket bucket, Limit limit, long now) {
        double rate = limit.refillPerMilli();
        bucket.tokens = Math.min(limit.burst(), bucket.tokens + Math.max(0, now - bucket.at) * rate);
        bucket.at = now;
        boolean allowed = bucket.tokens >= 1;
        if (allowed) {
            bucket.tokens -= 1;
        }
        long fullMs = (long) Math.ceil((limit.burst() - bucket.tokens) / rate);
        bucket.fullAt = now + fullMs;
        long retryMs = allowed ? 0 : (long) Math.ceil((1 - bucket.tokens) / rate);
        return new Decision(
                allowed, limit.burst(), (long) Math.floor(bucket.tokens), ceilSeconds(fullMs), ceilSeconds(retryMs));
    }

    static long ceilSeconds(long millis) {
        return (millis + 999) / 1000;
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
