package io.stockade.command.identity;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.stockade.api.alerts.AlertMessages.FindNotificationsQuery;
import io.stockade.api.alerts.AlertMessages.NotificationPage;
import io.stockade.api.alerts.AlertMessages.NotificationView;
import io.stockade.api.common.Nullable;
import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.EraseUserCommand;
import io.stockade.api.identity.IdentityMessages.LiftRetentionHoldCommand;
import io.stockade.api.identity.IdentityMessages.PlaceRetentionHoldCommand;
import io.stockade.api.identity.SecurityMessages.FindSecurityEventsQuery;
import io.stockade.api.identity.SecurityMessages.SecurityEventPage;
import io.stockade.api.identity.SecurityMessages.SecurityEventView;
import io.stockade.api.inventory.InventoryQueries.FindTransactionsQuery;
import io.stockade.api.inventory.InventoryQueries.TransactionPage;
import io.stockade.api.inventory.InventoryQueries.TransactionView;
import io.stockade.command.identity.IdentityAnswers.ManagedUser;
import io.stockade.command.identity.IdentityAnswers.UserAnswer;
import io.stockade.command.jooq.tables.records.AuthSessionRecord;
import io.stockade.command.jooq.tables.records.UserAccountRecord;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.mail.Outbox;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * GDPR (issue 14 §5): erasure (art. 17), retention holds (art. 17(3)(b)) and the export of everything Stockade
 * holds about a person (art. 15 and 20).
 */
@RestController
class PersonalDataController {
    private static final int PAGE = 100;
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final AccountLookupRepository accounts;
    private final Sessions sessions;
    private final SessionRepository sessionRows;
    private final MfaRepository mfa;
    private final AlertPreferenceRepository alertPreferences;
    private final Outbox outbox;
    private final PersonalDataEraser eraser;
    private final Clock clock;

    PersonalDataController(
            CommandGateway commands,
            QueryGateway queries,
            AccountLookupRepository accounts,
            Sessions sessions,
            SessionRepository sessionRows,
            MfaRepository mfa,
            AlertPreferenceRepository alertPreferences,
            Outbox outbox,
            PersonalDataEraser eraser,
            Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.accounts = accounts;
        this.sessions = sessions;
        this.sessionRows = sessionRows;
        this.mfa = mfa;
        this.alertPreferences = alertPreferences;
        this.outbox = outbox;
        this.eraser = eraser;
        this.clock = clock;
    }

    /** Why the Admin erases the person, or puts their records on hold: kept readable in the event. */
    record PersonalDataReason(@NotBlank @Size(max = 500) String reason) {}

    @PostMapping(
            path = "/api/users/{id}/erase",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    UserAnswer<ManagedUser> erase(
            @PathVariable UUID id, @Valid @RequestBody PersonalDataReason body, CurrentUser admin) {
        UserId person = new UserId(id);
        UserAccountRecord before = sameTenant(admin, person);
        // Read while the key still opens them; the command may still be refused (hold, last Admin).
        Set<String> addresses = eraser.addressesOf(person, before.getEmail());
        commands.sendAndWait(
                new EraseUserCommand(person, admin.tenantId(), body.reason().strip(), admin.userId()));
        // Before the key goes: ending a session records a security event on the person's account.
        sessions.revokeAll(person, admin.tenantId(), null, "erased");
        eraser.clear(person, admin.tenantId(), addresses);
        return new UserAnswer<>(ManagedUser.of(accounts.find(person).orElseThrow()));
    }

    @PutMapping(path = "/api/users/{id}/retention-hold", consumes = MediaType.APPLICATION_JSON_VALUE)
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
    @PreAuthorize(Roles.ADMIN)
    ResponseEntity<Void> liftHold(@PathVariable UUID id, CurrentUser admin) {
        UserId person = new UserId(id);
        sameTenant(admin, person);
        commands.sendAndWait(new LiftRetentionHoldCommand(person, admin.tenantId(), admin.userId()));
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/api/users/{id}/export", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    PersonalDataExport exportUser(@PathVariable UUID id, CurrentUser admin) {
        UserId person = new UserId(id);
        return export(sameTenant(admin, person), admin.tenantId());
    }

    @GetMapping(path = "/api/profile/export", produces = MediaType.APPLICATION_JSON_VALUE)
    PersonalDataExport exportOwn(CurrentUser user) {
        return export(
                accounts.find(user.userId()).orElseThrow(() -> ProblemException.notFound("User")), user.tenantId());
    }

    /** Everything Stockade holds about one person, never a secret (password hash, MFA secret, tokens). */
    record PersonalDataExport(
            Instant exportedAt,
            ExportedAccount account,
            boolean mfaEnrolled,
            @Nullable ExportedAlertPreferences alertPreferences,
            List<ExportedSession> sessions,
            List<TransactionView> movements,
            List<NotificationView> notifications,
            List<SecurityEventView> securityEvents,
            List<ExportedMail> mails) {}

    record ExportedAccount(
            String id,
            String username,
            String email,
            String role,
            @JsonProperty("isActive") boolean isActive,
            boolean mustChangePassword,
            boolean erased) {}

    /** Null in the export when the person never chose: their role's default applies. */
    record ExportedAlertPreferences(boolean email, boolean inApp, List<String> categoryIds) {}

    record ExportedSession(
            String id,
            Instant createdAt,
            Instant lastUsedAt,
            Instant expiresAt,
            @Nullable Instant revokedAt,
            @Nullable String revokeReason,
            @Nullable String clientIp,
            @Nullable String userAgent,
            String amr) {
        static ExportedSession of(AuthSessionRecord s) {
            return new ExportedSession(
                    s.getSessionId().toString(),
                    s.getCreatedAt().toInstant(),
                    s.getLastUsedAt().toInstant(),
                    s.getExpiresAt().toInstant(),
                    s.getRevokedAt() == null ? null : s.getRevokedAt().toInstant(),
                    s.getRevokeReason(),
                    s.getClientIp(),
                    s.getUserAgent(),
                    s.getAmr());
        }
    }

    record ExportedMail(
            String id,
            String kind,
            String to,
            String subject,
            String text,
            String status,
            Instant createdAt,
            @Nullable Instant sentAt) {}

    private PersonalDataExport export(UserAccountRecord a, TenantId tenant) {
        UserId person = new UserId(a.getUserId());
        boolean erased = PersonalValue.ERASED.equals(a.getUsername());
        ExportedAccount account = new ExportedAccount(
                a.getUserId().toString(),
                a.getUsername(),
                a.getEmail(),
                Role.valueOf(a.getRole()).label(),
                a.getActive(),
                a.getMustChangePassword(),
                erased);
        ExportedAlertPreferences preferences = alertPreferences
                .find(a.getUserId())
                .map(p -> new ExportedAlertPreferences(
                        p.getEmail(),
                        p.getInApp(),
                        Arrays.stream(p.getCategoryIds()).map(UUID::toString).toList()))
                .orElse(null);
        List<TransactionView> movements = all(page -> queries.query(
                        new FindTransactionsQuery(tenant, null, null, null, person, page, PAGE), TransactionPage.class)
                .join()
                .transactions());
        List<NotificationView> notifications = all(page -> queries.query(
                        new FindNotificationsQuery(tenant, person, false, page, PAGE), NotificationPage.class)
                .join()
                .items());
        List<SecurityEventView> security = all(page -> queries.query(
                        new FindSecurityEventsQuery(tenant, person, null, null, null, page, PAGE),
                        SecurityEventPage.class)
                .join()
                .events());
        List<ExportedMail> mails = erased
                ? List.of()
                : outbox.sentTo(tenant, eraser.addressesOf(person, a.getEmail())).stream()
                        .map(m -> new ExportedMail(
                                m.messageId().toString(),
                                m.kind(),
                                m.to(),
                                m.subject(),
                                m.text(),
                                m.status(),
                                m.createdAt(),
                                m.sentAt()))
                        .toList();
        return new PersonalDataExport(
                clock.instant(),
                account,
                mfa.confirmed(a.getUserId()),
                preferences,
                sessionRows.all(a.getUserId()).stream().map(ExportedSession::of).toList(),
                movements,
                notifications,
                security,
                mails);
    }

    /** Every page of a paged query, in order (pages are numbered from 1). */
    private static <T> List<T> all(IntFunction<List<T>> page) {
        List<T> all = new ArrayList<>();
        for (int p = 1; ; p++) {
            List<T> rows = page.apply(p);
            all.addAll(rows);
            if (rows.size() < PAGE) {
                return all;
            }
        }
    }

    private UserAccountRecord sameTenant(CurrentUser admin, UserId id) {
        return accounts.find(id)
                .filter(a -> a.getTenantId().equals(admin.tenantId().value()))
                .orElseThrow(() -> ProblemException.notFound("User"));
    }
}
