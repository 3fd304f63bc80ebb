package io.stockade.alerting;

import io.stockade.api.alerts.AlertMessages.FindNotificationsQuery;
import io.stockade.api.alerts.AlertMessages.NotificationExport;
import io.stockade.api.common.UserId;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.web.Paging;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every in-app notification of one person, the alerting part of their GDPR export, for the query side of split
 * services on PostgreSQL (no query travels between processes there, so it asks over HTTP with the caller's own
 * token). An Admin for a person of the organisation, anyone for themselves; a person of another organisation has no
 * notification here (the inbox is read within the caller's organisation). Read from alerting's own inbox.
 */
@RestController
class NotificationExportController {
    private final NotificationProjection inbox;

    NotificationExportController(NotificationProjection inbox) {
        this.inbox = inbox;
    }

    @GetMapping(path = "/api/users/{id}/export/notifications", produces = MediaType.APPLICATION_JSON_VALUE)
    NotificationExport notifications(@PathVariable UUID id, CurrentUser caller) {
        UserId person = new UserId(id);
        caller.requireAdminOrSelf(person);
        return new NotificationExport(Paging.everyPage(page -> inbox.handle(
                        new FindNotificationsQuery(caller.tenantId(), person, false, page, Paging.MAX_LIMIT))
                .items()));
    }
}
