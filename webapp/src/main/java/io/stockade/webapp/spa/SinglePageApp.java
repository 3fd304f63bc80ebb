package io.stockade.webapp.spa;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.EncodedResourceResolver;

/**
 * Serves the operations SPA built into {@code static/}: fingerprinted assets are cached for a year
 * (their names change with their content), {@code index.html} is revalidated on every load so a new
 * release is picked up at once, and a browser route such as {@code /inventory/42} gets index.html so
 * a reload or a shared link works. API, health and asset paths are never rewritten. The build writes
 * Brotli and gzip copies beside each file (scripts/compress.mjs), served as they are to a browser that
 * accepts them: compressed once at the highest level, not on every request.
 */
@Configuration(proxyBeanMethods = false)
public class SinglePageApp implements WebMvcConfigurer {
    static final String INDEX = "/index.html";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/**")
                .addResourceLocations("classpath:/static/assets/")
                .setCacheControl(
                        CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
                .resourceChain(true)
                .addResolver(new EncodedResourceResolver());
        registry.addResourceHandler(INDEX)
                .addResourceLocations("classpath:/static/")
                .setCacheControl(CacheControl.noCache())
                .resourceChain(true)
                .addResolver(new EncodedResourceResolver());
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> spaRoutes() {
        FilterRegistrationBean<OncePerRequestFilter> registration =
                new FilterRegistrationBean<>(new OncePerRequestFilter() {
                    @Override
                    protected void doFilterInternal(
                            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                            throws ServletException, IOException {
                        HttpServletResponse merging = new VaryMergingResponse(response);
                        if (isBrowserRoute(request)) {
                            request.getRequestDispatcher(INDEX).forward(request, merging);
                            return;
                        }
                        chain.doFilter(request, isApi(request) ? response : merging);
                    }
                });
        // After the security chain, so the page carries the same headers as everything else.
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        return registration;
    }

    private static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/api/") || path.equals("/api");
    }

    /**
     * A pre-compressed file's {@code Vary: Accept-Encoding} is set, not added, by the resource handler,
     * which would drop the {@code Vary: Origin…} the CORS filter wrote first: merge them instead, so a
     * compressed file carries every header the plain one does.
     */
    static final class VaryMergingResponse extends HttpServletResponseWrapper {
        VaryMergingResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(String name, String value) {
            if (!HttpHeaders.VARY.equalsIgnoreCase(name) || value == null) {
                super.setHeader(name, value);
                return;
            }
            Map<String, String> tokens = new LinkedHashMap<>();
            for (String header : getHeaders(HttpHeaders.VARY)) {
                addTokens(tokens, header);
            }
            addTokens(tokens, value);
            super.setHeader(name, String.join(",", tokens.values()));
        }

        private static void addTokens(Map<String, String> tokens, String header) {
            for (String token : header.split(",")) {
                String trimmed = token.trim();
                if (!trimmed.isEmpty()) {
                    tokens.putIfAbsent(trimmed.toLowerCase(Locale.ROOT), trimmed);
                }
            }
        }
    }

    static boolean isBrowserRoute(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/")) {
            return true;
        }
        if (path.startsWith("/api/")
                || path.equals("/api")
                || path.startsWith("/health")
                || path.startsWith("/actuator")
                || path.startsWith("/assets/")
                || path.startsWith("/swagger-ui")
                || path.startsWith("/v3/")) {
            return false;
        }
        // Files (favicon.svg, robots.txt) are served as they are; routes have no dot in their last segment.
        String last = path.substring(path.lastIndexOf('/') + 1);
        return !last.contains(".");
    }
}
