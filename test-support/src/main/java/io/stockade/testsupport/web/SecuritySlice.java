package io.stockade.testsupport.web;

import io.stockade.platform.config.StockadeProperties;
import io.stockade.platform.errors.ProblemHandler;
import io.stockade.platform.security.AccessTokens;
import io.stockade.platform.security.FrontDoorConfiguration;
import io.stockade.platform.security.PathMatching;
import io.stockade.platform.security.SecurityConfiguration;
import io.stockade.platform.web.WebConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The platform's own front door for {@code @WebMvcTest} slices: the real filter chain (bearer tokens verified
 * as RS256, rate limits, the password-change gate, idempotency keys), method security, problem+json errors and
 * the {@code CurrentUser} argument. Everything behind the controllers (Axon, the database, Redis) stays out:
 * without {@code stockade.security.redis-url} the rate limiter and the revocation list are the in-memory ones.
 *
 * <p>A slice sets {@link #PROPERTY_DATA_DIR} (where the signing key is generated once), the host's strict JSON
 * reading and the two limits below, so that a matrix of hundreds of requests from one address measures the roles, not the limiter.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(StockadeProperties.class)
@Import({
    SecurityConfiguration.class,
    PathMatching.class,
    FrontDoorConfiguration.class,
    WebConfiguration.class,
    ProblemHandler.class
})
public class SecuritySlice {
    public static final String PROPERTY_DATA_DIR = "stockade.data-dir=target/web-slice";
    public static final String PROPERTY_ANONYMOUS_LIMIT = "stockade.security.limits.anonymous.requests=1000000";
    public static final String PROPERTY_USER_LIMIT = "stockade.security.limits.user.requests=1000000";

    @Bean
    RoleTokens roleTokens(AccessTokens tokens) {
        return new RoleTokens(tokens);
    }
}
