package io.stockade.query.inventory;

import io.stockade.api.alerts.AlertMessages.LowStockAlertRaisedEvent;
import io.stockade.api.category.CategoryMessages.CategoryCreatedEvent;
import io.stockade.api.category.CategoryMessages.CategoryDeletedEvent;
import io.stockade.api.category.CategoryMessages.CategoryUpdatedEvent;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.TenantId;
import io.stockade.api.inventory.InventoryEvents.ItemArchivedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemBecameLowOnStockEvent;
import io.stockade.api.inventory.InventoryEvents.ItemCreatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemDetailsUpdatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemImageChangedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemStockRecoveredEvent;
import io.stockade.api.inventory.InventoryEvents.MinThresholdChangedEvent;
import io.stockade.api.inventory.InventoryEvents.StockAdjustedEvent;
import io.stockade.api.inventory.InventoryQueries.CountItemsQuery;
import io.stockade.api.inventory.InventoryQueries.FindItemByBarcodeQuery;
import io.stockade.api.inventory.InventoryQueries.FindItemQuery;
import io.stockade.api.inventory.InventoryQueries.FindItemsQuery;
import io.stockade.api.inventory.InventoryQueries.FindLowStockQuery;
import io.stockade.api.inventory.InventoryQueries.ItemCounts;
import io.stockade.api.inventory.InventoryQueries.ItemPage;
import io.stockade.api.inventory.InventoryQueries.ItemView;
import io.stockade.api.inventory.InventoryQueries.LowStockList;
import io.stockade.api.inventory.LiveUpdates.ReadModelChanged;
import io.stockade.platform.axon.WriteBehind;
import io.stockade.query.jooq.tables.records.InventoryItemRecord;
import io.stockade.query.live.LiveNotices;
import io.stockade.query.live.LiveQuery;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * The inventory list and item pages. Idempotent: a row only moves forward to a newer aggregate
 * version, so a redelivered or replayed event changes nothing. After each change commits, subscribers
 * to the item counts, the low-stock board and that item (the live streams) are told to read again.
 */
@Component
@ProcessingGroup(InventoryItemProjection.GROUP)
class InventoryItemProjection {
    static final String GROUP = "inventory-items";
    private static final Set<LiveQuery> ITEM_VIEWS = Set.of(LiveQuery.ITEM_COUNTS, LiveQuery.LOW_STOCK, LiveQuery.ITEM);
    private final InventoryViewRepository items;
    private final LiveNotices live;

    InventoryItemProjection(InventoryViewRepository items, LiveNotices live) {
        this.items = items;
        this.live = live;
    }

    @EventHandler
    void on(ItemCreatedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        InventoryItemRecord row = new InventoryItemRecord();
        row.setTenantId(e.tenantId().value());
        row.setItemId(e.itemId().value());
        row.setSku(e.sku());
        row.setName(e.name());
        row.setBarcode(e.barcode());
        row.setLocation(e.location());
        row.setCategoryId(e.categoryId() == null ? null : e.categoryId().value());
        row.setCategoryName(items.categoryName(e.tenantId().value(), row.getCategoryId()));
        row.setSubCategoryId(
                e.subCategoryId() == null ? null : e.subCategoryId().value());
        row.setSubCategoryName(items.categoryName(e.tenantId().value(), row.getSubCategoryId()));
        row.setShelf(e.shelf());
        row.setDescription(e.description());
        row.setCurrentStock(0);
        row.setMinThreshold(e.minThreshold());
        row.setStockStatus(InventoryViewRepository.code(0, e.minThreshold()));
        row.setArchived(false);
        row.setVersion(seq);
        row.setCreatedAt(InventoryViewRepository.utc(at));
        row.setUpdatedAt(InventoryViewRepository.utc(at));
        items.insert(row);
        changed(e.tenantId(), e.itemId());
    }

    @EventHandler
    void on(ItemDetailsUpdatedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e.tenantId(), e.itemId().value(), seq, at, row -> {
            row.setName(e.name());
            row.setLocation(e.location());
            row.setCategoryId(e.categoryId() == null ? null : e.categoryId().value());
            row.setCategoryName(items.categoryName(e.tenantId().value(), row.getCategoryId()));
            row.setSubCategoryId(
                    e.subCategoryId() == null ? null : e.subCategoryId().value());
            row.setSubCategoryName(items.categoryName(e.tenantId().value(), row.getSubCategoryId()));
            row.setShelf(e.shelf());
            row.setDescription(e.description());
        });
    }

    @EventHandler
    void on(MinThresholdChangedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e.tenantId(), e.itemId().value(), seq, at, row -> {
            row.setMinThreshold(e.minThreshold());
            row.setStockStatus(InventoryViewRepository.code(row.getCurrentStock(), e.minThreshold()));
        });
    }

    @EventHandler
    @WriteBehind.Buffered
    void on(StockAdjustedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        items.applyStock(e.tenantId(), e.itemId().value(), e.stockAfter(), seq, at);
        changed(e.tenantId(), e.itemId());
    }

    @EventHandler
    void on(ItemImageChangedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e.tenantId(), e.itemId().value(), seq, at, row -> row.setImageRef(e.imageRef()));
    }

    @EventHandler
    void on(ItemArchivedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        change(e.tenantId(), e.itemId().value(), seq, at, row -> row.setArchived(true));
    }

    // The item's stream also records its low-stock episodes and alerts; the view only counts them, so that
    // its version (the ETag) is the aggregate's and an If-Match taken from a GET is not refused as stale.
    @EventHandler
    void on(ItemBecameLowOnStockEvent e, @SequenceNumber long seq) {
        items.advanceVersion(e.tenantId().value(), e.itemId().value(), seq);
    }

    @EventHandler
    void on(ItemStockRecoveredEvent e, @SequenceNumber long seq) {
        items.advanceVersion(e.tenantId().value(), e.itemId().value(), seq);
    }

    @EventHandler
    void on(LowStockAlertRaisedEvent e, @SequenceNumber long seq) {
        items.advanceVersion(e.tenantId().value(), e.itemId().value(), seq);
    }

    @EventHandler
    void on(CategoryCreatedEvent e) {
        items.renameCategory(e.tenantId().value(), e.categoryId().value(), e.name());
        changed(e.tenantId(), null);
    }

    @EventHandler
    void on(CategoryUpdatedEvent e) {
        items.renameCategory(e.tenantId().value(), e.categoryId().value(), e.name());
        changed(e.tenantId(), null);
    }

    @EventHandler
    void on(CategoryDeletedEvent e) {
        items.deleteCategory(e.tenantId().value(), e.categoryId().value());
        changed(e.tenantId(), null);
    }

    @ResetHandler
    void reset() {
        items.truncate();
    }

    private void change(TenantId tenant, UUID item, long seq, Instant at, Consumer<InventoryItemRecord> change) {
        items.find(tenant.value(), item).filter(row -> row.getVersion() < seq).ifPresent(row -> {
            change.accept(row);
            row.setUpdatedAt(InventoryViewRepository.utc(at));
            items.updateIfNewer(row, seq);
            changed(tenant, new ItemId(item));
        });
    }

    /**
     * Emitted within the batch's unit of work, so Axon delivers it after the commit: a subscriber that
     * reads again sees the change. The other nodes hear of it when the batch commits (see LiveNotices).
     */
    private void changed(TenantId tenant, ItemId item) {
        live.changed(new ReadModelChanged(tenant, item), ITEM_VIEWS);
    }

    @QueryHandler
    Optional<ItemView> handle(FindItemQuery q) {
        return items.view(q.tenantId().value(), q.itemId().value());
    }

    @QueryHandler
    Optional<ItemView> handle(FindItemByBarcodeQuery q) {
        return items.viewByBarcode(q.tenantId().value(), q.barcode());
    }

    @QueryHandler
    ItemPage handle(FindItemsQuery q) {
        InventoryViewRepository.Page page = items.search(q);
        int pages = (int) Math.max(1, (page.total() + q.limit() - 1) / q.limit());
        return new ItemPage(page.items(), page.total(), q.page(), pages);
    }

    @QueryHandler
    LowStockList handle(FindLowStockQuery q) {
        return new LowStockList(items.lowStock(q.tenantId().value(), q.limit()));
    }

    @QueryHandler
    ItemCounts handle(CountItemsQuery q) {
        InventoryViewRepository.Counts c = items.counts(q.tenantId().value());
        return new ItemCounts(
                c.total(), c.low(), c.out(), items.byCategory(q.tenantId().value()));
    }
}
