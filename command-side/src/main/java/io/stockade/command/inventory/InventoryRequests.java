package io.stockade.command.inventory;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.stockade.api.common.CategoryId;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.TenantId;
import io.stockade.api.inventory.AdjustmentType;
import io.stockade.api.inventory.CreateItem;
import io.stockade.api.inventory.InventoryCommands.UpdateItemDetailsCommand;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Request bodies of the inventory write API (seed 004 plus count and effective time); a create is {@link CreateItem}. */
final class InventoryRequests {
    static final int MAX_QUANTITY = CreateItem.MAX_QUANTITY;

    private InventoryRequests() {}

    record CreateItems(@NotEmpty @Size(max = 1000) List<@Valid @NotNull CreateItem> items) {}

    /** Every field optional; {@code currentStock} is accepted only to be refused with a pointer. */
    record UpdateItem(
            @Size(min = 1, max = 255) String name,
            @Size(min = 1, max = 100) String location,
            @JsonAlias("category") UUID categoryId,
            @JsonAlias("subCategory") UUID subCategoryId,
            @Size(max = 50) String shelf,
            @Size(max = 2000) String description,
            @PositiveOrZero @Max(MAX_QUANTITY) Integer minThreshold,
            // Not part of the documented request: sending it is refused with a pointer to the stock endpoints.
            @Schema(hidden = true) Integer currentStock) {

        /** Only what the request names changes; the item decides the rest (and checks the version if given). */
        UpdateItemDetailsCommand toCommand(ItemId id, TenantId tenant, Long expectedVersion) {
            return new UpdateItemDetailsCommand(
                    id,
                    tenant,
                    expectedVersion,
                    name,
                    location,
                    categoryId == null ? null : new CategoryId(categoryId),
                    subCategoryId == null ? null : new CategoryId(subCategoryId),
                    shelf,
                    description,
                    minThreshold);
        }
    }

    record AdjustStock(
            @NotNull @Positive @Max(MAX_QUANTITY) Integer quantity,
            @NotBlank @Size(max = 500) String reason,
            @NotNull AdjustmentType type,
            Instant effectiveAt) {}

    record CountStock(
            @NotNull @PositiveOrZero @Max(MAX_QUANTITY) Integer countedQuantity,
            @NotBlank @Size(max = 500) String reason,
            Instant effectiveAt) {}
}
