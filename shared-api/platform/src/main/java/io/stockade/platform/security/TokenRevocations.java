package io.stockade.platform.security;

import java.time.Instant;

/**
 * Sessions whose access tokens must stop working before they expire (logout, revocation, password
 * or role change, deactivation). Checked on every request against a local set, so the check costs
 * a hash look-up; the Redis implementation shares the set between instances within seconds.
 */
public interface TokenRevocations {

    /** Access tokens of {@code sessionId} fail from now on; the entry can be forgotten after {@code until}. */
    void revoke(String sessionId, Instant until);

    boolean isRevoked(String sessionId);

    String store();

    boolean degraded();
}
