package io.stockade.api.inventory;

import io.stockade.api.common.CategoryId;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.MessageType;
import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.TransactionId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * Events of the InventoryItem aggregate: the audit trail itself. Who, from where and why travel
 * in the event's metadata; the recorded time is the event's timestamp.
 */
public final class InventoryEvents {
    private InventoryEvents() {}

    @MessageType("stockade.inventory.ItemCreated")
    @Revision("1")
    public record ItemCreatedEvent(
            ItemId itemId,
            TenantId tenantId,
            String name,
            String sku,
            String barcode,
            String location,
            CategoryId categoryId,
            CategoryId subCategoryId,
            String shelf,
            String description,
            int minThreshold) {}

    @MessageType("stockade.inventory.ItemDetailsUpdated")
    @Revision("1")
    public record ItemDetailsUpdatedEvent(
            ItemId itemId,
            TenantId tenantId,
            String name,
            String location,
            CategoryId categoryId,
            CategoryId subCategoryId,
            String shelf,
            String description) {}

    @MessageType("stockade.inventory.MinThresholdChanged")
    @Revision("1")
    public record MinThresholdChangedEvent(ItemId itemId, TenantId tenantId, int previousThreshold, int minThreshold) {}

    /**
     * One ledger line. {@code effectiveAt} is when it happened in the warehouse (may be back-dated);
     * the event timestamp is when it was recorded. Counts carry the counted quantity.
     */
    @MessageType("stockade.inventory.StockAdjusted")
    @Revision("1")
    public record StockAdjustedEvent(
            ItemId itemId,
            TenantId tenantId,
            TransactionId transactionId,
            AdjustmentType type,
            int quantity,
            int stockBefore,
            int stockAfter,
            PersonalValue reason,
            Instant effectiveAt,
            MovementSource source,
            Integer countedQuantity) {}

    @MessageType("stockade.inventory.ItemBecameLowOnStock")
    @Revision("1")
    public record ItemBecameLowOnStockEvent(ItemId itemId, TenantId tenantId, int currentStock, int minThreshold) {}

    @MessageType("stockade.inventory.ItemStockRecovered")
    @Revision("1")
    public record ItemStockRecoveredEvent(ItemId itemId, TenantId tenantId, int currentStock, int minThreshold) {}

    @MessageType("stockade.inventory.ItemImageChanged")
    @Revision("1")
    public record ItemImageChangedEvent(ItemId itemId, TenantId tenantId, String imageRef) {}

    @MessageType("stockade.inventory.ItemArchived")
    @Revision("1")
    public record ItemArchivedEvent(ItemId itemId, TenantId tenantId) {}
}
