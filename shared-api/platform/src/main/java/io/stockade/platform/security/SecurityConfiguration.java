package io.stockade.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.platform.config.SecuritySettings;
import io.stockade.platform.config.StockadeProperties;
import io.stockade.platform.errors.Problems;
import io.stockade.platform.ratelimit.RateLimitFilter;
import io.stockade.platform.ratelimit.RateLimitTrips;
import io.stockade.platform.ratelimit.RateLimiter;
import io.stockade.platform.refusals.RefusedCommands;
import io.stockade.platform.web.ClientIps;
import io.stockade.platform.web.IdempotencyKeys;
import io.stockade.platform.web.ManagementPort;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;

/**
 * One security posture for every node: stateless bearer tokens, roles from the token, problem+json
 * for 401/403, and strict headers on every response.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class SecurityConfiguration {
    static final String CSP = SecurityHeaders.CONTENT_SECURITY_POLICY;

    @Bean
    JwtKeys jwtKeys(StockadeProperties props) {
        return JwtKeys.load(props);
    }

    /** The system clock; tests replace it with one they can move (lockout and expiry timing). */
    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    AccessTokens accessTokens(JwtKeys keys, StockadeProperties props, Clock clock) {
        return new AccessTokens(keys, props.jwt(), clock);
    }

    @Bean
    JwtDecoder jwtDecoder(JwtKeys keys, StockadeProperties props, Clock clock, TokenRevocations revocations) {
        return new CachingJwtDecoder(verifier(keys, props, clock), clock, revocations);
    }

    /**
     * RS256 only ({@code alg} pinned; {@code none}, HMAC and others fail), {@code typ} JWT, a {@code kid}
     * naming one of the accepted keys, issuer, audience, time (on the application's clock, with one
     * minute of skew) and the claims the API relies on.
     */
    static JwtDecoder verifier(JwtKeys keys, StockadeProperties props, Clock clock) {
        List<JWK> jwks = new ArrayList<>();
        keys.verificationKeys()
                .forEach((kid, key) ->
                        jwks.add(new RSAKey.Builder(key).keyID(kid).build()));
        ImmutableJWKSet<SecurityContext> source = new ImmutableJWKSet<>(new JWKSet(jwks));
        JWSVerificationKeySelector<SecurityContext> byKid =
                new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, source);
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(
                (header, context) -> header.getKeyID() == null ? List.of() : byKid.selectJWSKeys(header, context));
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
        // Time is checked below, on the application's clock.
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        OAuth2TokenValidator<Jwt> audience = jwt -> jwt.getAudience() != null
                        && jwt.getAudience().contains(props.jwt().audience())
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "wrong audience", null));
        OAuth2TokenValidator<Jwt> claims = jwt -> hasReadableClaims(jwt)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "missing claims", null));
        JwtTimestampValidator time = new JwtTimestampValidator(Duration.ofSeconds(60));
        time.setClock(clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                time, new JwtIssuerValidator(props.jwt().issuer()), audience, claims));
        return decoder;
    }

    /**
     * The claims the API reads from every token, in the form it reads them: a token the signature vouches for
     * but whose subject or tenant is not a canonical UUID, or whose role this version does not know, is refused here (a
     * 401) rather than failing in {@link CurrentUsers} (a 500).
     */
    static boolean hasReadableClaims(Jwt jwt) {
        String tenant = jwt.getClaimAsString(AccessTokens.CLAIM_TENANT);
        String role = jwt.getClaimAsString(AccessTokens.CLAIM_ROLE);
        if (jwt.getSubject() == null
                || tenant == null
                || role == null
                || jwt.getClaimAsString(AccessTokens.CLAIM_SESSION) == null
                || jwt.getExpiresAt() == null
                || jwt.getIssuedAt() == null) {
            return false;
        }
        try {
            // Canonical UUIDs only, as the issuer writes them: UUID.fromString also takes "0-0-4000-80-aa", which
            // would make the tenant the API works for differ from the claim's text that other code compares.
            Role.fromLabel(role);
            return UserId.of(jwt.getSubject()).toString().equals(jwt.getSubject())
                    && TenantId.of(tenant).toString().equals(tenant);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Writes open without a token (the API document marks them so, from this list). */
    public static final List<String> PUBLIC_POSTS = List.of(
            "/api/auth/login",
            "/api/auth/refresh",
            "/api/auth/logout",
            "/api/auth/mfa/verify",
            "/api/auth/password-reset",
            "/api/auth/password-reset/confirm");

    /** Reads open without a token: the signed image and barcode links carry their own signature. */
    public static final List<String> PUBLIC_GETS =
            List.of("/api/inventory/*/image", "/api/inventory/*/barcode.png", "/api/inventory/*/barcode.svg");

    /** Only where there is a web server: the operator's command line runs the same beans without one. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain apiSecurity(
            HttpSecurity http,
            ObjectMapper mapper,
            StockadeProperties props,
            SecuritySettings settings,
            RateLimiter limiter,
            JwtDecoder decoder,
            ClientIps clientIps,
            ObjectProvider<RateLimitTrips> trips,
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<ManagementPort> managementPort,
            ObjectProvider<RefusedCommands> refusals)
            throws Exception {
        // The same two answers whether the token was missing, bad, or short of a role.
        AuthenticationEntryPoint unauthorized = (req, res, ex) -> Problems.write(
                req, res, mapper, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", "Authentication required");
        AccessDeniedHandler forbidden = (req, res, ex) -> {
            // A signed-in caller refused before any controller: recorded like the refusals ProblemHandler answers.
            refusals.ifAvailable(
                    r -> r.refused(HttpStatus.FORBIDDEN, "forbidden", "Insufficient permissions", List.of()));
            Problems.write(
                    req, res, mapper, HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Insufficient permissions");
        };
        http.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // Bearer tokens travel in a header the browser never attaches by itself: no ambient credential to
                // forge.
                .csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(r -> r.disable())
                .authorizeHttpRequests(a -> {
                    // The operator's port: protected by where it listens (loopback by default), not by a tenant's
                    // token. On every other port actuator is refused.
                    managementPort.ifAvailable(port -> a.requestMatchers(port).permitAll());
                    a.requestMatchers("/actuator", "/actuator/**").denyAll();
                    a.requestMatchers(HttpMethod.POST, PUBLIC_POSTS.toArray(String[]::new))
                            .permitAll();
                    a.requestMatchers("/health").permitAll();
                    a.requestMatchers(HttpMethod.GET, PUBLIC_GETS.toArray(String[]::new))
                            .permitAll();
                    // Open on a laptop; Admin-only in production (seed 003: no open documentation of the attack
                    // surface).
                    String[] docs = {"/api/docs", "/api/docs/**", "/api/docs.yaml", "/swagger-ui/**", "/swagger-ui.html"
                    };
                    if (props.production()) {
                        a.requestMatchers(docs).hasRole("ADMIN");
                    } else {
                        a.requestMatchers(docs).permitAll();
                    }
                    a.requestMatchers("/api/**", "/health/**").authenticated();
                    a.anyRequest().permitAll();
                })
                .oauth2ResourceServer(
                        o -> o.jwt(j -> j.jwtAuthenticationConverter(SecurityConfiguration::toAuthentication))
                                .authenticationEntryPoint(unauthorized)
                                .accessDeniedHandler(forbidden))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CSP))
                        .frameOptions(f -> f.deny())
                        .contentTypeOptions(c -> {})
                        .referrerPolicy(r ->
                                r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                        // Browsers ignore HSTS over plain HTTP; sending it always keeps every response uniform.
                        .httpStrictTransportSecurity(s -> s.disable())
                        .addHeaderWriter(new StaticHeadersWriter(
                                "Strict-Transport-Security", SecurityHeaders.STRICT_TRANSPORT_SECURITY))
                        .addHeaderWriter(
                                new StaticHeadersWriter("Permissions-Policy", SecurityHeaders.PERMISSIONS_POLICY))
                        .addHeaderWriter(new StaticHeadersWriter(
                                "Cross-Origin-Opener-Policy", SecurityHeaders.CROSS_ORIGIN_OPENER_POLICY)));
        // Ahead of authentication: a flood of forged tokens is limited by address like any anonymous traffic.
        http.addFilterBefore(
                new RateLimitFilter(
                        limiter,
                        settings,
                        decoder,
                        clientIps,
                        mapper,
                        trips.getIfAvailable(() -> RateLimitTrips.NONE),
                        meters.getIfAvailable(SimpleMeterRegistry::new)),
                BearerTokenAuthenticationFilter.class);
        http.addFilterAfter(new SignedInLogContext(), BearerTokenAuthenticationFilter.class);
        http.addFilterAfter(new PasswordChangeGate(mapper), AuthorizationFilter.class);
        http.addFilterAfter(new IdempotencyKeys(mapper), PasswordChangeGate.class);
        return http.build();
    }

    /**
     * Spring's firewall checks every header value with a Unicode-class regular expression; on a long
     * bearer token that was a tenth of a request's CPU. Same rule (no control or unassigned
     * characters), written as a loop.
     */
    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(SecurityConfiguration::isPrintable);
        firewall.setAllowedHeaderNames(SecurityConfiguration::isPrintable);
        // No NUL (or other control character but tab and line breaks) in query or form values either.
        firewall.setAllowedParameterValues(
                v -> v.chars().noneMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r'));
        return firewall;
    }

    /** What the firewall refuses is the client's mistake: a 400 problem, not a 500. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ObjectMapper mapper) {
        return (request, response, e) -> Problems.write(
                request,
                response,
                mapper,
                HttpStatus.BAD_REQUEST,
                "rejected-request",
                "Bad Request",
                "The request holds characters or a path that are not allowed");
    }

    static boolean isPrintable(String value) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.UNASSIGNED || type == Character.SURROGATE) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    static AbstractAuthenticationToken toAuthentication(Jwt jwt) {
        Role role = Role.fromLabel(jwt.getClaimAsString(AccessTokens.CLAIM_ROLE));
        return new JwtAuthenticationToken(
                jwt, List.of(new SimpleGrantedAuthority("ROLE_" + role.name())), jwt.getSubject());
    }
}
