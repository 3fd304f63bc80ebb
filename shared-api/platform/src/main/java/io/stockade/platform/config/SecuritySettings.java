package io.stockade.platform.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The front door's settings ({@code STOCKADE_SECURITY_*}). Every default is the real, production
 * value; the {@code test} and {@code bench} profiles raise the rate limits so that suites and the
 * benchmark measure the product rather than the limiter.
 *
 * @param passwordProfile   {@code seed-003} (12+ characters with upper, lower, digit and symbol) or
 *                          {@code asvs-5} (15+ characters, no composition rules)
 * @param refreshTtl        lifetime of a session and of each refresh token
 * @param sessionIdle       a session not refreshed for this long ends
 * @param cookieSecure      mark the auth cookies Secure (production refuses false)
 * @param lockoutThreshold  failed sign-ins that lock an account
 * @param lockoutDuration   how long the lock lasts
 * @param trustedProxies    addresses (exact or CIDR) whose {@code X-Forwarded-For} is believed
 * @param redisUrl          {@code redis://host:port}: counters and the revocation list shared by every instance
 * @param redisKeyPrefix    prefix of every Redis key (one Redis can serve several deployments)
 * @param limits            rate limits
 */
@ConfigurationProperties(prefix = "stockade.security")
public record SecuritySettings(
        String passwordProfile,
        Duration refreshTtl,
        Duration sessionIdle,
        Boolean cookieSecure,
        Integer lockoutThreshold,
        Duration lockoutDuration,
        List<String> trustedProxies,
        String redisUrl,
        String redisKeyPrefix,
        Limits limits) {

    public SecuritySettings {
        passwordProfile = passwordProfile == null ? "seed-003" : passwordProfile;
        refreshTtl = refreshTtl == null ? Duration.ofDays(7) : refreshTtl;
        sessionIdle = sessionIdle == null ? Duration.ofHours(12) : sessionIdle;
        cookieSecure = cookieSecure == null || cookieSecure;
        lockoutThreshold = lockoutThreshold == null ? 5 : lockoutThreshold;
        lockoutDuration = lockoutDuration == null ? Duration.ofMinutes(15) : lockoutDuration;
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        redisUrl = redisUrl == null || redisUrl.isBlank() ? null : redisUrl;
        redisKeyPrefix = redisKeyPrefix == null ? "stockade:" : redisKeyPrefix;
        limits = limits == null ? new Limits(null, null, null, null) : limits;
    }

    public static SecuritySettings defaults() {
        return new SecuritySettings(null, null, null, null, null, null, null, null, null, null);
    }

    public boolean asvs5() {
        return "asvs-5".equalsIgnoreCase(passwordProfile) || "asvs5".equalsIgnoreCase(passwordProfile);
    }

    /**
     * Token buckets. A warehouse often shares one NAT address, so signed-in traffic is limited per
     * user, not per address; only traffic without a valid token is limited per address.
     *
     * @param anonymous requests without a valid access token, per client address
     * @param login     sign-in attempts per client address and username
     * @param loginIp   all sign-in attempts per client address (the wider cap)
     * @param user      requests of one signed-in user
     */
    public record Limits(Limit anonymous, Limit login, Limit loginIp, Limit user) {
        public Limits {
            // Each part may be set alone (STOCKADE_SECURITY_LIMITS_USER_REQUESTS=5000): the rest keeps its default.
            anonymous = Limit.complete(anonymous, 100, Duration.ofMinutes(15));
            login = Limit.complete(login, 5, Duration.ofMinutes(15));
            loginIp = Limit.complete(loginIp, 30, Duration.ofMinutes(15));
            user = Limit.complete(user, 1000, Duration.ofHours(1));
        }
    }

    /**
     * {@code requests} per {@code period} on average, with up to {@code burst} at once (the bucket's
     * size; defaults to {@code requests}, so a user who was idle may use an hour's allowance at once).
     */
    public record Limit(Integer requests, Duration period, Integer burst) {

        static Limit complete(Limit given, int requests, Duration period) {
            Limit l = given == null
                    ? new Limit(requests, period, null)
                    : new Limit(
                            given.requests() == null ? requests : given.requests(),
                            given.period() == null ? period : given.period(),
                            given.burst());
            if (l.requests() <= 0
                    || l.period().isZero()
                    || l.period().isNegative()
                    || (l.burst() != null && l.burst() <= 0)) {
                throw new IllegalArgumentException("a rate limit needs requests > 0, a positive period and burst > 0");
            }
            return l;
        }

        @Override
        public Integer burst() {
            return burst == null ? requests : burst;
        }

        /** Tokens added per millisecond. */
        public double refillPerMilli() {
            return (double) requests / period.toMillis();
        }
    }
}
