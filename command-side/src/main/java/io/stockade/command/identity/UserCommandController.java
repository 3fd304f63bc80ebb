package io.stockade.command.identity;

import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.ChangePasswordCommand;
import io.stockade.api.identity.IdentityMessages.ChangeUserRoleCommand;
import io.stockade.api.identity.IdentityMessages.DeactivateUserCommand;
import io.stockade.api.identity.IdentityMessages.ReactivateUserCommand;
import io.stockade.api.identity.IdentityMessages.UpdateProfileCommand;
import io.stockade.command.identity.IdentityAnswers.ManagedUser;
import io.stockade.command.identity.IdentityAnswers.UserAnswer;
import io.stockade.command.jooq.tables.records.UserAccountRecord;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.CurrentUsers;
import io.stockade.platform.security.Roles;
import io.stockade.platform.web.MessageAnswer;
import jakarta.validation.Valid;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Seed 004's user writes (Admin) and the signed-in user's own profile and password. */
@RestController
class UserCommandController {
    private final CommandGateway commands;
    private final AccountLookupRepository accounts;
    private final Passwords passwords;
    private final Sessions sessions;
    private final SessionRepository history;

    UserCommandController(
            CommandGateway commands,
            AccountLookupRepository accounts,
            Passwords passwords,
            Sessions sessions,
            SessionRepository history) {
        this.commands = commands;
        this.accounts = accounts;
        this.passwords = passwords;
        this.sessions = sessions;
        this.history = history;
    }

    @PutMapping(
            path = "/api/users/{id}",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    UserAnswer<ManagedUser> update(
            @PathVariable UUID id, @Valid @RequestBody IdentityRequests.UpdateUser body, CurrentUser admin) {
        UserId userId = new UserId(id);
        UserAccountRecord before = sameTenant(admin, userId);
        if (body.role() == null && body.isActive() == null) {
            throw ProblemException.validation("role", "Send role and/or isActive");
        }
        if (body.role() != null && !body.role().name().equals(before.getRole())) {
            commands.sendAndWait(new ChangeUserRoleCommand(userId, admin.tenantId(), body.role()));
            // Tokens carry the role: the old ones must not outlive the change.
            sessions.revokeAll(userId, admin.tenantId(), null, "role-changed");
        }
        if (body.isActive() != null && !body.isActive().equals(before.getActive())) {
            commands.sendAndWait(
                    body.isActive()
                            ? new ReactivateUserCommand(userId, admin.tenantId())
                            : new DeactivateUserCommand(userId, admin.tenantId()));
            if (!body.isActive()) {
                sessions.revokeAll(userId, admin.tenantId(), null, "deactivated");
            }
        }
        return new UserAnswer<>(ManagedUser.of(accounts.find(userId).orElseThrow()));
    }

    @DeleteMapping(path = "/api/users/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    MessageAnswer deactivate(@PathVariable UUID id, CurrentUser admin) {
        UserId userId = new UserId(id);
        sameTenant(admin, userId);
        commands.sendAndWait(new DeactivateUserCommand(userId, admin.tenantId()));
        sessions.revokeAll(userId, admin.tenantId(), null, "deactivated");
        return new MessageAnswer("User deactivated; their history is kept");
    }

    /** An Admin ends every session of a user of their organisation (a lost phone, a leaver). */
    @DeleteMapping(path = "/api/users/{id}/sessions")
    @PreAuthorize(Roles.ADMIN)
    ResponseEntity<Void> revokeSessions(@PathVariable UUID id, CurrentUser admin) {
        UserId userId = new UserId(id);
        sameTenant(admin, userId);
        sessions.revokeAll(userId, admin.tenantId(), null, "revoked-by-admin");
        return ResponseEntity.noContent().build();
    }

    @PutMapping(
            path = "/api/profile",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    UserAnswer<ManagedUser> updateProfile(@Valid @RequestBody IdentityRequests.UpdateProfile body, CurrentUser user) {
        commands.sendAndWait(new UpdateProfileCommand(
                user.userId(), user.tenantId(), body.email().strip()));
        return new UserAnswer<>(ManagedUser.of(accounts.find(user.userId()).orElseThrow()));
    }

    @PostMapping(
            path = "/api/profile/password",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> changePassword(@Valid @RequestBody IdentityRequests.ChangePassword body, CurrentUser user) {
        UserAccountRecord account = accounts.find(user.userId()).orElseThrow(() -> ProblemException.notFound("User"));
        if (!passwords.matches(body.currentPassword(), account.getPasswordHash())) {
            throw new ProblemException(
                    HttpStatus.BAD_REQUEST,
                    "validation",
                    "Validation failed",
                    "The current password is wrong",
                    List.of(new ProblemException.FieldError("currentPassword", "The current password is wrong")));
        }
        passwords.check("newPassword", body.newPassword(), account.getUsername(), account.getEmail());
        passwords.checkHistory("newPassword", body.newPassword(), history.recentHashes(account));
        commands.sendAndWait(
                new ChangePasswordCommand(user.userId(), user.tenantId(), passwords.hash(body.newPassword()), false));
        // Every other device signs in again; this one goes on (its next refresh drops a password-change gate).
        UUID current = CurrentUsers.sessionId().map(UUID::fromString).orElse(null);
        sessions.revokeAll(user.userId(), user.tenantId(), current, "password-changed");
        return ResponseEntity.noContent().build();
    }

    private UserAccountRecord sameTenant(CurrentUser admin, UserId id) {
        return accounts.find(id)
                .filter(a -> a.getTenantId().equals(admin.tenantId().value()))
                .orElseThrow(() -> ProblemException.notFound("User"));
    }
}
