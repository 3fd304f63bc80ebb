package io.stockade.platform.ratelimit;

import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce.LettuceBasedProxyManagerBuilder;
import io.github.bucket4j.redis.lettuce.RedisApi;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockade.platform.config.SecuritySettings.Limit;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Bucket4j buckets in Redis, shared by every instance. Bucket4j's Lettuce proxy manager reads a
 * bucket, refills and takes on the client, then writes it back with a compare-and-swap script; the
 * refill uses the client's clock ({@code System.currentTimeMillis()} unless told otherwise), so it is
 * given Redis's own clock ({@link RedisTime}) and instances with skewed clocks still agree. Every
 * instance sets the same expiration (a key lives until its bucket would be full again, plus a
 * second). When Redis fails the instance keeps limiting with its own buckets (never opens the
 * gates), says so in {@link #degraded()} and a metric, and tries Redis again after a pause.
 */
public class RedisRateLimiter implements RateLimiter, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);
    private static final long RETRY_AFTER_FAILURE_MS = 5_000;
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    static final ExpirationAfterWriteStrategy EXPIRATION =
            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(1));

    private final Connection redis;
    private final ProxyManager<String> buckets;
    private final String prefix;
    private final LocalRateLimiter fallback;
    private final Clock clock;
    private final AtomicLong downUntil = new AtomicLong();
    private final Counter failures;

    public RedisRateLimiter(LettuceConnectionFactory factory, String prefix, Clock clock, MeterRegistry meters) {
        this.redis = new Connection((RedisClient) factory.getNativeClient());
        // "rl4j:", not the old script's "rl:": those keys were hashes, Bucket4j's are strings.
        this.prefix = prefix + "rl4j:";
        this.clock = clock;
        this.fallback = new LocalRateLimiter(clock);
        this.buckets = new LettuceBasedProxyManagerBuilder<>(redis)
                .clientClock(new RedisTime(redis))
                .expirationAfterWrite(EXPIRATION)
                .requestTimeout(TIMEOUT)
                .build()
                .withMapper((String key) -> (Object) key.getBytes(StandardCharsets.UTF_8));
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
            return LocalRateLimiter.decision(
                    buckets.builder()
                            .build(prefix + key, () -> LocalRateLimiter.configuration(limit))
                            .tryConsumeAndReturnRemaining(1),
                    limit);
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

    @Override
    public void close() {
        redis.close();
    }

    /**
     * One connection of the configured client, opened on first use rather than at start-up, so an
     * instance whose Redis is down still starts (and limits locally); Lettuce reconnects it after.
     * Keys are typed {@code Object}: Bucket4j hands them over in an {@code Object[]} (a generic
     * array), which a {@code RedisApi<byte[]>} bridge method would fail to cast.
     */
    static final class Connection implements RedisApi<Object> {
        private final RedisClient client;
        private StatefulRedisConnection<byte[], byte[]> connection;

        Connection(RedisClient client) {
            this.client = client;
        }

        synchronized RedisAsyncCommands<byte[], byte[]> commands() {
            if (connection == null) {
                connection = client.connect(ByteArrayCodec.INSTANCE);
                connection.setTimeout(TIMEOUT);
            }
            return connection.async();
        }

        @Override
        public <V> RedisFuture<V> eval(String script, ScriptOutputType type, Object[] keys, byte[][] params) {
            return commands().eval(script, type, Arrays.copyOf(keys, keys.length, byte[][].class), params);
        }

        @Override
        public RedisFuture<byte[]> get(Object key) {
            return commands().get((byte[]) key);
        }

        @Override
        public RedisFuture<?> delete(Object key) {
            return commands().del((byte[]) key);
        }

        synchronized void close() {
            if (connection != null) {
                connection.close();
            }
        }
    }

    /**
     * Redis's clock ({@code TIME}), read again every 10 s and carried forward between readings on
     * this JVM's monotonic clock: every instance refills buckets on the same clock, for the price of
     * one extra round trip every 10 s.
     */
    static final class RedisTime implements TimeMeter {
        private static final long READ_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
        private final Connection redis;
        private volatile Anchor anchor;

        private record Anchor(long redisNanos, long localNanos) {}

        RedisTime(Connection redis) {
            this.redis = redis;
        }

        @Override
        public long currentTimeNanos() {
            Anchor a = anchor;
            if (a == null || System.nanoTime() - a.localNanos() > READ_EVERY_NANOS) {
                a = read();
            }
            return a.redisNanos() + (System.nanoTime() - a.localNanos());
        }

        private synchronized Anchor read() {
            Anchor a = anchor;
            if (a != null && System.nanoTime() - a.localNanos() <= READ_EVERY_NANOS) {
                return a;
            }
            try {
                // Connect first: the reading is placed half-way through the round trip, which must be TIME alone.
                RedisAsyncCommands<byte[], byte[]> commands = redis.commands();
                long before = System.nanoTime();
                List<byte[]> time = commands.time().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                long after = System.nanoTime();
                long seconds = Long.parseLong(new String(time.get(0), StandardCharsets.US_ASCII));
                long micros = Long.parseLong(new String(time.get(1), StandardCharsets.US_ASCII));
                a = new Anchor(
                        TimeUnit.SECONDS.toNanos(seconds) + TimeUnit.MICROSECONDS.toNanos(micros),
                        before + (after - before) / 2);
                anchor = a;
                return a;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading Redis's clock", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot read Redis's clock", e);
            }
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
