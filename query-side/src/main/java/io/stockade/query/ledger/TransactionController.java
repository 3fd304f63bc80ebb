package io.stockade.query.ledger;

import io.stockade.api.common.ItemId;
import io.stockade.api.common.TransactionId;
import io.stockade.api.common.UserId;
import io.stockade.api.inventory.InventoryQueries.FindTransactionQuery;
import io.stockade.api.inventory.InventoryQueries.FindTransactionsQuery;
import io.stockade.api.inventory.InventoryQueries.TransactionPage;
import io.stockade.api.inventory.InventoryQueries.TransactionView;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import io.stockade.platform.tenancy.TenantScope;
import io.stockade.platform.web.Csv;
import io.stockade.platform.web.Paging;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Seed 004's transaction history (Manager, Admin, Auditor) and its streaming CSV export. */
@RestController
@RequestMapping("/api/transactions")
@PreAuthorize(Roles.READ_ALL)
class TransactionController {
    private final QueryGateway queries;
    private final LedgerRepository ledger;
    private final TenantScope tenants;

    TransactionController(QueryGateway queries, LedgerRepository ledger, TenantScope tenants) {
        this.queries = queries;
        this.ledger = ledger;
        this.tenants = tenants;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    TransactionPage list(
            @RequestParam(required = false) String dateFrom,
            @RequestParam(required = false) String dateTo,
            @RequestParam(required = false) UUID productId,
            @RequestParam(required = false) UUID userId,
            @RequestParam(required = false) String page,
            @RequestParam(required = false) String limit,
            CurrentUser user) {
        Paging paging = Paging.of(page, limit);
        Instant from = instant("dateFrom", dateFrom, false);
        Instant to = instant("dateTo", dateTo, true);
        checkRange(from, to);
        return queries.query(
                        new FindTransactionsQuery(
                                user.tenantId(),
                                from,
                                to,
                                productId == null ? null : new ItemId(productId),
                                userId == null ? null : new UserId(userId),
                                paging.page(),
                                paging.limit()),
                        TransactionPage.class)
                .join();
    }

    /**
     * Streams straight from the ledger table with a cursor: an export of millions of lines never sits in
     * memory, which the query bus (whole results) could not promise.
     */
    @GetMapping(params = "format=csv")
    void csv(
            @RequestParam(required = false) String dateFrom,
            @RequestParam(required = false) String dateTo,
            @RequestParam(required = false) UUID productId,
            @RequestParam(required = false) UUID userId,
            CurrentUser user,
            HttpServletResponse response)
            throws IOException {
        Instant from = instant("dateFrom", dateFrom, false);
        Instant to = instant("dateTo", dateTo, true);
        checkRange(from, to);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"transactions.csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        out.write(Csv.row(
                "id",
                "timestamp",
                "effectiveAt",
                "productId",
                "productName",
                "sku",
                "userId",
                "userName",
                "quantityChange",
                "transactionType",
                "source",
                "reason",
                "stockAfter"));
        LedgerRepository.Filter filter =
                new LedgerRepository.Filter(user.tenantId().value(), from, to, productId, userId);
        tenants.read(user.tenantId(), () -> {
            ledger.stream(filter, t -> write(out, t));
            return null;
        });
        out.flush();
    }

    private static void write(Writer out, TransactionView t) {
        try {
            out.write(Csv.row(
                    t.id(),
                    t.timestamp().toString(),
                    t.effectiveAt().toString(),
                    t.productId(),
                    Csv.text(t.productName()),
                    Csv.text(t.productSku()),
                    t.userId() == null ? "" : t.userId(),
                    Csv.text(t.userName()),
                    Csv.number(t.quantityChange()),
                    t.transactionType().wire(),
                    t.source(),
                    Csv.text(t.reason()),
                    Csv.number(t.stockAfter())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, TransactionView> one(@PathVariable UUID id, CurrentUser user) {
        TransactionView view = queries.query(
                        new FindTransactionQuery(user.tenantId(), new TransactionId(id)),
                        ResponseTypes.optionalInstanceOf(TransactionView.class))
                .join()
                .orElseThrow(() -> ProblemException.notFound("Transaction"));
        return Map.of("transaction", view);
    }

    /** Accepts a date (a whole day, UTC) or an instant; {@code dateTo} as a date includes that day. */
    static Instant instant(String field, String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate date = LocalDate.parse(value);
                return (endOfDay ? date.plusDays(1) : date).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.validation(field, field + " must be a date (2026-01-31) or an ISO-8601 instant");
        }
    }

    private static void checkRange(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ProblemException.validation("dateTo", "dateTo must be after dateFrom");
        }
    }
}
