package io.stockade.alerting;

import io.stockade.api.inventory.InventoryEvents.ItemArchivedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemCreatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemDetailsUpdatedEvent;
import io.stockade.api.inventory.InventoryEvents.MinThresholdChangedEvent;
import io.stockade.api.inventory.InventoryEvents.StockAdjustedEvent;
import io.stockade.platform.axon.DeferredWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/**
 * What alerting knows of the items, from their own events: the digest lists the items low now without
 * asking another feature's read model (or the query bus, which a command-side host does not serve).
 * Each handler sets values from its event alone, so a redelivered or replayed event changes nothing.
 */
@Component
@ProcessingGroup(AlertItemProjection.GROUP)
class AlertItemProjection {
    static final String GROUP = "alerts-items";
    private final AlertItemRepository items;

    AlertItemProjection(AlertItemRepository items) {
        this.items = items;
    }

    @EventHandler
    void on(ItemCreatedEvent e) {
        items.created(
                e.itemId(),
                e.tenantId(),
                e.name(),
                e.sku(),
                e.location(),
                e.categoryId(),
                e.subCategoryId(),
                e.minThreshold());
    }

    @EventHandler
    void on(ItemDetailsUpdatedEvent e) {
        items.details(e.itemId(), e.name(), e.location(), e.categoryId(), e.subCategoryId());
    }

    @EventHandler
    void on(MinThresholdChangedEvent e) {
        items.threshold(e.itemId(), e.minThreshold());
    }

    /** The hot handler (every movement): written behind, only an item's last stock of the batch is sent. */
    @EventHandler
    @DeferredWrites.Buffered
    void on(StockAdjustedEvent e) {
        items.stock(e.tenantId(), e.itemId(), e.stockAfter());
    }

    @EventHandler
    void on(ItemArchivedEvent e) {
        items.archived(e.itemId());
    }

    @ResetHandler
    void reset() {
        items.truncate();
    }
}
