package io.stockade.platform.security;

import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;

/** The signed-in person, taken from a verified access token. */
public record CurrentUser(UserId userId, TenantId tenantId, Role role, String username) {

    public boolean isAtLeastManager() {
        return role == Role.ADMIN || role == Role.MANAGER;
    }
}
