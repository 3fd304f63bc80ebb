package io.stockade.platform.ratelimit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockade.platform.config.SecuritySettings;
import io.stockade.platform.errors.Problems;
import io.stockade.platform.web.ClientIps;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits {@code /api/**} (static files and health checks are not limited): a request with a valid
 * access token counts against its user, any other against its client address. Every limited
 * response carries {@code X-RateLimit-Limit}, {@code -Remaining} and {@code -Reset}; a refused one
 * is a 429 problem with {@code Retry-After}. Runs before authentication, so a flood of bad tokens is
 * limited by address too.
 */
public class RateLimitFilter extends OncePerRequestFilter {
    private final RateLimiter limiter;
    private final SecuritySettings settings;
    private final JwtDecoder decoder;
    private final ClientIps clientIps;
    private final ObjectMapper mapper;
    private final RateLimitTrips trips;
    private final MeterRegistry meters;

    public RateLimitFilter(
            RateLimiter limiter,
            SecuritySettings settings,
            JwtDecoder decoder,
            ClientIps clientIps,
            ObjectMapper mapper,
            RateLimitTrips trips,
            MeterRegistry meters) {
        this.limiter = limiter;
        this.settings = settings;
        this.decoder = decoder;
        this.clientIps = clientIps;
        this.mapper = mapper;
        this.trips = trips;
        this.meters = meters;
        // Registered at zero: a counter that first appears at 1 has no increase() in Prometheus, so the first
        // refusals after a start would never show.
        meters.counter("stockade.ratelimit.rejected", "scope", "user");
        meters.counter("stockade.ratelimit.rejected", "scope", "anonymous");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Jwt jwt = bearer(request);
        String scope;
        String key;
        SecuritySettings.Limit limit;
        if (jwt != null) {
            scope = "user";
            key = "user:" + jwt.getSubject();
            limit = settings.limits().user();
        } else {
            scope = "anonymous";
            key = "ip:" + clientIps.resolve(request);
            limit = settings.limits().anonymous();
        }
        RateLimiter.Decision d = limiter.consume(key, limit);
        writeHeaders(response, d);
        if (!d.allowed()) {
            meters.counter("stockade.ratelimit.rejected", "scope", scope).increment();
            trips.tripped(scope, jwt, clientIps.resolve(request));
            refuse(request, response, mapper, d);
            return;
        }
        chain.doFilter(request, response);
    }

    public static void writeHeaders(HttpServletResponse response, RateLimiter.Decision d) {
        response.setHeader("X-RateLimit-Limit", Integer.toString(d.limit()));
        response.setHeader("X-RateLimit-Remaining", Long.toString(d.remaining()));
        response.setHeader("X-RateLimit-Reset", Long.toString(d.resetSeconds()));
    }

    public static void refuse(
            HttpServletRequest request, HttpServletResponse response, ObjectMapper mapper, RateLimiter.Decision d)
            throws IOException {
        response.setHeader("Retry-After", Long.toString(Math.max(1, d.retryAfterSeconds())));
        Problems.write(
                request,
                response,
                mapper,
                HttpStatus.TOO_MANY_REQUESTS,
                "rate-limited",
                "Too many requests",
                "Too many requests; try again in " + Math.max(1, d.retryAfterSeconds()) + " s");
    }

    private Jwt bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        try {
            return decoder.decode(header.substring(7).strip());
        } catch (JwtException | IllegalArgumentException e) {
            return null;
        }
    }
}
