package io.stockade.platform.security;

import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Reads the signed-in user from the security context. */
public final class CurrentUsers {
    private CurrentUsers() {}

    public static Optional<CurrentUser> current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth instanceof JwtAuthenticationToken token) {
            Jwt jwt = token.getToken();
            return Optional.of(new CurrentUser(
                    UserId.of(jwt.getSubject()),
                    TenantId.of(jwt.getClaimAsString(AccessTokens.CLAIM_TENANT)),
                    Role.fromLabel(jwt.getClaimAsString(AccessTokens.CLAIM_ROLE)),
                    jwt.getClaimAsString(AccessTokens.CLAIM_USERNAME)));
        }
        return Optional.empty();
    }

    /** When the access token in use expires, if any: a long-lived response (a live stream) ends then. */
    public static Optional<Instant> tokenExpiresAt() {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
            return Optional.ofNullable(token.getToken().getExpiresAt());
        }
        return Optional.empty();
    }

    /** The session of the access token in use, if any. */
    public static Optional<String> sessionId() {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
            return Optional.ofNullable(token.getToken().getClaimAsString(AccessTokens.CLAIM_SESSION));
        }
        return Optional.empty();
    }
}
