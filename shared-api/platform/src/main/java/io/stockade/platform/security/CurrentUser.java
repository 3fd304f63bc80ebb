package io.stockade.platform.security;

import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.platform.errors.ProblemException;

/** The signed-in person, taken from a verified access token. */
public record CurrentUser(UserId userId, TenantId tenantId, Role role, String username) {

    public boolean isAtLeastManager() {
        return role == Role.ADMIN || role == Role.MANAGER;
    }

    /**
     * Who may read a person's personal-data export, or a part of it: an Admin (for a person of their own
     * organisation: the lookup is the caller's tenant's), or the person themselves.
     */
    public void requireAdminOrSelf(UserId person) {
        if (role != Role.ADMIN && !userId.equals(person)) {
            throw ProblemException.forbidden("Only an Admin may export another person's data");
        }
    }
}
