package io.stockade.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.platform.config.StockadeProperties;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Token parsing under arbitrary input: any string, and any single-character change to a valid
 * token, is refused with a JwtException (a 401), never accepted and never another exception (a 500).
 */
class TokenParsingPropertiesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC);
    private static JwtDecoder decoder;
    private static String valid;

    @BeforeContainer
    static void keys() throws Exception {
        StockadeProperties props =
                new StockadeProperties(null, Files.createTempDirectory("jwt-props"), null, null, null);
        JwtKeys keys = JwtKeys.load(props);
        decoder = new CachingJwtDecoder(
                SecurityConfiguration.verifier(keys, props, CLOCK), CLOCK, new LocalTokenRevocations(CLOCK));
        valid = new AccessTokens(keys, props.jwt(), CLOCK)
                .issue(
                        new CurrentUser(UserId.random(), TenantId.random(), Role.STAFF, "sam"),
                        false,
                        UUID.randomUUID().toString(),
                        List.of("pwd"))
                .token();
    }

    @Property(tries = 500)
    void anyStringIsRefusedCleanly(@ForAll String token) {
        assertRefused(token);
    }

    @Property(tries = 300)
    void tokenShapedGarbageIsRefusedCleanly(
            @ForAll("segments") String a, @ForAll("segments") String b, @ForAll("segments") String c) {
        assertRefused(a + "." + b + "." + c);
    }

    @Property(tries = 400)
    void anyOneCharacterChangeToAValidTokenIsRefused(
            @ForAll("positions") int position, @ForAll("base64url") char replacement) {
        char original = valid.charAt(position);
        if (original == replacement || original == '.') {
            return;
        }
        String tampered = valid.substring(0, position) + replacement + valid.substring(position + 1);
        assertRefused(tampered);
    }

    @Provide
    Arbitrary<String> segments() {
        return Arbitraries.strings()
                .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/")
                .ofMaxLength(80);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, valid.length() - 1);
    }

    @Provide
    Arbitrary<Character> base64url() {
        return Arbitraries.chars()
                .with("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray());
    }

    private static void assertRefused(String token) {
        try {
            decoder.decode(token);
            throw new AssertionError("accepted: " + token);
        } catch (JwtException expected) {
            assertThat(expected).isInstanceOf(JwtException.class);
        }
    }
}
