package io.stockade.command.identity;

import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.EraseUserCommand;
import io.stockade.api.identity.IdentityMessages.LiftRetentionHoldCommand;
import io.stockade.api.identity.IdentityMessages.PlaceRetentionHoldCommand;
import io.stockade.command.identity.IdentityAnswers.ManagedUser;
import io.stockade.command.identity.IdentityAnswers.UserAnswer;
import io.stockade.command.jooq.tables.records.UserAccountRecord;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import io.stockade.platform.web.AwaitsProjections;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * GDPR (issue 14 §5): erasure (art. 17) and retention holds (art. 17(3)(b)). The export is the query side's
 * ({@code io.stockade.query.privacy}); the command side answers it for what it keeps ({@link AccountDataQueries}).
 */
@RestController
class PersonalDataController {
    private final CommandGateway commands;
    private final AccountLookupRepository accounts;
    private final Sessions sessions;
    private final PersonalDataEraser eraser;
    private final ErasureRecords erasures;
    private final Clock clock;

    PersonalDataController(
            CommandGateway commands,
            AccountLookupRepository accounts,
            Sessions sessions,
            PersonalDataEraser eraser,
            ErasureRecords erasures,
            Clock clock) {
        this.commands = commands;
        this.accounts = accounts;
        this.sessions = sessions;
        this.eraser = eraser;
        this.erasures = erasures;
        this.clock = clock;
    }

    /** The user list shows the erasure and the hold: the Admin's next look at it should already see them. */
    static final String USER_LIST = "identity-users";

    /** Why the Admin erases the person, or puts their records on hold: kept readable in the event. */
    record PersonalDataReason(@NotBlank @Size(max = 500) String reason) {}

    @PostMapping(
            path = "/api/users/{id}/erase",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @AwaitsProjections(USER_LIST)
    @PreAuthorize(Roles.ADMIN)
    UserAnswer<ManagedUser> erase(
            @PathVariable UUID id, @Valid @RequestBody PersonalDataReason body, CurrentUser admin) {
        UserId person = new UserId(id);
        UserAccountRecord before = sameTenant(admin, person);
        // Read while the key still opens them; the command may still be refused (hold, last Admin).
        Set<String> addresses = eraser.addressesOf(person, before.getEmail());
        commands.sendAndWait(
                new EraseUserCommand(person, admin.tenantId(), body.reason().strip(), admin.userId()));
        // Outside the database too, before the key goes: a restored backup from before now must not bring it back.
        erasures.record(new ErasureRecords.Erasure(person, admin.tenantId(), admin.userId(), clock.instant()));
        // Before the key goes: ending a session records a security event on the person's account.
        sessions.revokeAll(person, admin.tenantId(), null, "erased");
        eraser.clear(person, admin.tenantId(), addresses);
        return new UserAnswer<>(ManagedUser.of(accounts.find(person).orElseThrow()));
    }

    @PutMapping(path = "/api/users/{id}/retention-hold", consumes = MediaType.APPLICATION_JSON_VALUE)
    @AwaitsProjections(USER_LIST)
    @PreAuthorize(Roles.ADMIN)
    ResponseEntity<Void> placeHold(
            @PathVariable UUID id, @Valid @RequestBody PersonalDataReason body, CurrentUser admin) {
        UserId person = new UserId(id);
        sameTenant(admin, person);
        commands.sendAndWait(new PlaceRetentionHoldCommand(
                person, admin.tenantId(), body.reason().strip(), admin.userId()));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping(path = "/api/users/{id}/retention-hold")
    @AwaitsProjections(USER_LIST)
    @PreAuthorize(Roles.ADMIN)
    ResponseEntity<Void> liftHold(@PathVariable UUID id, CurrentUser admin) {
        UserId person = new UserId(id);
        sameTenant(admin, person);
        commands.sendAndWait(new LiftRetentionHoldCommand(person, admin.tenantId(), admin.userId()));
        return ResponseEntity.noContent().build();
    }

    private UserAccountRecord sameTenant(CurrentUser admin, UserId id) {
        return accounts.find(id)
                .filter(a -> a.getTenantId().equals(admin.tenantId().value()))
                .orElseThrow(() -> ProblemException.notFound("User"));
    }
}
