package io.stockade.command.identity;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.stockade.api.alerts.AlertMessages;
import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.ChangePasswordCommand;
import io.stockade.api.identity.IdentityMessages.ChangeUserRoleCommand;
import io.stockade.api.identity.IdentityMessages.DeactivateUserCommand;
import io.stockade.api.identity.IdentityMessages.EraseUserCommand;
import io.stockade.api.identity.IdentityMessages.LiftRetentionHoldCommand;
import io.stockade.api.identity.IdentityMessages.PlaceRetentionHoldCommand;
import io.stockade.api.identity.IdentityMessages.ReactivateUserCommand;
import io.stockade.api.identity.IdentityMessages.RegisterUserCommand;
import io.stockade.api.identity.IdentityMessages.RetentionHoldLiftedEvent;
import io.stockade.api.identity.IdentityMessages.RetentionHoldPlacedEvent;
import io.stockade.api.identity.IdentityMessages.UpdateProfileCommand;
import io.stockade.api.identity.IdentityMessages.UserDeactivatedEvent;
import io.stockade.api.identity.IdentityMessages.UserErasedEvent;
import io.stockade.api.identity.IdentityMessages.UserPasswordChangedEvent;
import io.stockade.api.identity.IdentityMessages.UserProfileUpdatedEvent;
import io.stockade.api.identity.IdentityMessages.UserReactivatedEvent;
import io.stockade.api.identity.IdentityMessages.UserRegisteredEvent;
import io.stockade.api.identity.IdentityMessages.UserRoleChangedEvent;
import io.stockade.api.identity.SecurityMessages.AccountLockedEvent;
import io.stockade.api.identity.SecurityMessages.AccountUnlockedEvent;
import io.stockade.api.identity.SecurityMessages.RecordSecurityEventCommand;
import io.stockade.api.identity.SecurityMessages.RecordSignInFailureCommand;
import io.stockade.api.identity.SecurityMessages.SecurityEventRecordedEvent;
import io.stockade.api.identity.SecurityMessages.SecurityEventType;
import io.stockade.api.identity.SecurityMessages.UnlockAccountCommand;
import io.stockade.platform.errors.DomainRuleViolation;
import java.time.Instant;
import java.util.List;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A person's account in one organisation. Personal values (username, e-mail, password hash) are
 * sealed with the person's own key by the event serializer.
 */
@Aggregate
class UserAccount {
    static final String RETENTION_HOLD = "retention-hold";

    @AggregateIdentifier
    private UserId userId;

    private TenantId tenantId;
    private Role role;
    private boolean active;
    /** Failed sign-ins since the last success or lock (seed 002: five lock the account). */
    private int failures;

    private Instant lockedUntil;
    /** The reason of the retention hold in force, or null. */
    private String retentionHold;

    private boolean erased;

    UserAccount() {}

    UserAccount(RegisterUserCommand cmd) {
        // Stripped as the look-up table stores them, whichever path (API, bootstrap) registered the user.
        apply(new UserRegisteredEvent(
                cmd.userId(),
                cmd.tenantId(),
                PersonalValue.of(cmd.userId(), cmd.username().strip()),
                PersonalValue.of(cmd.userId(), cmd.email().strip()),
                PersonalValue.of(cmd.userId(), cmd.passwordHash()),
                cmd.role(),
                cmd.mustChangePassword()));
    }

    Role role() {
        return role;
    }

    boolean active() {
        return active;
    }

    void changeRole(ChangeUserRoleCommand cmd) {
        guard(cmd.tenantId());
        if (cmd.role() != role) {
            apply(new UserRoleChangedEvent(userId, tenantId, role, cmd.role()));
        }
    }

    void deactivate(DeactivateUserCommand cmd) {
        guard(cmd.tenantId());
        if (active) {
            apply(new UserDeactivatedEvent(userId, tenantId));
        }
    }

    void reactivate(ReactivateUserCommand cmd) {
        guard(cmd.tenantId());
        requireNotErased();
        if (!active) {
            apply(new UserReactivatedEvent(userId, tenantId));
        }
    }

    void changePassword(ChangePasswordCommand cmd) {
        guard(cmd.tenantId());
        requireActive();
        apply(new UserPasswordChangedEvent(
                userId, tenantId, PersonalValue.of(userId, cmd.passwordHash()), cmd.mustChangePassword()));
    }

    void changeAlertPreferences(AlertMessages.ChangeAlertPreferencesCommand cmd) {
        guard(cmd.tenantId());
        requireActive();
        apply(new AlertMessages.AlertPreferencesChangedEvent(
                userId, tenantId, cmd.email(), cmd.inApp(), cmd.categoryIds()));
    }

    /** An acknowledgement is part of the record: who saw which alert, and when (the event's time). */
    void markNotificationsRead(AlertMessages.MarkNotificationsReadCommand cmd, Instant now) {
        guard(cmd.tenantId());
        requireActive();
        apply(new AlertMessages.NotificationsReadEvent(
                userId, tenantId, cmd.all() ? List.of() : cmd.notificationIds(), cmd.all() ? now : null));
    }

    void updateProfile(UpdateProfileCommand cmd) {
        guard(cmd.tenantId());
        requireActive();
        apply(new UserProfileUpdatedEvent(userId, tenantId, PersonalValue.of(userId, cmd.email())));
    }

    /**
     * Counts a failed sign-in; at the threshold the account locks until {@code cmd.lockUntil()}.
     * Failures while locked are recorded but do not extend the lock, so an attacker cannot keep a
     * person out for ever by trying again and again.
     */
    void recordFailure(RecordSignInFailureCommand cmd) {
        guard(cmd.tenantId());
        if (lockedUntil != null && !cmd.at().isBefore(lockedUntil)) {
            apply(new AccountUnlockedEvent(userId, tenantId, "lock expired"));
        }
        apply(new SecurityEventRecordedEvent(
                userId, tenantId, SecurityEventType.LOGIN_FAILED, null, cmd.reason(), ip(cmd.clientIp())));
        if (lockedUntil == null && failures >= cmd.threshold()) {
            apply(new AccountLockedEvent(userId, tenantId, cmd.lockUntil(), failures));
        }
    }

    void record(RecordSecurityEventCommand cmd) {
        guard(cmd.tenantId());
        // Sign-in only succeeds once a lock has run out: that is the unlock, if the sweep has not recorded it yet.
        if (cmd.type() == SecurityEventType.LOGIN_SUCCEEDED && lockedUntil != null) {
            apply(new AccountUnlockedEvent(userId, tenantId, "lock expired"));
        }
        apply(new SecurityEventRecordedEvent(
                userId, tenantId, cmd.type(), cmd.sessionId(), cmd.detail(), ip(cmd.clientIp())));
    }

    /** @return true when the account was locked and now is not */
    boolean unlock(UnlockAccountCommand cmd) {
        guard(cmd.tenantId());
        if (lockedUntil == null) {
            return false;
        }
        apply(new AccountUnlockedEvent(userId, tenantId, cmd.reason()));
        return true;
    }

    Instant lockedUntil() {
        return lockedUntil;
    }

    boolean erased() {
        return erased;
    }

    /** @return false when the person was already erased (nothing new is recorded; the clearing may run again) */
    boolean erase(EraseUserCommand cmd) {
        guard(cmd.tenantId());
        if (erased) {
            return false;
        }
        if (retentionHold != null) {
            throw new DomainRuleViolation(
                    DomainRuleViolation.Kind.CONFLICT,
                    RETENTION_HOLD,
                    null,
                    "The person's records are under a retention hold (" + retentionHold
                            + "); lift the hold before erasing them");
        }
        apply(new UserErasedEvent(userId, tenantId, cmd.reason(), cmd.erasedBy()));
        return true;
    }

    void placeRetentionHold(PlaceRetentionHoldCommand cmd) {
        guard(cmd.tenantId());
        requireNotErased();
        if (!cmd.reason().equals(retentionHold)) {
            apply(new RetentionHoldPlacedEvent(userId, tenantId, cmd.reason(), cmd.placedBy()));
        }
    }

    void liftRetentionHold(LiftRetentionHoldCommand cmd) {
        guard(cmd.tenantId());
        if (retentionHold != null) {
            apply(new RetentionHoldLiftedEvent(userId, tenantId, cmd.liftedBy()));
        }
    }

    private void requireNotErased() {
        if (erased) {
            throw new DomainRuleViolation(
                    DomainRuleViolation.Kind.CONFLICT, "user-erased", null, "The person has been erased");
        }
    }

    private PersonalValue ip(String clientIp) {
        return clientIp == null ? null : PersonalValue.of(userId, clientIp);
    }

    /** Another organisation's account is "not found": nothing about it is revealed. */
    void guard(TenantId tenant) {
        if (!tenantId.equals(tenant)) {
            throw DomainRuleViolation.notFound("User");
        }
    }

    private void requireActive() {
        if (!active) {
            throw DomainRuleViolation.rule("user-inactive", "The account is deactivated");
        }
    }

    @EventSourcingHandler
    void on(UserRegisteredEvent e) {
        userId = e.userId();
        tenantId = e.tenantId();
        role = e.role();
        active = true;
    }

    @EventSourcingHandler
    void on(UserRoleChangedEvent e) {
        role = e.role();
    }

    @EventSourcingHandler
    void on(UserDeactivatedEvent e) {
        active = false;
    }

    @EventSourcingHandler
    void on(UserReactivatedEvent e) {
        active = true;
    }

    @EventSourcingHandler
    void on(UserErasedEvent e) {
        erased = true;
        active = false;
    }

    @EventSourcingHandler
    void on(RetentionHoldPlacedEvent e) {
        retentionHold = e.reason();
    }

    @EventSourcingHandler
    void on(RetentionHoldLiftedEvent e) {
        retentionHold = null;
    }

    @EventSourcingHandler
    void on(SecurityEventRecordedEvent e) {
        if (e.type() == SecurityEventType.LOGIN_FAILED && lockedUntil == null) {
            failures++;
        } else if (e.type() == SecurityEventType.LOGIN_SUCCEEDED) {
            failures = 0;
        }
    }

    @EventSourcingHandler
    void on(AccountLockedEvent e) {
        lockedUntil = e.lockedUntil();
        failures = 0;
    }

    @EventSourcingHandler
    void on(AccountUnlockedEvent e) {
        lockedUntil = null;
        failures = 0;
    }
}
