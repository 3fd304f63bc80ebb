package io.stockade.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.platform.config.StockadeProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * The access-token check, attacked: {@code alg: none}, an HMAC token signed with the public key, a
 * foreign key, a missing or unknown {@code kid}, expiry, wrong issuer and audience, a tampered role,
 * and a revoked session. Key rotation: a token of the previous key stays valid while that key is listed.
 */
class AccessTokenVerificationTest {
    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private KeyPair current;
    private KeyPair previous;
    private JwtKeys keys;
    private StockadeProperties props;
    private LocalTokenRevocations revocations;
    private JwtDecoder decoder;
    private AccessTokens tokens;

    private static String pkcs8(KeyPair pair) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----";
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        return gen.generateKeyPair();
    }

    private StockadeProperties properties(KeyPair signing, List<String> verification) throws Exception {
        Path dir = Files.createTempDirectory("jwt-test");
        return new StockadeProperties(
                null,
                dir,
                new StockadeProperties.Jwt(pkcs8(signing), null, null, null, null, verification),
                null,
                null);
    }

    @BeforeEach
    void setUp() throws Exception {
        current = rsa();
        previous = rsa();
        props = properties(current, List.of(JwtKeys.publicPem((RSAPublicKey) previous.getPublic())));
        keys = JwtKeys.load(props);
        revocations = new LocalTokenRevocations(clock);
        decoder = new CachingJwtDecoder(SecurityConfiguration.verifier(keys, props, clock), clock, revocations);
        tokens = new AccessTokens(keys, props.jwt(), clock);
    }

    private String issue() {
        return tokens.issue(
                        new CurrentUser(UserId.random(), TenantId.random(), Role.STAFF, "sam"),
                        false,
                        UUID.randomUUID().toString(),
                        List.of("pwd"))
                .token();
    }

    private JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer("stockade")
                .audience("stockade-api")
                .subject(UUID.randomUUID().toString())
                .claim("tid", UUID.randomUUID().toString())
                .claim("role", "Staff")
                .claim("sid", "s-1")
                .issueTime(Date.from(NOW))
                .notBeforeTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plusSeconds(900)));
    }

    private static String sign(KeyPair pair, String kid, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(kid)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(pair.getPrivate()));
        return jwt.serialize();
    }

    @Test
    void shouldAcceptItsOwnToken() {
        Jwt jwt = decoder.decode(issue());
        assertThat(jwt.getClaimAsString("role")).isEqualTo("Staff");
        assertThat(jwt.getHeaders()).containsEntry("kid", keys.keyId());
    }

    @Test
    void shouldAcceptATokenOfThePreviousKeyDuringARotation() throws Exception {
        String kid = JwtKeys.thumbprintOf((RSAPublicKey) previous.getPublic());
        assertThat(decoder.decode(sign(previous, kid, claims().build())).getSubject())
                .isNotBlank();
    }

    @Test
    void shouldRefuseTheOldKeyOnceItLeavesTheList() throws Exception {
        StockadeProperties rotated = properties(current, List.of());
        JwtDecoder strict = SecurityConfiguration.verifier(JwtKeys.load(rotated), rotated, clock);
        String kid = JwtKeys.thumbprintOf((RSAPublicKey) previous.getPublic());
        assertThatThrownBy(() -> strict.decode(sign(previous, kid, claims().build())))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void shouldRefuseAlgNone() {
        String none =
                new PlainJWT(new PlainHeader.Builder().type(JOSEObjectType.JWT).build(), claims().build()).serialize();
        assertThatThrownBy(() -> decoder.decode(none)).isInstanceOf(JwtException.class);
    }

    @Test
    void shouldRefuseAnHmacTokenKeyedWithThePublicKey() throws Exception {
        SignedJWT hs = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(keys.keyId())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims().build());
        byte[] secret = Arrays.copyOf(keys.publicKey().getEncoded(), 64);
        hs.sign(new MACSigner(secret));
        assertThatThrownBy(() -> decoder.decode(hs.serialize())).isInstanceOf(JwtException.class);
    }

    @Test
    void shouldRefuseAForeignKeyEvenWithOurKid() throws Exception {
        assertThatThrownBy(() -> decoder.decode(sign(rsa(), keys.keyId(), claims().build())))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void shouldRefuseAMissingOrUnknownKid() throws Exception {
        assertThatThrownBy(() -> decoder.decode(sign(current, null, claims().build())))
                .isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(sign(current, "not-a-key", claims().build())))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void shouldRefuseExpiredWrongIssuerWrongAudienceAndMissingSession() throws Exception {
        String kid = keys.keyId();
        List<JWTClaimsSet> bad = List.of(
                claims().expirationTime(Date.from(NOW.minusSeconds(120))).build(),
                claims().notBeforeTime(Date.from(NOW.plusSeconds(600))).build(),
                claims().issuer("someone-else").build(),
                claims().audience("another-api").build(),
                claims().claim("sid", null).build(),
                claims().claim("tid", null).build());
        for (JWTClaimsSet c : bad) {
            assertThatThrownBy(() -> decoder.decode(sign(current, kid, c)))
                    .as(c.toString())
                    .isInstanceOf(JwtException.class);
        }
    }

    /**
     * Found by AccessTokenFuzzTest: a correctly signed token whose role, tenant or subject the API cannot read
     * (another deployment's token, an older version's role name) passed the decoder and failed later as a 500.
     */
    @Test
    void shouldRefuseASignedTokenWhoseRoleTenantOrSubjectCannotBeRead() throws Exception {
        String kid = keys.keyId();
        List<JWTClaimsSet> unreadable = List.of(
                claims().claim("role", "Overlord").build(),
                claims().claim("tid", "not-a-uuid").build(),
                // The fuzzer's second finding: UUID.fromString reads this as ...-4000-0080-0000000000aa.
                claims().claim("tid", "00000000-0000-4000-80-000000000000aa").build(),
                claims().claim("tid", "00000000-0000-4000-8000-0000000000AA").build(),
                claims().subject("sam").build(),
                claims().subject(null).build());
        for (JWTClaimsSet c : unreadable) {
            assertThatThrownBy(() -> decoder.decode(sign(current, kid, c)))
                    .as(c.toString())
                    .isInstanceOf(JwtException.class);
        }
    }

    @Test
    void shouldRefuseATamperedRoleClaim() {
        String token = issue();
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"Staff\"", "\"Admin\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
                + "." + parts[2];
        assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(JwtException.class);
    }

    @Test
    void shouldRefuseNonCanonicalEncodings() {
        String token = issue();
        for (String variant :
                List.of(token + "x", token + "=", token.replaceFirst("\\.", ".."), token + ".extra", " " + token)) {
            assertThatThrownBy(() -> decoder.decode(variant)).as(variant).isInstanceOf(JwtException.class);
        }
        assertThat(decoder.decode(token).getSubject()).isNotBlank();
    }

    @Test
    void shouldRefuseATokenOfARevokedSessionEvenWhenCached() {
        String token = issue();
        Jwt jwt = decoder.decode(token);
        revocations.revoke(jwt.getClaimAsString("sid"), NOW.plus(Duration.ofMinutes(16)));
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
    }
}
