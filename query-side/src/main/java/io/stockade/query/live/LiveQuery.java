package io.stockade.query.live;

import io.stockade.api.inventory.InventoryQueries.CountItemsQuery;
import io.stockade.api.inventory.InventoryQueries.CountTransactionsQuery;
import io.stockade.api.inventory.InventoryQueries.FindItemQuery;
import io.stockade.api.inventory.InventoryQueries.FindLowStockQuery;
import io.stockade.api.inventory.LiveUpdates.ReadModelChanged;
import java.util.function.BiPredicate;
import org.axonframework.queryhandling.QueryUpdateEmitter;

/**
 * The queries a live stream subscribes to, and which of their subscriptions a notice concerns. A named
 * constant rather than a filter, because a notice also travels to the other nodes (as text, see
 * {@link Notice}) and is matched there against their own subscriptions: the filter must be rebuilt from the
 * notice alone.
 */
public enum LiveQuery {
    ITEM_COUNTS(new Route<>(CountItemsQuery.class, (q, n) -> q.tenantId().equals(n.tenantId()))),
    LOW_STOCK(new Route<>(FindLowStockQuery.class, (q, n) -> q.tenantId().equals(n.tenantId()))),
    /** One item's page; a notice without an item (a tenant-wide change) concerns every item page of the tenant. */
    ITEM(new Route<>(
            FindItemQuery.class,
            (q, n) -> q.tenantId().equals(n.tenantId())
                    && (n.itemId() == null || q.itemId().equals(n.itemId())))),
    RECENT_MOVEMENTS(
            new Route<>(CountTransactionsQuery.class, (q, n) -> q.tenantId().equals(n.tenantId())));

    private final Route<?> route;

    LiveQuery(Route<?> route) {
        this.route = route;
    }

    /** Tells this node's subscribers of this query that {@code notice} concerns them. */
    void emit(QueryUpdateEmitter updates, ReadModelChanged notice) {
        route.emit(updates, notice);
    }

    private record Route<Q>(Class<Q> type, BiPredicate<Q, ReadModelChanged> matches) {
        void emit(QueryUpdateEmitter updates, ReadModelChanged notice) {
            updates.emit(type, q -> matches.test(q, notice), notice);
        }
    }
}
