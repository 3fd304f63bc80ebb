package io.stockade.query.trends;

import io.stockade.api.inventory.InventoryEvents.ItemArchivedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemBecameLowOnStockEvent;
import io.stockade.api.inventory.InventoryEvents.ItemStockRecoveredEvent;
import io.stockade.api.inventory.InventoryQueries.LowStockSeries;
import io.stockade.api.inventory.InventoryQueries.LowStockSeriesQuery;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** Low-stock count over time, from the events that say an item became low or recovered (or left). */
@Component
@ProcessingGroup("dashboard-trends")
class LowStockHistoryProjection {
    private final LowStockHistoryRepository history;

    LowStockHistoryProjection(LowStockHistoryRepository history) {
        this.history = history;
    }

    @EventHandler
    void on(ItemBecameLowOnStockEvent e, EventMessage<?> m) {
        history.becameLow(e.tenantId().value(), e.itemId().value(), m.getIdentifier(), m.getTimestamp());
    }

    @EventHandler
    void on(ItemStockRecoveredEvent e, EventMessage<?> m) {
        history.noLongerLow(e.tenantId().value(), e.itemId().value(), m.getIdentifier(), m.getTimestamp());
    }

    @EventHandler
    void on(ItemArchivedEvent e, EventMessage<?> m) {
        history.noLongerLow(e.tenantId().value(), e.itemId().value(), m.getIdentifier(), m.getTimestamp());
    }

    @ResetHandler
    void reset() {
        history.truncate();
    }

    @QueryHandler
    LowStockSeries handle(LowStockSeriesQuery q) {
        return new LowStockSeries(history.endOfDayCounts(q.tenantId().value(), q.firstDay(), q.days()));
    }
}
