package io.stockade.api.inventory;

import io.stockade.api.common.CategoryId;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.MessageType;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.TransactionId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands of the InventoryItem aggregate. Tenant travels in every command; the aggregate checks it. */
public final class InventoryCommands {
    private InventoryCommands() {}

    /** {@code sku} may be null: the command side generates one. The barcode is always generated. */
    @MessageType("stockade.inventory.CreateItem")
    public record CreateItemCommand(
            @TargetAggregateIdentifier ItemId itemId,
            TenantId tenantId,
            String name,
            String sku,
            String location,
            CategoryId categoryId,
            CategoryId subCategoryId,
            String shelf,
            String description,
            int initialStock,
            int minThreshold) {}

    /** Null fields are left as they are; the stock is never changed here. */
    @MessageType("stockade.inventory.UpdateItemDetails")
    public record UpdateItemDetailsCommand(
            @TargetAggregateIdentifier ItemId itemId,
            TenantId tenantId,
            Long expectedVersion,
            String name,
            String location,
            CategoryId categoryId,
            CategoryId subCategoryId,
            String shelf,
            String description,
            Integer minThreshold) {}

    @MessageType("stockade.inventory.AdjustStock")
    public record AdjustStockCommand(
            @TargetAggregateIdentifier ItemId itemId,
            TenantId tenantId,
            TransactionId transactionId,
            AdjustmentType type,
            int quantity,
            String reason,
            Instant effectiveAt) {}

    @MessageType("stockade.inventory.CountStock")
    public record CountStockCommand(
            @TargetAggregateIdentifier ItemId itemId,
            TenantId tenantId,
            TransactionId transactionId,
            int countedQuantity,
            String reason,
            Instant effectiveAt) {}

    @MessageType("stockade.inventory.ChangeItemImage")
    public record ChangeItemImageCommand(
            @TargetAggregateIdentifier ItemId itemId, TenantId tenantId, String imageRef) {}

    @MessageType("stockade.inventory.ArchiveItem")
    public record ArchiveItemCommand(
            @TargetAggregateIdentifier ItemId itemId, TenantId tenantId) {}

    /**
     * The item as a command left it: what a write answers with, so that no answer waits for (or mixes in) a
     * read model. {@code version} is the aggregate's sequence number, the ETag that {@code If-Match} checks.
     * Category names are not the item's: the command side adds them from its own category look-up.
     */
    public record ItemState(
            ItemId itemId,
            String sku,
            String name,
            String barcode,
            int currentStock,
            int minThreshold,
            String location,
            CategoryId categoryId,
            CategoryId subCategoryId,
            String shelf,
            String description,
            String imageRef,
            boolean archived,
            long version,
            Instant createdAt,
            Instant updatedAt) {

        public StockStatus status() {
            return StockStatus.of(currentStock, minThreshold);
        }
    }

    /**
     * What a stock command reports back: the movement and the item right after it, from the same decision, so
     * an answer's {@code item.currentStock} is always its own {@code stockAfter}.
     */
    public record StockMovementResult(
            ItemId itemId,
            TransactionId transactionId,
            AdjustmentType type,
            int quantity,
            int stockBefore,
            int stockAfter,
            Instant effectiveAt,
            long version,
            MovementSource source,
            ItemState item) {}
}
