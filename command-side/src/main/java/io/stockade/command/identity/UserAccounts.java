package io.stockade.command.identity;

import io.stockade.api.alerts.AlertMessages.ChangeAlertPreferencesCommand;
import io.stockade.api.alerts.AlertMessages.MarkNotificationsReadCommand;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.identity.IdentityMessages.ChangePasswordCommand;
import io.stockade.api.identity.IdentityMessages.ChangeUserRoleCommand;
import io.stockade.api.identity.IdentityMessages.DeactivateUserCommand;
import io.stockade.api.identity.IdentityMessages.EraseUserCommand;
import io.stockade.api.identity.IdentityMessages.LiftRetentionHoldCommand;
import io.stockade.api.identity.IdentityMessages.PlaceRetentionHoldCommand;
import io.stockade.api.identity.IdentityMessages.ReactivateUserCommand;
import io.stockade.api.identity.IdentityMessages.RegisterUserCommand;
import io.stockade.api.identity.IdentityMessages.UpdateProfileCommand;
import io.stockade.api.identity.SecurityMessages.RecordSecurityEventCommand;
import io.stockade.api.identity.SecurityMessages.RecordSignInFailureCommand;
import io.stockade.api.identity.SecurityMessages.SecurityEventType;
import io.stockade.api.identity.SecurityMessages.UnlockAccountCommand;
import io.stockade.platform.errors.DomainRuleViolation;
import java.time.Clock;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Account commands: each keeps the look-up table and the aggregate in step within one transaction,
 * and guards the rules that span accounts (unique names, the last active Admin).
 */
@Component
class UserAccounts {
    static final String LAST_ADMIN = "last-admin";
    private final Repository<UserAccount> repository;
    private final AccountLookupRepository accounts;
    private final SessionRepository sessions;
    private final Clock clock;
    private final AlertPreferenceRepository alertPreferences;

    UserAccounts(
            Repository<UserAccount> repository,
            AccountLookupRepository accounts,
            SessionRepository sessions,
            Clock clock,
            AlertPreferenceRepository alertPreferences) {
        this.repository = repository;
        this.accounts = accounts;
        this.sessions = sessions;
        this.clock = clock;
        this.alertPreferences = alertPreferences;
    }

    /** The look-up copy is what alerting reads when it decides who to tell; it changes with the event. */
    @CommandHandler
    void handle(ChangeAlertPreferencesCommand cmd) {
        repository.load(cmd.userId().toString()).execute(a -> a.changeAlertPreferences(cmd));
        alertPreferences.save(cmd.userId(), cmd.tenantId(), cmd.email(), cmd.inApp(), cmd.categoryIds());
    }

    @CommandHandler
    void handle(MarkNotificationsReadCommand cmd) {
        repository.load(cmd.userId().toString()).execute(a -> a.markNotificationsRead(cmd, clock.instant()));
    }

    @CommandHandler
    String handle(RegisterUserCommand cmd) throws Exception {
        switch (accounts.insert(
                cmd.userId(),
                cmd.tenantId(),
                cmd.username().strip(),
                cmd.email().strip(),
                cmd.passwordHash(),
                cmd.role(),
                cmd.mustChangePassword())) {
            case USERNAME_TAKEN -> throw DomainRuleViolation.duplicate("username", "That username is taken");
            case EMAIL_TAKEN ->
                throw DomainRuleViolation.duplicate("email", "That e-mail address is already registered");
            case OK -> {}
        }
        repository.newInstance(() -> new UserAccount(cmd));
        sessions.rememberPassword(cmd.userId().value(), cmd.passwordHash(), clock.instant(), Passwords.HISTORY);
        return cmd.userId().toString();
    }

    @CommandHandler
    void handle(ChangeUserRoleCommand cmd) {
        Aggregate<UserAccount> account = repository.load(cmd.userId().toString());
        account.execute(a -> {
            // The organisation first: another organisation's command must not learn or lock anything.
            a.guard(cmd.tenantId());
            if (a.role() == Role.ADMIN && cmd.role() != Role.ADMIN && a.active()) {
                requireAnotherAdmin(cmd.tenantId());
            }
            a.changeRole(cmd);
        });
        accounts.setRole(cmd.userId(), cmd.role());
    }

    @CommandHandler
    void handle(DeactivateUserCommand cmd) {
        Aggregate<UserAccount> account = repository.load(cmd.userId().toString());
        account.execute(a -> {
            a.guard(cmd.tenantId());
            if (a.role() == Role.ADMIN && a.active()) {
                requireAnotherAdmin(cmd.tenantId());
            }
            a.deactivate(cmd);
        });
        accounts.setActive(cmd.userId(), false);
    }

    @CommandHandler
    void handle(ReactivateUserCommand cmd) {
        repository.load(cmd.userId().toString()).execute(a -> a.reactivate(cmd));
        accounts.setActive(cmd.userId(), true);
    }

    @CommandHandler
    void handle(ChangePasswordCommand cmd) {
        repository.load(cmd.userId().toString()).execute(a -> a.changePassword(cmd));
        accounts.setPassword(cmd.userId(), cmd.passwordHash(), cmd.mustChangePassword());
        sessions.rememberPassword(cmd.userId().value(), cmd.passwordHash(), clock.instant(), Passwords.HISTORY);
    }

    /** The lock lives in the aggregate (events) and is mirrored in the look-up row that sign-in reads. */
    @CommandHandler
    void handle(RecordSignInFailureCommand cmd) {
        Aggregate<UserAccount> account = repository.load(cmd.userId().toString());
        account.execute(a -> a.recordFailure(cmd));
        accounts.setLock(cmd.userId(), account.invoke(UserAccount::lockedUntil));
    }

    @CommandHandler
    void handle(RecordSecurityEventCommand cmd) {
        repository.load(cmd.userId().toString()).execute(a -> a.record(cmd));
        if (cmd.type() == SecurityEventType.LOGIN_SUCCEEDED) {
            accounts.setLock(cmd.userId(), null);
        }
    }

    @CommandHandler
    boolean handle(UnlockAccountCommand cmd) {
        boolean unlocked = repository.load(cmd.userId().toString()).invoke(a -> a.unlock(cmd));
        accounts.setLock(cmd.userId(), null);
        return unlocked;
    }

    @CommandHandler
    void handle(UpdateProfileCommand cmd) {
        repository.load(cmd.userId().toString()).execute(a -> a.updateProfile(cmd));
        if (!accounts.setEmail(cmd.userId(), cmd.email().strip())) {
            throw DomainRuleViolation.duplicate("email", "That e-mail address is already registered");
        }
    }

    /**
     * Records the erasure and clears the look-up row in the same transaction (the person can no longer sign in,
     * and their username and e-mail are free again). The key and the other clear copies go afterwards
     * ({@link PersonalDataEraser}), once this has committed: a refused erasure must leave everything as it was.
     */
    @CommandHandler
    boolean handle(EraseUserCommand cmd) {
        Aggregate<UserAccount> account = repository.load(cmd.userId().toString());
        boolean erased = account.invoke(a -> {
            a.guard(cmd.tenantId());
            if (!a.erased() && a.role() == Role.ADMIN && a.active() && accounts.lockActiveAdmins(cmd.tenantId()) <= 1) {
                throw new DomainRuleViolation(
                        DomainRuleViolation.Kind.CONFLICT,
                        LAST_ADMIN,
                        null,
                        "The last active Admin of an organisation cannot be erased: make another person Admin first");
            }
            return a.erase(cmd);
        });
        accounts.erase(cmd.userId());
        return erased;
    }

    @CommandHandler
    void handle(PlaceRetentionHoldCommand cmd) {
        repository.load(cmd.userId().toString()).execute(a -> a.placeRetentionHold(cmd));
    }

    @CommandHandler
    void handle(LiftRetentionHoldCommand cmd) {
        repository.load(cmd.userId().toString()).execute(a -> a.liftRetentionHold(cmd));
    }

    private void requireAnotherAdmin(TenantId tenant) {
        if (accounts.lockActiveAdmins(tenant) <= 1) {
            throw DomainRuleViolation.rule(
                    LAST_ADMIN, "The last active Admin of an organisation cannot be demoted or deactivated");
        }
    }
}
