package io.stockade.query.identity;

import static io.stockade.query.jooq.Tables.IDENTITY_USER;

import io.stockade.api.common.PersonalValue;
import io.stockade.api.identity.IdentityMessages.FindUserQuery;
import io.stockade.api.identity.IdentityMessages.FindUsersQuery;
import io.stockade.api.identity.IdentityMessages.LookupUsersQuery;
import io.stockade.api.identity.IdentityMessages.RetentionHoldLiftedEvent;
import io.stockade.api.identity.IdentityMessages.RetentionHoldPlacedEvent;
import io.stockade.api.identity.IdentityMessages.UserDeactivatedEvent;
import io.stockade.api.identity.IdentityMessages.UserErasedEvent;
import io.stockade.api.identity.IdentityMessages.UserList;
import io.stockade.api.identity.IdentityMessages.UserLookupList;
import io.stockade.api.identity.IdentityMessages.UserPasswordChangedEvent;
import io.stockade.api.identity.IdentityMessages.UserProfileUpdatedEvent;
import io.stockade.api.identity.IdentityMessages.UserReactivatedEvent;
import io.stockade.api.identity.IdentityMessages.UserRegisteredEvent;
import io.stockade.api.identity.IdentityMessages.UserRoleChangedEvent;
import io.stockade.api.identity.IdentityMessages.UserView;
import java.time.Instant;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** The user list of seed 004 and the pickers that need id + username. */
@Component
@ProcessingGroup("identity-users")
class UserProjection {
    private final UserListRepository users;

    UserProjection(UserListRepository users) {
        this.users = users;
    }

    @EventHandler
    void on(UserRegisteredEvent e, @Timestamp Instant at) {
        users.insert(e, at);
    }

    @EventHandler
    void on(UserRoleChangedEvent e) {
        users.set(
                e.tenantId().value(),
                e.userId().value(),
                IDENTITY_USER.ROLE,
                e.role().name());
    }

    @EventHandler
    void on(UserDeactivatedEvent e) {
        users.set(e.tenantId().value(), e.userId().value(), IDENTITY_USER.ACTIVE, false);
    }

    @EventHandler
    void on(UserReactivatedEvent e) {
        users.set(e.tenantId().value(), e.userId().value(), IDENTITY_USER.ACTIVE, true);
    }

    @EventHandler
    void on(UserPasswordChangedEvent e) {
        users.set(e.tenantId().value(), e.userId().value(), IDENTITY_USER.MUST_CHANGE_PASSWORD, e.mustChangePassword());
    }

    @EventHandler
    void on(UserProfileUpdatedEvent e) {
        users.set(
                e.tenantId().value(),
                e.userId().value(),
                IDENTITY_USER.EMAIL,
                e.email().displayValue());
    }

    /** A replay reads the same values as erased already (the key is gone); this clears the live copy. */
    @EventHandler
    void on(UserErasedEvent e) {
        users.erase(e.tenantId().value(), e.userId().value(), PersonalValue.ERASED);
    }

    @EventHandler
    void on(RetentionHoldPlacedEvent e) {
        users.set(e.tenantId().value(), e.userId().value(), IDENTITY_USER.RETENTION_HOLD, true);
    }

    @EventHandler
    void on(RetentionHoldLiftedEvent e) {
        users.set(e.tenantId().value(), e.userId().value(), IDENTITY_USER.RETENTION_HOLD, false);
    }

    @ResetHandler
    void reset() {
        users.truncate();
    }

    @QueryHandler
    UserList handle(FindUsersQuery q) {
        return new UserList(users.all(q.tenantId().value()));
    }

    @QueryHandler
    Optional<UserView> handle(FindUserQuery q) {
        return users.find(q.tenantId().value(), q.userId().value());
    }

    @QueryHandler
    UserLookupList handle(LookupUsersQuery q) {
        return new UserLookupList(users.lookup(q.tenantId().value(), q.search(), q.limit()));
    }
}
