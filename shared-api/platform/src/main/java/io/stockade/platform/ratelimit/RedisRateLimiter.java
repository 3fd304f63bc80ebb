package io.stockade.platform.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockade.platform.config.SecuritySettings.Limit;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;

/**
 * Buckets in Redis, shared by every instance. One Lua script reads, refills and takes atomically,
 * on Redis's own clock, so instances with skewed clocks agree. When Redis fails the instance keeps
 * limiting with its own buckets (never opens the gates), says so in {@link #degraded()} and a
 * metric, and tries Redis again after a pause.
 */
public class RedisRateLimiter implements RateLimiter {
    private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);
    private static final long RETRY_AFTER_FAILURE_MS = 5_000;
    private static final DefaultRedisScript<List> SCRIPT = new DefaultRedisScript<>("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local cap = tonumber(ARGV[1])
            local rate = tonumber(ARGV[2])
            local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(b[1])
            local at = tonumber(b[2])
            if tokens == nil or at == nil then
              tokens = cap
              at = now
            end
            tokens = math.min(cap, tokens + math.max(0, now - at) * rate)
            local allowed = 0
            if tokens >= 1 then
              tokens = tokens - 1
              allowed = 1
            end
            local full_ms = math.ceil((cap - tokens) / rate)
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], full_ms + 1000)
            local retry_ms = 0
            if allowed == 0 then
              retry_ms = math.ceil((1 - tokens) / rate)
            end
            return {allowed, math.floor(tokens), full_ms, retry_ms}
            """, List.class);

    private final StringRedisTemplate redis;
    private final String prefix;
    private final LocalRateLimiter fallback;
    private final Clock clock;
    private final AtomicLong downUntil = new AtomicLong();
    private final Counter failures;

    public RedisRateLimiter(StringRedisTemplate redis, String prefix, Clock clock, MeterRegistry meters) {
        this.redis = redis;
        this.prefix = prefix + "rl:";
        this.clock = clock;
        this.fallback = new LocalRateLimiter(clock);
        this.failures = Counter.builder("stockade.ratelimit.redis.failures")
                .description("Rate-limit decisions taken locally because Redis could not be reached")
                .register(meters);
        Gauge.builder("stockade.ratelimit.redis.degraded", this, r -> r.degraded() ? 1 : 0)
                .description("1 while this instance limits on its own because Redis is unreachable")
                .register(meters);
    }

    @Override
    public Decision consume(String key, Limit limit) {
        if (clock.millis() < downUntil.get()) {
            failures.increment();
            return fallback.consume(key, limit);
        }
        try {
            List<?> r = redis.execute(
                    SCRIPT,
                    List.of(prefix + key),
                    Integer.toString(limit.burst()),
                    Double.toString(limit.refillPerMilli()));
            if (r == null || r.size() != 4) {
                throw new IllegalStateException("unexpected answer from the rate-limit script");
            }
            return new Decision(
                    ((Number) r.get(0)).longValue() == 1,
                    limit.burst(),
                    ((Number) r.get(1)).longValue(),
                    LocalRateLimiter.ceilSeconds(((Number) r.get(2)).longValue()),
                    LocalRateLimiter.ceilSeconds(((Number) r.get(3)).longValue()));
        } catch (RuntimeException e) {
            long now = clock.millis();
            if (downUntil.getAndSet(now + RETRY_AFTER_FAILURE_MS) < now) {
                log.warn(
                        "Redis is unreachable; rate limits are kept by this instance alone until it is back ({})",
                        e.getClass().getSimpleName());
            }
            failures.increment();
            return fallback.consume(key, limit);
        }
    }

    @Override
    public String store() {
        return "redis";
    }

    @Override
    public boolean degraded() {
        return clock.millis() < downUntil.get();
    }
}
