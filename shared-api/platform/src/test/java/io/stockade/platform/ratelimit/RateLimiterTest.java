package io.stockade.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stockade.platform.config.SecuritySettings.Limit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Token buckets: the arithmetic on a moving clock, and what happens when Redis cannot be reached. */
class RateLimiterTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T08:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    };

    @Test
    void shouldAllowTheBurstThenRefuseWithRetryAfterAndRefillOverThePeriod() {
        LocalRateLimiter limiter = new LocalRateLimiter(clock);
        Limit limit = new Limit(5, Duration.ofMinutes(15), null);
        for (int i = 4; i >= 0; i--) {
            RateLimiter.Decision d = limiter.consume("k", limit);
            assertThat(d.allowed()).isTrue();
            assertThat(d.remaining()).isEqualTo(i);
            assertThat(d.limit()).isEqualTo(5);
        }
        RateLimiter.Decision refused = limiter.consume("k", limit);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(180);
        assertThat(refused.resetSeconds()).isEqualTo(900);

        now.set(now.get().plusSeconds(179));
        assertThat(limiter.consume("k", limit).allowed()).isFalse();
        now.set(now.get().plusSeconds(2));
        assertThat(limiter.consume("k", limit).allowed())
                .as("one token back after 3 minutes")
                .isTrue();
        assertThat(limiter.consume("other", limit).remaining())
                .as("buckets are per key")
                .isEqualTo(4);
    }

    @Test
    void shouldKeepLimitingLocallyAndSaySoWhenRedisIsUnreachable() {
        LettuceConnectionFactory dead = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", 1),
                LettuceClientConfiguration.builder()
                        .commandTimeout(Duration.ofMillis(200))
                        .build());
        dead.afterPropertiesSet();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try {
            RedisRateLimiter limiter = new RedisRateLimiter(dead, "t:", clock, meters);
            Limit limit = new Limit(3, Duration.ofMinutes(15), null);
            assertThat(limiter.consume("k", limit).allowed()).isTrue();
            assertThat(limiter.degraded()).isTrue();
            assertThat(limiter.consume("k", limit).allowed()).isTrue();
            assertThat(limiter.consume("k", limit).allowed()).isTrue();
            assertThat(limiter.consume("k", limit).allowed())
                    .as("the gates stay shut")
                    .isFalse();
            assertThat(meters.get("stockade.ratelimit.redis.degraded").gauge().value())
                    .isEqualTo(1.0);
            assertThat(meters.get("stockade.ratelimit.redis.failures").counter().count())
                    .isGreaterThanOrEqualTo(4);
        } finally {
            dead.destroy();
        }
    }
}
