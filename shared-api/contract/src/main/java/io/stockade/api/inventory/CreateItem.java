package io.stockade.api.inventory;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.stockade.api.common.CategoryId;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.TenantId;
import io.stockade.api.inventory.InventoryCommands.CreateItemCommand;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * Seed 004's item to create, with its limits: the body of {@code POST /api/inventory}, each item of a batch,
 * and each row of a catalogue import, so that every way in checks an item the same way.
 */
public record CreateItem(
        @NotBlank @Size(max = 255) String name,

        @Size(max = 64)
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._/-]*", message = "may contain letters, digits and . _ / - only")
        String sku,

        @NotBlank @Size(max = 100) String location,
        @JsonAlias("category") UUID categoryId,
        @JsonAlias("subCategory") UUID subCategoryId,
        @Size(max = 50) String shelf,
        @Size(max = 2000) String description,
        @PositiveOrZero @Max(MAX_QUANTITY) Integer currentStock,
        @PositiveOrZero @Max(MAX_QUANTITY) Integer minThreshold) {
    public static final int MAX_QUANTITY = 1_000_000_000;

    /** Seed 004's defaults: no stock given is 0, no threshold given is 10. */
    public CreateItemCommand toCommand(ItemId id, TenantId tenant) {
        return new CreateItemCommand(
                id,
                tenant,
                name,
                sku,
                location,
                categoryId == null ? null : new CategoryId(categoryId),
                subCategoryId == null ? null : new CategoryId(subCategoryId),
                shelf,
                description,
                currentStock == null ? 0 : currentStock,
                minThreshold == null ? 10 : minThreshold);
    }
}
