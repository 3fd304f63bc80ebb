package io.stockade.command.alerts;

import io.stockade.api.alerts.AlertMessages.ChangeAlertPreferencesCommand;
import io.stockade.api.alerts.AlertMessages.FindNotificationQuery;
import io.stockade.api.alerts.AlertMessages.FindNotificationsQuery;
import io.stockade.api.alerts.AlertMessages.MarkNotificationsReadCommand;
import io.stockade.api.alerts.AlertMessages.NotificationPage;
import io.stockade.api.alerts.AlertMessages.NotificationView;
import io.stockade.api.common.CategoryId;
import io.stockade.command.category.CategoryRules;
import io.stockade.command.web.ReadYourWrites;
import io.stockade.platform.errors.DomainRuleViolation;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in person's alert settings and acknowledgements. Both are events on the person's account:
 * who chose to hear what, and who saw which alert when, are part of the record.
 */
@RestController
class NotificationCommandController {
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final AlertRecipientRepository people;
    private final CategoryRules categories;

    NotificationCommandController(
            CommandGateway commands, QueryGateway queries, AlertRecipientRepository people, CategoryRules categories) {
        this.commands = commands;
        this.queries = queries;
        this.people = people;
        this.categories = categories;
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
            if (!categories.exists(user.tenantId(), chosen.get(i))) {
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
        if (find(query).isEmpty()) {
            throw ProblemException.notFound("Notification");
        }
        commands.sendAndWait(new MarkNotificationsReadCommand(user.userId(), user.tenantId(), List.of(id), false));
        ReadYourWrites.await(() -> find(query), n -> n.readAt() != null);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/api/notifications/read-all")
    ResponseEntity<Void> readAll(CurrentUser user) {
        commands.sendAndWait(new MarkNotificationsReadCommand(user.userId(), user.tenantId(), List.of(), true));
        ReadYourWrites.await(
                () -> Optional.of(queries.query(
                                new FindNotificationsQuery(user.tenantId(), user.userId(), true, 1, 1),
                                NotificationPage.class)
                        .join()),
                page -> page.unread() == 0);
        return ResponseEntity.noContent().build();
    }

    private Optional<NotificationView> find(FindNotificationQuery query) {
        return queries.query(query, ResponseTypes.optionalInstanceOf(NotificationView.class))
                .join();
    }
}
