package io.stockade.api.identity;

import io.stockade.api.common.MessageType;
import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;

/**
 * The user account aggregate's messages. Username, e-mail and password hash are personal values,
 * encrypted with the user's own key so that erasing the key erases them from the log.
 */
public final class IdentityMessages {
    private IdentityMessages() {}

    @MessageType("stockade.identity.RegisterUser")
    public record RegisterUserCommand(
            @TargetAggregateIdentifier UserId userId,
            TenantId tenantId,
            String username,
            String email,
            String passwordHash,
            Role role,
            boolean mustChangePassword) {
        @Override
        public String toString() {
            return "RegisterUserCommand[userId=" + userId + ", tenantId=" + tenantId + ", role=" + role + "]";
        }
    }

    @MessageType("stockade.identity.ChangeUserRole")
    public record ChangeUserRoleCommand(
            @TargetAggregateIdentifier UserId userId, TenantId tenantId, Role role) {}

    @MessageType("stockade.identity.DeactivateUser")
    public record DeactivateUserCommand(
            @TargetAggregateIdentifier UserId userId, TenantId tenantId) {}

    @MessageType("stockade.identity.ReactivateUser")
    public record ReactivateUserCommand(
            @TargetAggregateIdentifier UserId userId, TenantId tenantId) {}

    @MessageType("stockade.identity.ChangePassword")
    public record ChangePasswordCommand(
            @TargetAggregateIdentifier UserId userId,
            TenantId tenantId,
            String passwordHash,
            boolean mustChangePassword) {
        @Override
        public String toString() {
            return "ChangePasswordCommand[userId=" + userId + "]";
        }
    }

    @MessageType("stockade.identity.UpdateProfile")
    public record UpdateProfileCommand(
            @TargetAggregateIdentifier UserId userId, TenantId tenantId, String email) {}

    @MessageType("stockade.identity.UserRegistered")
    @Revision("1")
    public record UserRegisteredEvent(
            UserId userId,
            TenantId tenantId,
            PersonalValue username,
            PersonalValue email,
            PersonalValue passwordHash,
            Role role,
            boolean mustChangePassword) {}

    @MessageType("stockade.identity.UserRoleChanged")
    @Revision("1")
    public record UserRoleChangedEvent(UserId userId, TenantId tenantId, Role previousRole, Role role) {}

    @MessageType("stockade.identity.UserDeactivated")
    @Revision("1")
    public record UserDeactivatedEvent(UserId userId, TenantId tenantId) {}

    @MessageType("stockade.identity.UserReactivated")
    @Revision("1")
    public record UserReactivatedEvent(UserId userId, TenantId tenantId) {}

    @MessageType("stockade.identity.UserPasswordChanged")
    @Revision("1")
    public record UserPasswordChangedEvent(
            UserId userId, TenantId tenantId, PersonalValue passwordHash, boolean mustChangePassword) {}

    @MessageType("stockade.identity.UserProfileUpdated")
    @Revision("1")
    public record UserProfileUpdatedEvent(UserId userId, TenantId tenantId, PersonalValue email) {}

    public record FindUsersQuery(TenantId tenantId) {}

    public record FindUserQuery(TenantId tenantId, UserId userId) {}

    public record LookupUsersQuery(TenantId tenantId, String search, int limit) {}

    /** Seed 004's User. */
    public record UserView(
            String id,
            String username,
            String email,
            Role role,
            Instant createdAt,
            boolean isActive,
            boolean mustChangePassword) {}

    public record UserList(List<UserView> users) {}

    public record UserLookup(String id, String username) {}

    public record UserLookupList(List<UserLookup> users) {}
}
