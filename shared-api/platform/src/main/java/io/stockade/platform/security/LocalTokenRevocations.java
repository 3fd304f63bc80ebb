package io.stockade.platform.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The revocation list of a single instance (the embedded default). */
public class LocalTokenRevocations implements TokenRevocations {
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
    private final Clock clock;

    public LocalTokenRevocations(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void revoke(String sessionId, Instant until) {
        Instant now = clock.instant();
        revoked.values().removeIf(now::isAfter);
        revoked.merge(sessionId, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public boolean isRevoked(String sessionId) {
        return sessionId != null && revoked.containsKey(sessionId);
    }

    /** Adds entries learnt from elsewhere (the Redis implementation's snapshot). */
    void putAll(Map<String, Instant> entries) {
        entries.forEach((k, v) -> revoked.merge(k, v, (a, b) -> a.isAfter(b) ? a : b));
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
