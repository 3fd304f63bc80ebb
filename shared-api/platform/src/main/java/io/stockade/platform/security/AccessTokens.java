package io.stockade.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.stockade.platform.config.StockadeProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Issues short-lived RS256 access tokens; verification is Spring Security's resource server. */
public class AccessTokens {
    public static final String CLAIM_TENANT = "tid";
    public static final String CLAIM_ROLE = "role";
    public static final String CLAIM_USERNAME = "preferred_username";
    /** Set while a generated or reset password has not been changed: the token can do nothing else. */
    public static final String CLAIM_PASSWORD_CHANGE = "pwd_change";
    /** The session (refresh-token family) the token belongs to: revoking the session revokes the token. */
    public static final String CLAIM_SESSION = "sid";
    /** How the user proved who they are (RFC 8176): pwd, or pwd + otp. */
    public static final String CLAIM_AMR = "amr";
    /** Set while the organisation requires a second factor the user has not enrolled: the token opens only enrolment. */
    public static final String CLAIM_MFA_ENROL = "mfa_enrol";

    private final JwtKeys keys;
    private final StockadeProperties.Jwt settings;
    private final Clock clock;

    public AccessTokens(JwtKeys keys, StockadeProperties.Jwt settings, Clock clock) {
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
    }

    public record Issued(String token, Instant expiresAt) {}

    public Issued issue(CurrentUser user, boolean passwordChangeRequired, String sessionId, List<String> amr) {
        return issue(user, passwordChangeRequired, false, sessionId, amr);
    }

    public Issued issue(
            CurrentUser user,
            boolean passwordChangeRequired,
            boolean mfaEnrolmentRequired,
            String sessionId,
            List<String> amr) {
        Instant now = clock.instant();
        Instant exp = now.plus(settings.accessTtl());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .audience(settings.audience())
                .subject(user.userId().toString())
                .claim(CLAIM_TENANT, user.tenantId().toString())
                .claim(CLAIM_ROLE, user.role().label())
                .claim(CLAIM_USERNAME, user.username())
                .claim(CLAIM_PASSWORD_CHANGE, passwordChangeRequired)
                .claim(CLAIM_MFA_ENROL, mfaEnrolmentRequired)
                .claim(CLAIM_SESSION, sessionId)
                .claim(CLAIM_AMR, amr)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(exp))
                .jwtID(UUID.randomUUID().toString())
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(keys.keyId())
                .type(JOSEObjectType.JWT)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new RSASSASigner(keys.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign access token", e);
        }
        return new Issued(jwt.serialize(), exp);
    }
}
