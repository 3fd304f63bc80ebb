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

    /**
     * GDPR art. 17: the person's key is destroyed and every clear copy of their values is cleared. The reason is
     * the Admin's (kept readable, it explains the record); {@code erasedBy} is the acting Admin.
     */
    @MessageType("stockade.identity.EraseUser")
    public record EraseUserCommand(
            @TargetAggregateIdentifier UserId userId, TenantId tenantId, String reason, UserId erasedBy) {}

    /** GDPR art. 17(3)(b): the person's records are kept for a legal obligation; erasure is refused meanwhile. */
    @MessageType("stockade.identity.PlaceRetentionHold")
    public record PlaceRetentionHoldCommand(
            @TargetAggregateIdentifier UserId userId, TenantId tenantId, String reason, UserId placedBy) {}

    @MessageType("stockade.identity.LiftRetentionHold")
    public record LiftRetentionHoldCommand(
            @TargetAggregateIdentifier UserId userId, TenantId tenantId, UserId liftedBy) {}

    @MessageType("stockade.identity.UserErased")
    @Revision("1")
    public record UserErasedEvent(UserId userId, TenantId tenantId, String reason, UserId erasedBy) {}

    @MessageType("stockade.identity.RetentionHoldPlaced")
    @Revision("1")
    public record RetentionHoldPlacedEvent(UserId userId, TenantId tenantId, String reason, UserId placedBy) {}

    @MessageType("stockade.identity.RetentionHoldLifted")
    @Revision("1")
    public record RetentionHoldLiftedEvent(UserId userId, TenantId tenantId, UserId liftedBy) {}

    public record FindUsersQuery(TenantId tenantId) {}

    public record FindUserQuery(TenantId tenantId, UserId userId) {}

    public record LookupUsersQuery(TenantId tenantId, String search, int limit) {}

    /**
     * Seed 004's User, and its personal-data state: {@code retentionHold} while a hold keeps the person's records
     * (erasure is refused), {@code erased} once the person was erased (their name and address read as erased).
     */
    public record UserView(
            String id,
            String username,
            String email,
            Role role,
            Instant createdAt,
            boolean isActive,
            boolean mustChangePassword,
            boolean retentionHold,
            boolean erased) {}

    public record UserList(List<UserView> users) {}

    public record UserLookup(String id, String username) {}

    public record UserLookupList(List<UserLookup> users) {}
}
