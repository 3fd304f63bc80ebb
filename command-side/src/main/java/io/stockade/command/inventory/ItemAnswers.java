package io.stockade.command.inventory;

import io.stockade.api.category.CategoryDirectory.CategoryEntry;
import io.stockade.api.common.CategoryId;
import io.stockade.api.common.TenantId;
import io.stockade.api.inventory.InventoryCommands.ItemState;
import io.stockade.api.inventory.InventoryCommands.StockMovementResult;
import io.stockade.api.inventory.InventoryQueries.ItemView;
import io.stockade.api.inventory.InventoryQueries.TransactionView;
import io.stockade.platform.media.ItemLinks;
import io.stockade.platform.security.CurrentUser;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Builds seed 004's answers from what a command reported: the item as the command left it, named categories
 * from the category look-up, signed links. Nothing here reads a read model, so an answer never mixes two
 * moments of the item.
 */
@Component
class ItemAnswers {
    private final ItemCategories categories;
    private final ItemLinks links;
    private final Clock clock;

    ItemAnswers(ItemCategories categories, ItemLinks links, Clock clock) {
        this.categories = categories;
        this.links = links;
        this.clock = clock;
    }

    /** {@code {"item": …}} */
    record ItemAnswer(ItemView item) {}

    /** {@code {"item": …, "barcode": …}}: a create also names the generated barcode at the top. */
    record CreatedItemAnswer(ItemView item, String barcode) {}

    /** {@code {"item": …, "transaction": …}}: the item right after the movement, and its ledger line. */
    record MovementAnswer(ItemView item, TransactionView transaction) {}

    /** {@code {"created": n, "ids": […], "errors": [{index, field, message}]}} */
    record BatchAnswer(long created, List<String> ids, List<BatchError> errors) {}

    record BatchError(int index, String field, String message) {}

    ItemView item(TenantId tenant, ItemState s) {
        // A category deleted since the item last changed is dropped, as the read model drops it.
        Optional<CategoryEntry> category = categories.find(tenant, s.categoryId());
        Optional<CategoryEntry> sub =
                category.isPresent() ? categories.find(tenant, s.subCategoryId()) : Optional.empty();
        ItemView view = new ItemView(
                s.itemId().toString(),
                s.sku(),
                s.name(),
                s.barcode(),
                s.currentStock(),
                s.minThreshold(),
                s.status(),
                s.location(),
                category.map(c -> id(c.id())).orElse(null),
                category.map(CategoryEntry::name).orElse(null),
                sub.map(c -> id(c.id())).orElse(null),
                sub.map(CategoryEntry::name).orElse(null),
                s.shelf(),
                s.description(),
                s.imageRef(),
                null,
                null,
                s.archived(),
                s.version(),
                s.createdAt(),
                s.updatedAt());
        return links.apply(tenant, view);
    }

    MovementAnswer movement(CurrentUser user, StockMovementResult r, String reason) {
        ItemView item = item(user.tenantId(), r.item());
        TransactionView tx = new TransactionView(
                r.transactionId().toString(),
                clock.instant(),
                r.effectiveAt(),
                item.id(),
                item.name(),
                item.sku(),
                user.userId().toString(),
                user.username(),
                r.type().signed(r.quantity()),
                r.quantity(),
                reason.strip(),
                r.type(),
                r.source().wire(),
                r.stockAfter());
        return new MovementAnswer(item, tx);
    }

    private static String id(CategoryId id) {
        return id.toString();
    }
}
