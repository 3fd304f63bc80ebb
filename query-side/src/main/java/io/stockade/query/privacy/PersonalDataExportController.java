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
import io.stockade.platform.web.Paging;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Everything Stockade holds about one person, as JSON (GDPR art. 15 and 20): the command side's part (account,
 * sessions, MFA enrolled or not, alert preferences, mails, notifications) and the read models' (movements with their
 * reasons, security events). The command side's part comes over the query bus (the all-in-one jar, Axon Server) or,
 * on split services on PostgreSQL, from the command-side service over HTTP ({@link CommandSidePersonalData}).
 */
@RestController
class PersonalDataExportController {
    private final QueryGateway queries;
    private final CommandSidePersonalData commandSide;
    private final Clock clock;

    PersonalDataExportController(QueryGateway queries, CommandSidePersonalData commandSide, Clock clock) {
        this.queries = queries;
        this.commandSide = commandSide;
        this.clock = clock;
    }

    @GetMapping(path = "/api/users/{id}/export", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    PersonalDataExport exportUser(@PathVariable UUID id, CurrentUser admin, HttpServletRequest request) {
        return export(admin.tenantId(), new UserId(id), request.getHeader(HttpHeaders.AUTHORIZATION));
    }

    @GetMapping(path = "/api/profile/export", produces = MediaType.APPLICATION_JSON_VALUE)
    PersonalDataExport exportOwn(CurrentUser user, HttpServletRequest request) {
        return export(user.tenantId(), user.userId(), request.getHeader(HttpHeaders.AUTHORIZATION));
    }

    private PersonalDataExport export(TenantId tenant, UserId person, String authorization) {
        AccountData account;
        List<NotificationView> notifications;
        if (commandSide.configured()) {
            account = commandSide.account(person, authorization);
            notifications = commandSide.notifications(person, authorization).notifications();
        } else {
            account = ask(queries.query(
                            new FindAccountDataQuery(tenant, person),
                            ResponseTypes.optionalInstanceOf(AccountData.class)))
                    .orElseThrow(() -> ProblemException.notFound("User"));
            notifications = Paging.everyPage(page -> ask(queries.query(
                            new FindNotificationsQuery(tenant, person, false, page, Paging.MAX_LIMIT),
                            NotificationPage.class))
                    .items());
        }
        List<TransactionView> movements = Paging.everyPage(page -> queries.query(
                        new FindTransactionsQuery(tenant, null, null, null, person, page, Paging.MAX_LIMIT),
                        TransactionPage.class)
                .join()
                .transactions());
        List<SecurityEventView> security = Paging.everyPage(page -> queries.query(
                        new FindSecurityEventsQuery(tenant, person, null, null, null, page, Paging.MAX_LIMIT),
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
     * The answer of a query the command side handles. Without Axon Server, split services route no queries between
     * processes; unless {@code STOCKADE_COMMAND_SIDE_URL} names the command side, the export cannot be made there.
     * That is said as a 503 naming the reason and the setting, not a 500.
     */
    private static <R> R ask(CompletableFuture<R> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof NoHandlerForQueryException) {
                throw CommandSidePersonalData.unavailable("this service cannot ask it for them: split services on"
                        + " PostgreSQL route no queries between processes. Set STOCKADE_COMMAND_SIDE_URL to the"
                        + " command-side service's address, or run with Axon Server.");
            }
            throw e;
        }
    }
}
