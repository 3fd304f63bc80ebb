package io.stockade.platform.ratelimit;

import io.stockade.platform.config.SecuritySettings.Limit;

/** Token buckets keyed by a string; one implementation per store (this JVM, or Redis for all instances). */
public interface RateLimiter {

    /**
     * Takes one token from the bucket {@code key}.
     *
     * @return whether the request may go on, what is left, and when the bucket is full again
     */
    Decision consume(String key, Limit limit);

    /** Where the buckets live, for {@code /health/detailed}. */
    String store();

    /** True while a shared store is unreachable and this instance limits on its own. */
    boolean degraded();

    /**
     * @param allowed        the request may go on
     * @param limit          the bucket's size ({@code X-RateLimit-Limit})
     * @param remaining      tokens left ({@code X-RateLimit-Remaining})
     * @param resetSeconds   seconds until the bucket is full again ({@code X-RateLimit-Reset})
     * @param retryAfterSeconds when refused, seconds until one token is back ({@code Retry-After})
     */
    record Decision(boolean allowed, int limit, long remaining, long resetSeconds, long retryAfterSeconds) {}
}
