package io.stockade.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.platform.config.StockadeProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * The access token, from the {@code Authorization} header to the signed-in user, as the API reads it: Spring's
 * bearer resolution, the platform's decoder (canonical Base64url, RS256 with a known {@code kid}, issuer,
 * audience, time, claims, revocation), the role mapping and {@link CurrentUsers}. Whatever the header, the
 * outcome is a refusal the security chain turns into a 401 (an {@link OAuth2AuthenticationException} or a
 * {@link JwtException}), or a user; never another exception, which would be a 500. Only tokens this test
 * signed are accepted.
 *
 * <p>An input is one byte and a rest. With an even byte the rest is the header value (ISO-8859-1, as Tomcat
 * reads it), so any string can be tried, including tokens that were never signed. With an odd byte the rest is
 * a claims set, signed with the real key: the decoder's claim checks are fuzzed past the signature, which an
 * attacker cannot forge but a token of another deployment, an older version or a bug could carry. Seeds:
 * {@code src/test/resources/io/stockade/platform/security/AccessTokenFuzzTestInputs/authorizationHeader}
 * (first character {@code b} for a header, {@code s} for signed claims, issued around 2026-11-23T08:00Z).
 */
class AccessTokenFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC);
    private static final JwtKeys KEYS;
    private static final JwtDecoder DECODER;
    private static final String ISSUED;

    static {
        try {
            StockadeProperties props =
                    new StockadeProperties(null, Files.createTempDirectory("jwt-fuzz"), null, null, null);
            KEYS = JwtKeys.load(props);
            DECODER = new CachingJwtDecoder(
                    SecurityConfiguration.verifier(KEYS, props, CLOCK), CLOCK, new LocalTokenRevocations(CLOCK));
            ISSUED = new AccessTokens(KEYS, props.jwt(), CLOCK)
                    .issue(
                            new CurrentUser(UserId.random(), TenantId.random(), Role.STAFF, "sam"),
                            false,
                            UUID.randomUUID().toString(),
                            List.of("pwd"))
                    .token();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();

    @FuzzTest(maxDuration = "10m")
    void authorizationHeader(byte[] input) throws JOSEException {
        if (input.length == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        if ((input[0] & 1) == 0) {
            header(new String(rest, StandardCharsets.ISO_8859_1));
        } else {
            signed(rest);
        }
    }

    private void header(String value) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/inventory");
        request.addHeader("Authorization", value);
        String token;
        try {
            token = bearer.resolve(request);
        } catch (OAuth2AuthenticationException e) {
            // The chain's entry point answers it with the 401 problem.
            assertThat(e.getError().getErrorCode()).isIn("invalid_request", "invalid_token");
            return;
        }
        if (token == null) {
            assertThat(value.regionMatches(true, 0, "Bearer", 0, 6)).isFalse();
            return;
        }
        Optional<CurrentUser> user = signIn(token);
        if (user.isPresent()) {
            assertThat(token).as("only the byte-exact issued token is accepted").isEqualTo(ISSUED);
        }
        // The rate limiter reads the header on its own, before authentication, and catches only these two.
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            try {
                DECODER.decode(value.substring(7).strip());
            } catch (JwtException | IllegalArgumentException e) {
                assertThat(e).isNotNull();
            }
        }
    }

    private void signed(byte[] claims) throws JOSEException {
        JWSObject jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(KEYS.keyId())
                        .type(JOSEObjectType.JWT)
                        .build(),
                new Payload(claims));
        jws.sign(new RSASSASigner(KEYS.privateKey()));
        signIn(jws.serialize());
    }

    /** What the chain does with a resolved token; empty when it is refused (a 401). */
    private static Optional<CurrentUser> signIn(String token) {
        Jwt jwt;
        try {
            jwt = DECODER.decode(token);
        } catch (JwtException e) {
            return Optional.empty();
        }
        SecurityContextHolder.setContext(new SecurityContextImpl(SecurityConfiguration.toAuthentication(jwt)));
        try {
            Optional<CurrentUser> user = CurrentUsers.current();
            assertThat(user).isPresent();
            assertThat(user.get().tenantId().toString()).isEqualTo(jwt.getClaimAsString(AccessTokens.CLAIM_TENANT));
            assertThat(user.get().userId().toString()).isEqualTo(jwt.getSubject());
            return user;
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
