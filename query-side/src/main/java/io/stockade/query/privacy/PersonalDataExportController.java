package io.stockade.query.privacy;

import io.stockade.api.alerts.AlertMessages.FindNotificationsQuery;
import io.stockade.api.alerts.AlertMessages.NotificationPage;
import io.stockade.api.alerts.AlertMessages.NotificationView;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.PersonalDataMessages.AccountData;
import io.stockade.api.identity.PersonalDataMessages.FindAccountDataQuery;
import io.stockade.api.identity.PersonalDataMessages.PersonalDataExport;
import io.stockade.api.identity.SecurityMessages.FindSecurityEventsQuery;
import io.stockade.api.identity.SecurityMessages.SecurityEventPage;
import io.stockade.api.identity.SecurityMessages.SecurityEventView;
import io.stockade.api.inventory.InventoryQueries.FindTransactionsQuery;
import io.stockade.api.inventory.InventoryQueries.TransactionPage;
import io.stockade.api.inventory.InventoryQueries.TransactionView;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Everything Stockade holds about one person, as JSON (GDPR art. 15 and 20): the command side's part (account,
 * sessions, MFA enrolled or not, alert preferences, mails) and the read models' (movements with their reasons,
 * notifications, security events), each asked on the query bus.
 */
@RestController
class PersonalDataExportController {
    private static final int PAGE = 100;
    private final QueryGateway queries;
    private final Clock clock;

    PersonalDataExportController(QueryGateway queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping(path = "/api/users/{id}/export", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    PersonalDataExport exportUser(@PathVariable UUID id, CurrentUser admin) {
        return export(admin.tenantId(), new UserId(id));
    }

    @GetMapping(path = "/api/profile/export", produces = MediaType.APPLICATION_JSON_VALUE)
    PersonalDataExport exportOwn(CurrentUser user) {
        return export(user.tenantId(), user.userId());
    }

    private PersonalDataExport export(TenantId tenant, UserId person) {
        AccountData account = ask(queries.query(
                        new FindAccountDataQuery(tenant, person), ResponseTypes.optionalInstanceOf(AccountData.class)))
                .orElseThrow(() -> ProblemException.notFound("User"));
        List<TransactionView> movements = all(page -> queries.query(
                        new FindTransactionsQuery(tenant, null, null, null, person, page, PAGE), TransactionPage.class)
                .join()
                .transactions());
        List<NotificationView> notifications = all(page -> ask(queries.query(
                        new FindNotificationsQuery(tenant, person, false, page, PAGE), NotificationPage.class))
                .items());
        List<SecurityEventView> security = all(page -> queries.query(
                        new FindSecurityEventsQuery(tenant, person, null, null, null, page, PAGE),
                        SecurityEventPage.class)
                .join()
                .events());
        return new PersonalDataExport(
                clock.instant(),
                account.account(),
                account.mfaEnrolled(),
                account.alertPreferences(),
                account.sessions(),
                movements,
                notifications,
                security,
                account.mails());
    }

    /**
     * The answer of a query another module handles. Split services on PostgreSQL have no query routing between
     * processes (README, "Limits of each mode"): the account data and notifications live on the command side, so
     * there the export cannot be made. That is said as a 503 naming the reason, not a 500.
     */
    private static <R> R ask(CompletableFuture<R> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof NoHandlerForQueryException) {
                throw new ProblemException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "personal-data-export-unavailable",
                        "Service Unavailable",
                        "The export needs the account data and notifications the command side keeps, and this"
                                + " deployment cannot ask it for them: split services on PostgreSQL route no queries"
                                + " between processes. Run with Axon Server, or the all-in-one jar.",
                        List.of());
            }
            throw e;
        }
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
}
