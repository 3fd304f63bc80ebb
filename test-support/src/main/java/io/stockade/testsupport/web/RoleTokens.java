package io.stockade.testsupport.web;

import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.platform.security.AccessTokens;
import io.stockade.platform.security.CurrentUser;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One signed-in user per role, all in one organisation, with real access tokens from the platform's own
 * issuer: a slice test passes through the same verification as production traffic, not a mocked principal.
 */
public final class RoleTokens {
    public static final TenantId TENANT = TenantId.of("00000000-0000-4000-8000-0000000000aa");

    private final AccessTokens tokens;
    private final Map<Role, String> issued = new EnumMap<>(Role.class);

    RoleTokens(AccessTokens tokens) {
        this.tokens = tokens;
    }

    /** The signed-in user of that role (a stable id per role). */
    public static CurrentUser user(Role role) {
        return new CurrentUser(
                new UserId(UUID.nameUUIDFromBytes(("slice-" + role.name()).getBytes(StandardCharsets.UTF_8))),
                TENANT,
                role,
                role.label().toLowerCase(Locale.ROOT));
    }

    /** Session ids are UUIDs in production; controllers parse them (a password change keeps its own session). */
    private static String session(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The {@code Authorization} header value for that role. */
    public synchronized String bearer(Role role) {
        return "Bearer "
                + issued.computeIfAbsent(
                        role,
                        r -> tokens.issue(user(r), false, session("session-" + r.name()), List.of("pwd"))
                                .token());
    }

    /** A token whose password must be changed first: it opens nothing but the password change. */
    public String passwordChangeBearer(Role role) {
        return "Bearer "
                + tokens.issue(user(role), true, session("session-pwd-" + role.name()), List.of("pwd"))
                        .token();
    }
}
