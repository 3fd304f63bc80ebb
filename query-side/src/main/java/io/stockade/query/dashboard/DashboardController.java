package io.stockade.query.dashboard;

import io.stockade.api.common.TenantId;
import io.stockade.api.inventory.InventoryQueries;
import io.stockade.api.inventory.InventoryQueries.CountItemsQuery;
import io.stockade.api.inventory.InventoryQueries.CountTransactionsQuery;
import io.stockade.api.inventory.InventoryQueries.DashboardMetrics;
import io.stockade.api.inventory.InventoryQueries.ItemCounts;
import io.stockade.api.inventory.LiveUpdates.ReadModelChanged;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import io.stockade.query.live.LiveStreams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Seed 004's dashboard metrics, composed from the inventory and ledger read models. "Recent" is 24 hours. */
@RestController
class DashboardController {
    static final Duration RECENT = Duration.ofHours(24);
    private final QueryGateway queries;
    private final Clock clock;
    private final LiveStreams live;

    DashboardController(QueryGateway queries, Clock clock, LiveStreams live) {
        this.queries = queries;
        this.clock = clock;
        this.live = live;
    }

    /**
     * {@code GET /api/dashboard/trends?days=30}: movements per day, the low-stock count at the end of
     * each day and the ten items that moved most, over the last {@code days} UTC days (1–365) including today.
     */
    @GetMapping(path = "/api/dashboard/trends", produces = MediaType.APPLICATION_JSON_VALUE)
    DashboardTrends trends(@RequestParam(required = false) String days, CurrentUser user) {
        int n = 30;
        if (days != null && !days.isBlank()) {
            try {
                n = Integer.parseInt(days.strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > 365) {
                throw ProblemException.validation("days", "days must be a whole number from 1 to 365");
            }
        }
        LocalDate last = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate first = last.minusDays(n - 1L);
        CompletableFuture<InventoryQueries.MovementTrend> movements = queries.query(
                new InventoryQueries.MovementTrendQuery(user.tenantId(), first, n),
                InventoryQueries.MovementTrend.class);
        CompletableFuture<InventoryQueries.LowStockSeries> low = queries.query(
                new InventoryQueries.LowStockSeriesQuery(user.tenantId(), first, n),
                InventoryQueries.LowStockSeries.class);
        return new DashboardTrends(
                first,
                last,
                "UTC",
                movements.join().days(),
                low.join().days(),
                movements.join().topMovers());
    }

    /** The trends answer, a record so the API document (and the SPA's generated types) describe it. */
    record DashboardTrends(
            LocalDate from,
            LocalDate to,
            String timeZone,
            List<InventoryQueries.DayMovements> movementsPerDay,
            List<InventoryQueries.DayCount> lowStockPerDay,
            List<InventoryQueries.TopMover> topMovers) {}

    @GetMapping(path = "/api/dashboard/metrics", produces = MediaType.APPLICATION_JSON_VALUE)
    DashboardMetrics metrics(CurrentUser user) {
        return metrics(user.tenantId());
    }

    /**
     * {@code GET /api/stream/dashboard}: the metrics above as Server-Sent Events ({@code event: dashboard}),
     * again after every change to the item counts or the ledger.
     */
    @Operation(
            summary = "Live dashboard metrics: event dashboard (the metrics), then end {reason}",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "the event stream",
                            content = @Content(mediaType = "text/event-stream", schema = @Schema(type = "string"))))
    @GetMapping(path = "/api/stream/dashboard", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> streamMetrics(
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId, CurrentUser user) {
        TenantId tenant = user.tenantId();
        return live.open(
                user,
                new LiveStreams.Source(
                        "dashboard",
                        "Dashboard",
                        () -> List.of(
                                queries.subscriptionQuery(
                                        new CountItemsQuery(tenant), ItemCounts.class, ReadModelChanged.class),
                                queries.subscriptionQuery(
                                        new CountTransactionsQuery(
                                                tenant, clock.instant().minus(RECENT)),
                                        Long.class,
                                        ReadModelChanged.class)),
                        () -> Optional.of(metrics(tenant))),
                lastEventId);
    }

    private DashboardMetrics metrics(TenantId tenant) {
        CompletableFuture<ItemCounts> counts = queries.query(new CountItemsQuery(tenant), ItemCounts.class);
        CompletableFuture<Long> recent =
                queries.query(new CountTransactionsQuery(tenant, clock.instant().minus(RECENT)), Long.class);
        ItemCounts c = counts.join();
        return new DashboardMetrics(c.total(), c.lowStock(), recent.join(), c.outOfStock(), c.byCategory());
    }
}
