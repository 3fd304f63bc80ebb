package io.stockade.query.dashboard;

import io.stockade.api.inventory.InventoryQueries.CountItemsQuery;
import io.stockade.api.inventory.InventoryQueries.CountTransactionsQuery;
import io.stockade.api.inventory.InventoryQueries.DashboardMetrics;
import io.stockade.api.inventory.InventoryQueries.ItemCounts;
import io.stockade.platform.security.CurrentUser;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Seed 004's dashboard metrics, composed from the inventory and ledger read models. "Recent" is 24 hours. */
@RestController
class DashboardController {
    static final Duration RECENT = Duration.ofHours(24);
    private final QueryGateway queries;
    private final Clock clock;

    DashboardController(QueryGateway queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping(path = "/api/dashboard/metrics", produces = MediaType.APPLICATION_JSON_VALUE)
    DashboardMetrics metrics(CurrentUser user) {
        CompletableFuture<ItemCounts> counts = queries.query(new CountItemsQuery(user.tenantId()), ItemCounts.class);
        CompletableFuture<Long> recent = queries.query(
                new CountTransactionsQuery(user.tenantId(), clock.instant().minus(RECENT)), Long.class);
        ItemCounts c = counts.join();
        return new DashboardMetrics(c.total(), c.lowStock(), recent.join(), c.outOfStock(), c.byCategory());
    }
}
