package io.stockade.query.alerts;

import io.stockade.api.alerts.AlertMessages.FindNotificationsQuery;
import io.stockade.api.alerts.AlertMessages.NotificationPage;
import io.stockade.platform.errors.DomainRuleViolation;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.web.Paging;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in person's own notifications (the header bell); nobody reads another person's inbox. */
@RestController
class NotificationQueryController {
    private final QueryGateway queries;

    NotificationQueryController(QueryGateway queries) {
        this.queries = queries;
    }

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
        return queries.query(
                        new FindNotificationsQuery(
                                user.tenantId(), user.userId(), unreadOnly, paging.page(), paging.limit()),
                        NotificationPage.class)
                .join();
    }
}
