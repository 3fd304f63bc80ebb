package io.stockade.platform.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens it has already verified, until they expire. A client sends the same access
 * token on every request; verifying its RSA signature and parsing it again each time was a tenth of
 * the CPU of a stock adjustment. Keyed by the whole token, so only a byte-identical token hits.
 */
class CachingJwtDecoder implements JwtDecoder {
    private static final int MAX_ENTRIES = 10_000;
    private final JwtDecoder delegate;
    private final Clock clock;
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();
    private final TokenRevocations revocations;

    CachingJwtDecoder(JwtDecoder delegate, Clock clock, TokenRevocations revocations) {
        this.delegate = delegate;
        this.clock = clock;
        this.revocations = revocations;
    }

    /** Verifies (or recalls) the token, then refuses it if its session has been revoked since. */
    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = verify(token);
        if (revocations.isRevoked(jwt.getClaimAsString(AccessTokens.CLAIM_SESSION))) {
            throw new BadJwtException("the session of this token has ended");
        }
        return jwt;
    }

    /**
     * Three segments of canonical Base64url only: a decoder that ignores trailing bits would accept
     * {@code token + "x"} as the same token, and nothing but the byte-exact token is accepted here.
     */
    static void requireCanonical(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new BadJwtException("malformed token");
        }
        Base64.Decoder decoder = Base64.getUrlDecoder();
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        for (String part : parts) {
            try {
                if (part.isEmpty()
                        || !encoder.encodeToString(decoder.decode(part)).equals(part)) {
                    throw new BadJwtException("malformed token");
                }
            } catch (IllegalArgumentException e) {
                throw new BadJwtException("malformed token");
            }
        }
    }

    private Jwt verify(String token) {
        Jwt cached = verified.get(token);
        Instant now = clock.instant();
        if (cached != null) {
            if (cached.getExpiresAt() != null && now.isBefore(cached.getExpiresAt())) {
                return cached;
            }
            verified.remove(token);
        }
        requireCanonical(token);
        Jwt jwt = delegate.decode(token);
        if (verified.size() >= MAX_ENTRIES) {
            verified.entrySet()
                    .removeIf(e -> e.getValue().getExpiresAt() == null
                            || !now.isBefore(e.getValue().getExpiresAt()));
            if (verified.size() >= MAX_ENTRIES) {
                verified.clear();
            }
        }
        verified.put(token, jwt);
        return jwt;
    }
}
