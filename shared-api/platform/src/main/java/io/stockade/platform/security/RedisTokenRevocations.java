package io.stockade.platform.security;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;

/**
 * The revocation list shared through Redis: a sorted set of session ids scored by the time their
 * last access token expires. Each instance adds its own revocations at once (locally and in Redis)
 * and reads everybody's every {@value #POLL_SECONDS} seconds, so a revoked token fails everywhere
 * within that delay, far inside the one-minute promise. While Redis is down the local list still
 * applies, and refresh tokens (checked in the database) cannot renew a revoked session.
 */
public class RedisTokenRevocations implements TokenRevocations, DisposableBean {
    static final int POLL_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(RedisTokenRevocations.class);
    private final StringRedisTemplate redis;
    private final String key;
    private final Clock clock;
    private final LocalTokenRevocations local;
    private final ScheduledExecutorService poller;
    private volatile boolean degraded;

    public RedisTokenRevocations(StringRedisTemplate redis, String prefix, Clock clock) {
        this.redis = redis;
        this.key = prefix + "revoked-sessions";
        this.clock = clock;
        this.local = new LocalTokenRevocations(clock);
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stockade-revocations");
            t.setDaemon(true);
            return t;
        });
        poll();
        poller.scheduleWithFixedDelay(this::poll, POLL_SECONDS, POLL_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void revoke(String sessionId, Instant until) {
        local.revoke(sessionId, until);
        try {
            redis.opsForZSet().add(key, sessionId, until.toEpochMilli());
            degraded = false;
        } catch (RuntimeException e) {
            markDown(e);
        }
    }

    @Override
    public boolean isRevoked(String sessionId) {
        return local.isRevoked(sessionId);
    }

    void poll() {
        try {
            long now = clock.millis();
            redis.opsForZSet().removeRangeByScore(key, Double.NEGATIVE_INFINITY, now);
            Set<TypedTuple<String>> entries =
                    redis.opsForZSet().rangeByScoreWithScores(key, now, Double.POSITIVE_INFINITY);
            Map<String, Instant> snapshot = new HashMap<>();
            if (entries != null) {
                for (TypedTuple<String> e : entries) {
                    if (e.getValue() != null && e.getScore() != null) {
                        snapshot.put(
                                e.getValue(), Instant.ofEpochMilli(e.getScore().longValue()));
                    }
                }
            }
            local.putAll(snapshot);
            degraded = false;
        } catch (RuntimeException e) {
            markDown(e);
        }
    }

    private void markDown(RuntimeException e) {
        if (!degraded) {
            log.warn(
                    "Redis is unreachable; revocations are shared again once it is back ({})",
                    e.getClass().getSimpleName());
        }
        degraded = true;
    }

    @Override
    public String store() {
        return "redis";
    }

    @Override
    public boolean degraded() {
        return degraded;
    }

    @Override
    public void destroy() {
        poller.shutdownNow();
    }
}
