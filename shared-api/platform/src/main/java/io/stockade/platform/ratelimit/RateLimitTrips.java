package io.stockade.platform.ratelimit;

import org.springframework.security.oauth2.jwt.Jwt;

/** Told when a request is refused for its rate; the command side records it as a security event. */
public interface RateLimitTrips {
    RateLimitTrips NONE = (scope, jwt, clientIp) -> {};

    /** @param jwt the signed-in user's token, or null for traffic limited per address */
    void tripped(String scope, Jwt jwt, String clientIp);
}
