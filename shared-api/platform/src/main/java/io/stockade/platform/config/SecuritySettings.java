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
public record SecuritySettings(String passwordProfile, Duration refreshTtl, Duration sessionIdle, Boolean cookieSecure,
                               Integer lockoutThreshold, Duration lockoutDuration, List<String> trustedProxies,
                               String redisUrl, String redisKeyPrefix, Limits limits) {

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
            anonymous = anonymous == null ? new Limit(100, Duration.ofMinutes(15), null) : anonymous;
            login = login == null ? new Limit(5, Duration.ofMinutes(15), null) : login;
            loginIp = loginIp == null ? new Limit(30, Duration.ofMinutes(15), null) : loginIp;
            user = user == null ? new Limit(1000, Duration.ofHours(1), null) : user;
        }
    }

    /**
     * {@code requests} per {@code period} on average, with up to {@code burst} at once (the bucket's
     * size; defaults to {@code requests}, so a user who was idle may use an hour's allowance at once).
     */
    public record Limit(int requests, Duration period, Integer burst) {
        public Limit {
            if (requests <= 0 || period == null || period.isZero() || period.isNegative()) {
                throw new IllegalArgumentException("a rate limit needs requests > 0 and a positive period");
            }
            burst = burst == null ? requests : burst;
        }

        /** Tokens added per millisecond. */
        public double refillPerMilli() {
            return (double) requests / period.toMillis();
        }
    }
}
