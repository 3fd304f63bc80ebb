package io.stockade.query.reports;

import io.stockade.api.common.CategoryId;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.UserId;
import io.stockade.api.reporting.ReportQueries.CategoryStockPage;
import io.stockade.api.reporting.ReportQueries.DeadStockPage;
import io.stockade.api.reporting.ReportQueries.FindDeadStockQuery;
import io.stockade.api.reporting.ReportQueries.FindMovementsQuery;
import io.stockade.api.reporting.ReportQueries.FindStockByCategoryQuery;
import io.stockade.api.reporting.ReportQueries.FindStockByLocationQuery;
import io.stockade.api.reporting.ReportQueries.FindStockoutsQuery;
import io.stockade.api.reporting.ReportQueries.LocationStockPage;
import io.stockade.api.reporting.ReportQueries.MovementGrouping;
import io.stockade.api.reporting.ReportQueries.MovementPage;
import io.stockade.api.reporting.ReportQueries.StockoutPage;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Issue 5's reports (Manager, Admin, Auditor): pages through the query bus, and with
 * {@code format=csv} every row streamed from the reporting tables with a cursor, like the ledger's export.
 */
@RestController
@RequestMapping("/api/reports")
@PreAuthorize(Roles.READ_ALL)
class ReportsController {
    private final QueryGateway queries;
    private final ReportsRepository reports;
    private final TenantScope tenants;
    private final Clock clock;

    ReportsController(QueryGateway queries, ReportsRepository reports, TenantScope tenants, Clock clock) {
        this.queries = queries;
        this.reports = reports;
        this.tenants = tenants;
        this.clock = clock;
    }

    @GetMapping(path = "/stock-by-category", produces = MediaType.APPLICATION_JSON_VALUE)
    CategoryStockPage stockByCategory(
            @RequestParam(required = false) UUID category,
            @RequestParam(required = false) String page,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String format,
            CurrentUser user) {
        ReportParameters.json(format);
        Paging paging = ReportParameters.paging(page, limit);
        return queries.query(
                        new FindStockByCategoryQuery(
                                user.tenantId(),
                                category == null ? null : new CategoryId(category),
                                paging.page(),
                                paging.limit()),
                        CategoryStockPage.class)
                .join();
    }

    @GetMapping(path = "/stock-by-category", params = "format=csv")
    void stockByCategoryCsv(
            @RequestParam(required = false) UUID category, CurrentUser user, HttpServletResponse response)
            throws IOException {
        csv(response, "stock-by-category", user, out -> {
            row(
                    out,
                    "categoryId",
                    "categoryName",
                    "parentId",
                    "parentName",
                    "items",
                    "units",
                    "lowStock",
                    "outOfStock");
            reports.streamStockByCategory(
                    user.tenantId().value(),
                    category,
                    r -> row(
                            out,
                            nullable(r.categoryId()),
                            Csv.text(r.categoryName()),
                            nullable(r.parentId()),
                            Csv.text(r.parentName()),
                            Csv.number(r.items()),
                            Csv.number(r.units()),
                            Csv.number(r.lowStock()),
                            Csv.number(r.outOfStock())));
        });
    }

    @GetMapping(path = "/stock-by-location", produces = MediaType.APPLICATION_JSON_VALUE)
    LocationStockPage stockByLocation(
            @RequestParam(required = false) String search,
            @RequestParam(required = false) String page,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String format,
            CurrentUser user) {
        ReportParameters.json(format);
        Paging paging = ReportParameters.paging(page, limit);
        return queries.query(
                        new FindStockByLocationQuery(
                                user.tenantId(), ReportParameters.search(search), paging.page(), paging.limit()),
                        LocationStockPage.class)
                .join();
    }

    @GetMapping(path = "/stock-by-location", params = "format=csv")
    void stockByLocationCsv(
            @RequestParam(required = false) String search, CurrentUser user, HttpServletResponse response)
            throws IOException {
        String s = ReportParameters.search(search);
        csv(response, "stock-by-location", user, out -> {
            row(out, "location", "items", "units", "lowStock", "outOfStock");
            reports.streamStockByLocation(
                    user.tenantId().value(),
                    s,
                    r -> row(
                            out,
                            Csv.text(r.location()),
                            Csv.number(r.items()),
                            Csv.number(r.units()),
                            Csv.number(r.lowStock()),
                            Csv.number(r.outOfStock())));
        });
    }

    /** Movements that took effect in [from, to) (UTC; the last 30 days by default), grouped by period, user, reason or type. */
    @GetMapping(path = "/movements", produces = MediaType.APPLICATION_JSON_VALUE)
    MovementPage movements(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String groupBy,
            @RequestParam(required = false) UUID itemId,
            @RequestParam(required = false) UUID userId,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String page,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String format,
            CurrentUser user) {
        ReportParameters.json(format);
        Paging paging = ReportParameters.paging(page, limit);
        return queries.query(movementQuery(from, to, groupBy, itemId, userId, type, user, paging), MovementPage.class)
                .join();
    }

    @GetMapping(path = "/movements", params = "format=csv")
    void movementsCsv(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String groupBy,
            @RequestParam(required = false) UUID itemId,
            @RequestParam(required = false) UUID userId,
            @RequestParam(required = false) String type,
            CurrentUser user,
            HttpServletResponse response)
            throws IOException {
        FindMovementsQuery q = movementQuery(from, to, groupBy, itemId, userId, type, user, new Paging(1, 1));
        csv(response, "movements", user, out -> {
            row(out, "key", "label", "movements", "unitsIn", "unitsOut");
            reports.streamMovements(
                    ReportsRepository.MovementFilter.of(q),
                    r -> row(
                            out,
                            Csv.text(r.key()),
                            Csv.text(r.label()),
                            Csv.number(r.movements()),
                            Csv.number(r.unitsIn()),
                            Csv.number(r.unitsOut())));
        });
    }

    private FindMovementsQuery movementQuery(
            String from,
            String to,
            String groupBy,
            UUID itemId,
            UUID userId,
            String type,
            CurrentUser user,
            Paging paging) {
        ReportParameters.Period period = ReportParameters.movementPeriod(from, to, clock.instant());
        MovementGrouping grouping = ReportParameters.grouping(groupBy);
        return new FindMovementsQuery(
                user.tenantId(),
                period.from(),
                period.to(),
                grouping,
                itemId == null ? null : new ItemId(itemId),
                userId == null ? null : new UserId(userId),
                ReportParameters.type(type),
                paging.page(),
                paging.limit());
    }

    /** Items not archived without a movement in the last {@code days} days (90 by default), never-moved first. */
    @GetMapping(path = "/dead-stock", produces = MediaType.APPLICATION_JSON_VALUE)
    DeadStockPage deadStock(
            @RequestParam(required = false) String days,
            @RequestParam(required = false) UUID category,
            @RequestParam(required = false) String page,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String format,
            CurrentUser user) {
        ReportParameters.json(format);
        Instant movedBefore = clock.instant().minus(Duration.ofDays(ReportParameters.days(days)));
        Paging paging = ReportParameters.paging(page, limit);
        return queries.query(
                        new FindDeadStockQuery(
                                user.tenantId(),
                                movedBefore,
                                category == null ? null : new CategoryId(category),
                                paging.page(),
                                paging.limit()),
                        DeadStockPage.class)
                .join();
    }

    @GetMapping(path = "/dead-stock", params = "format=csv")
    void deadStockCsv(
            @RequestParam(required = false) String days,
            @RequestParam(required = false) UUID category,
            CurrentUser user,
            HttpServletResponse response)
            throws IOException {
        Instant movedBefore = clock.instant().minus(Duration.ofDays(ReportParameters.days(days)));
        csv(response, "dead-stock", user, out -> {
            row(out, "itemId", "sku", "name", "location", "currentStock", "lastMovementAt");
            reports.streamDeadStock(
                    user.tenantId().value(),
                    movedBefore,
                    category,
                    r -> row(
                            out,
                            r.itemId(),
                            Csv.text(r.sku()),
                            Csv.text(r.name()),
                            Csv.text(r.location()),
                            Csv.number(r.currentStock()),
                            r.lastMovementAt() == null ? "" : r.lastMovementAt().toString()));
        });
    }

    /** Periods at zero stock overlapping [from, to), newest first; an open one has no recoveredAt and runs until now. */
    @GetMapping(path = "/stockouts", produces = MediaType.APPLICATION_JSON_VALUE)
    StockoutPage stockouts(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) UUID itemId,
            @RequestParam(required = false) String page,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String format,
            CurrentUser user) {
        ReportParameters.json(format);
        Paging paging = ReportParameters.paging(page, limit);
        return queries.query(stockoutQuery(from, to, itemId, user, paging), StockoutPage.class)
                .join();
    }

    @GetMapping(path = "/stockouts", params = "format=csv")
    void stockoutsCsv(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) UUID itemId,
            CurrentUser user,
            HttpServletResponse response)
            throws IOException {
        FindStockoutsQuery q = stockoutQuery(from, to, itemId, user, new Paging(1, 1));
        csv(response, "stockouts", user, out -> {
            row(out, "itemId", "sku", "name", "outAt", "recoveredAt", "durationSeconds");
            reports.streamStockouts(
                    ReportsRepository.StockoutFilter.of(q),
                    r -> row(
                            out,
                            r.itemId(),
                            Csv.text(r.sku()),
                            Csv.text(r.name()),
                            r.outAt().toString(),
                            r.recoveredAt() == null ? "" : r.recoveredAt().toString(),
                            Csv.number(r.durationSeconds())));
        });
    }

    private FindStockoutsQuery stockoutQuery(String from, String to, UUID itemId, CurrentUser user, Paging paging) {
        ReportParameters.Period period = ReportParameters.optionalPeriod(from, to);
        return new FindStockoutsQuery(
                user.tenantId(),
                period.from(),
                period.to(),
                itemId == null ? null : new ItemId(itemId),
                clock.instant(),
                paging.page(),
                paging.limit());
    }

    /** Parameters are checked before this is called: a bad one is still a problem+json 400, not half a file. */
    private void csv(HttpServletResponse response, String name, CurrentUser user, Consumer<Writer> rows)
            throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        tenants.read(user.tenantId(), () -> {
            rows.accept(out);
            return null;
        });
        out.flush();
    }

    private static void row(Writer out, String... cells) {
        try {
            out.write(Csv.row(cells));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String nullable(String id) {
        return id == null ? "" : id;
    }
}
