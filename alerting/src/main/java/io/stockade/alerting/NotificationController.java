package io.stockade.alerting;

import io.stockade.api.alerts.AlertMessages.ChangeAlertPreferencesCommand;
import io.stockade.api.alerts.AlertMessages.FindNotificationQuery;
import io.stockade.api.alerts.AlertMessages.FindNotificationsQuery;
import io.stockade.api.alerts.AlertMessages.MarkNotificationsReadCommand;
import io.stockade.api.alerts.AlertMessages.NotificationPage;
import io.stockade.api.common.CategoryId;
import io.stockade.platform.errors.DomainRuleViolation;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.web.Paging;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in person's own notifications (the header bell), alert settings and acknowledgements; nobody
 * reads another person's inbox. Settings and acknowledgements are events on the person's account: who
 * chose to hear what, and who saw which alert when, are part of the record. Alerting reads its own inbox
 * table, not the query bus: the service that runs alerting need not serve queries.
 */
@RestController
class NotificationController {
    private static final Duration CATCH_UP = Duration.ofSeconds(5);
    private final CommandGateway commands;
    private final NotificationProjection inbox;
    private final AlertRecipientRepository people;

    NotificationController(CommandGateway commands, NotificationProjection inbox, AlertRecipientRepository people) {
        this.commands = commands;
        this.inbox = inbox;
        this.people = people;
    }

    /** {@code categoryIds} empty: every category. {@code custom} false: the role's default is in force. */
    record PreferencesView(boolean email, boolean inApp, List<String> categoryIds, boolean custom) {
        static PreferencesView of(AlertRecipientRepository.Preferences p) {
            return new PreferencesView(
                    p.email(),
                    p.inApp(),
                    p.categoryIds().stream().map(CategoryId::toString).toList(),
                    p.chosen());
        }
    }

    record PreferencesChange(
            @NotNull Boolean email,
            @NotNull Boolean inApp,
            @NotNull @Size(max = 100) List<@NotNull UUID> categoryIds) {}

    @GetMapping(path = "/api/notifications", produces = MediaType.APPLICATION_JSON_VALUE)
    NotificationPage list(
            @RequestParam(required = false) String unread,
            @RequestParam(required = false) String page,
            @RequestParam(required = false) String limit,
            CurrentUser user) {
        Paging paging = Paging.of(page, limit);
        boolean unreadOnly;
        if (unread == null || unread.equals("false")) {
            unreadOnly = false;
        } else if (unread.equals("true")) {
            unreadOnly = true;
        } else {
            throw DomainRuleViolation.invalid("unread", "unread must be true or false");
        }
        return inbox.handle(
                new FindNotificationsQuery(user.tenantId(), user.userId(), unreadOnly, paging.page(), paging.limit()));
    }

    @GetMapping(path = "/api/notifications/preferences", produces = MediaType.APPLICATION_JSON_VALUE)
    PreferencesView preferences(CurrentUser user) {
        return people.preferences(user.userId())
                .map(PreferencesView::of)
                .orElseThrow(() -> ProblemException.notFound("User"));
    }

    @PutMapping(
            path = "/api/notifications/preferences",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    PreferencesView changePreferences(@Valid @RequestBody PreferencesChange body, CurrentUser user) {
        List<CategoryId> chosen =
                body.categoryIds().stream().distinct().map(CategoryId::new).toList();
        for (int i = 0; i < chosen.size(); i++) {
            if (!people.categoryExists(user.tenantId(), chosen.get(i))) {
                throw DomainRuleViolation.invalid("categoryIds[" + i + "]", "Unknown category");
            }
        }
        commands.sendAndWait(
                new ChangeAlertPreferencesCommand(user.userId(), user.tenantId(), body.email(), body.inApp(), chosen));
        return preferences(user);
    }

    @PostMapping(path = "/api/notifications/{id}/read")
    ResponseEntity<Void> read(@PathVariable UUID id, CurrentUser user) {
        FindNotificationQuery query = new FindNotificationQuery(user.tenantId(), user.userId(), id);
        if (inbox.handle(query).isEmpty()) {
            throw ProblemException.notFound("Notification");
        }
        commands.sendAndWait(new MarkNotificationsReadCommand(user.userId(), user.tenantId(), List.of(id), false));
        awaitInbox(() -> inbox.handle(query), n -> n.readAt() != null);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/api/notifications/read-all")
    ResponseEntity<Void> readAll(CurrentUser user) {
        commands.sendAndWait(new MarkNotificationsReadCommand(user.userId(), user.tenantId(), List.of(), true));
        awaitInbox(
                () -> Optional.of(inbox.handle(new FindNotificationsQuery(user.tenantId(), user.userId(), true, 1, 1))),
                page -> page.unread() == 0);
        return ResponseEntity.noContent().build();
    }

    /**
     * The inbox projection runs in this same service, usually within milliseconds: a short bounded wait lets
     * the answer (and the bell the SPA reloads after it) show the acknowledgement.
     */
    private static <T> void awaitInbox(Supplier<Optional<T>> read, Predicate<T> caughtUp) {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        long pause = 1;
        while (System.nanoTime() < deadline) {
            Optional<T> now = read.get();
            if (now.isPresent() && caughtUp.test(now.get())) {
                return;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause = Math.min(pause * 2, 50);
        }
    }
}
