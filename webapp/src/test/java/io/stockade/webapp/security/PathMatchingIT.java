package io.stockade.webapp.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.webapp.support.ApiTestBase;
import jakarta.servlet.Filter;
import java.lang.reflect.Field;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.filter.CompositeFilter;

/**
 * The security rules match paths with path patterns, and Spring MVC's per-request handler lookup is out
 * of the security filter chain; the rules still open and close exactly the paths they name.
 */
class PathMatchingIT extends ApiTestBase {
    @Autowired
    @Qualifier("springSecurityFilterChain")
    Filter securityChain;

    @Test
    void shouldRunTheSecurityChainWithoutAHandlerLookupPerRequest() throws Exception {
        Field delegate = securityChain.getClass().getDeclaredField("doFilterDelegate");
        delegate.setAccessible(true);
        Field filters = CompositeFilter.class.getDeclaredField("filters");
        filters.setAccessible(true);
        List<?> chain = (List<?>) filters.get(delegate.get(securityChain));
        assertThat(chain).isNotEmpty().noneMatch(f -> f.getClass().getName().contains("HandlerMappingIntrospector"));
    }

    @Test
    void shouldOpenAndCloseExactlyTheNamedPaths() {
        assertThat(anonymous().get("/health").status()).isEqualTo(200);
        // Not "/health": under "/health/**", which needs a signed-in user.
        assertThat(anonymous().get("/health/").status()).isEqualTo(401);
        assertThat(anonymous().get("/health/detailed").status()).isEqualTo(401);
        assertThat(anonymous().get("/api/inventory").status()).isEqualTo(401);
        assertThat(anonymous()
                        .get("/api/inventory/" + UUID.randomUUID() + "/stock")
                        .status())
                .isEqualTo(401);
        // Open to the signature check, which refuses an unsigned link with its own answer (not 401).
        assertThat(anonymous()
                        .get("/api/inventory/" + UUID.randomUUID() + "/image")
                        .status())
                .isNotEqualTo(401)
                .isBetween(400, 499);
        // The image rule opens GET only.
        assertThat(anonymous()
                        .post("/api/inventory/" + UUID.randomUUID() + "/image", "")
                        .status())
                .isEqualTo(401);
        // Sign-in is open, and answers a bad body with a validation problem rather than 401.
        assertThat(anonymous().post("/api/auth/login", "{}").status()).isEqualTo(400);
        assertThat(anonymous().get("/api/auth/login").status()).isEqualTo(401);
    }
}
