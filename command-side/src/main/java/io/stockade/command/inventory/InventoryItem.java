package io.stockade.command.inventory;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.stockade.api.alerts.AlertMessages.AlertRecipient;
import io.stockade.api.alerts.AlertMessages.LowStockAlertRaisedEvent;
import io.stockade.api.alerts.AlertMessages.RaiseLowStockAlertCommand;
import io.stockade.api.common.CategoryId;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.TransactionId;
import io.stockade.api.common.UserId;
import io.stockade.api.inventory.AdjustmentType;
import io.stockade.api.inventory.InventoryCommands.AdjustStockCommand;
import io.stockade.api.inventory.InventoryCommands.ArchiveItemCommand;
import io.stockade.api.inventory.InventoryCommands.ChangeItemImageCommand;
import io.stockade.api.inventory.InventoryCommands.CountStockCommand;
import io.stockade.api.inventory.InventoryCommands.ItemState;
import io.stockade.api.inventory.InventoryCommands.StockMovementResult;
import io.stockade.api.inventory.InventoryCommands.UpdateItemDetailsCommand;
import io.stockade.api.inventory.InventoryEvents.ItemArchivedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemBecameLowOnStockEvent;
import io.stockade.api.inventory.InventoryEvents.ItemCreatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemDetailsUpdatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemImageChangedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemStockRecoveredEvent;
import io.stockade.api.inventory.InventoryEvents.MinThresholdChangedEvent;
import io.stockade.api.inventory.InventoryEvents.StockAdjustedEvent;
import io.stockade.api.inventory.MovementSource;
import io.stockade.api.inventory.StockStatus;
import io.stockade.platform.axon.AuditMetadata;
import io.stockade.platform.errors.DomainRuleViolation;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One stock-keeping item. Decides on commands, then applies events; state changes only in the
 * event-sourcing handlers. Snapshots are its fields as JSON. Invariants: stock never below zero, threshold never negative, nothing
 * changes once archived, and nothing crosses organisations (a foreign tenant sees "not found").
 * Revision 2 added what a low-stock alert names (name, SKU, categories, the episode's last reminder);
 * revision 3 everything a write answers with (barcode, location, shelf, description, image, times), so
 * answers come from the item itself and never from a read model. Snapshots of older revisions are ignored
 * and the item is rebuilt from its events.
 */
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@Revision("3")
@Aggregate(snapshotTriggerDefinition = "inventoryItemSnapshotTrigger", cache = "inventoryItemCache")
class InventoryItem {
    static final String INSUFFICIENT_STOCK = "insufficient-stock";
    static final String ARCHIVED = "item-archived";

    @AggregateIdentifier
    private ItemId itemId;

    private TenantId tenantId;
    private int currentStock;
    private int minThreshold;
    private boolean archived;
    private String name;
    private String sku;
    private CategoryId categoryId;
    private CategoryId subCategoryId;
    private String barcode;
    private String location;
    private String shelf;
    private String description;
    private String imageRef;
    private Instant createdAt;
    private Instant updatedAt;
    /** The last alert raised in the current low-stock episode: -1 none yet, 0 the first, 1.. reminders. */
    private int alertLevel = -1;

    InventoryItem() {
        // for Axon
    }

    /** Created by {@link ItemCreation} once the SKU and barcode are reserved. */
    InventoryItem(ItemCreatedEvent created, int initialStock, UserId actor, String reason, Instant effectiveAt) {
        requireNonNegative("minThreshold", created.minThreshold());
        requireNonNegative("currentStock", initialStock);
        apply(created);
        if (initialStock > 0) {
            apply(new StockAdjustedEvent(
                    created.itemId(),
                    created.tenantId(),
                    TransactionId.random(),
                    AdjustmentType.ADDITION,
                    initialStock,
                    0,
                    initialStock,
                    PersonalValue.of(actor, reason),
                    effectiveAt,
                    MovementSource.INITIAL,
                    null));
        }
        if (StockStatus.isLow(initialStock, created.minThreshold())) {
            apply(new ItemBecameLowOnStockEvent(
                    created.itemId(), created.tenantId(), initialStock, created.minThreshold()));
        }
    }

    /**
     * The categories the item would have after the change, before they are checked against the category
     * look-up (by {@link ItemDetailsChange}). Category and sub-category travel as a pair: a new category
     * without a sub-category clears the sub-category.
     */
    CategoryPair categoriesAfter(UpdateItemDetailsCommand cmd) {
        guardVisible(cmd.tenantId());
        Long version = AggregateLifecycle.getVersion();
        if (cmd.expectedVersion() != null && !Objects.equals(cmd.expectedVersion(), version)) {
            throw DomainRuleViolation.stale("The item was changed by someone else (version " + version + ", you sent "
                    + cmd.expectedVersion() + "); reload it and try again");
        }
        CategoryId category = cmd.categoryId() != null ? cmd.categoryId() : categoryId;
        CategoryId sub = cmd.subCategoryId() != null
                ? cmd.subCategoryId()
                : cmd.categoryId() != null && !cmd.categoryId().equals(categoryId) ? null : subCategoryId;
        return new CategoryPair(category, sub, cmd.categoryId() != null || cmd.subCategoryId() != null);
    }

    /** Applies only the fields the command carries (null: unchanged; a blank shelf or description: cleared). */
    ItemState updateDetails(UpdateItemDetailsCommand cmd, CategoryPair categories) {
        apply(new ItemDetailsUpdatedEvent(
                itemId,
                tenantId,
                cmd.name() != null ? cmd.name().strip() : name,
                cmd.location() != null ? cmd.location().strip() : location,
                categories.category(),
                categories.subCategory(),
                cmd.shelf() != null ? blankToNull(cmd.shelf()) : shelf,
                cmd.description() != null ? blankToNull(cmd.description()) : description));
        if (cmd.minThreshold() != null && cmd.minThreshold() != minThreshold) {
            requireNonNegative("minThreshold", cmd.minThreshold());
            boolean wasLow = StockStatus.isLow(currentStock, minThreshold);
            apply(new MinThresholdChangedEvent(itemId, tenantId, minThreshold, cmd.minThreshold()));
            announceLowStockChange(wasLow);
        }
        return state();
    }

    /** What every write answers with: the item as this command left it. */
    ItemState state() {
        return new ItemState(
                itemId,
                sku,
                name,
                barcode,
                currentStock,
                minThreshold,
                location,
                categoryId,
                subCategoryId,
                shelf,
                description,
                imageRef,
                archived,
                AggregateLifecycle.getVersion(),
                createdAt,
                updatedAt);
    }

    @CommandHandler
    StockMovementResult handle(AdjustStockCommand cmd, @MetaDataValue(AuditMetadata.USER_ID) String actor) {
        guard(cmd.tenantId());
        if (cmd.quantity() <= 0) {
            throw DomainRuleViolation.invalid("quantity", "quantity must be greater than 0");
        }
        requireReason(cmd.reason());
        int after = cmd.type() == AdjustmentType.ADDITION
                ? Math.addExact(currentStock, cmd.quantity())
                : currentStock - cmd.quantity();
        if (after < 0) {
            throw DomainRuleViolation.rule(
                    INSUFFICIENT_STOCK, "Cannot deduct " + cmd.quantity() + ": only " + currentStock + " in stock");
        }
        return move(
                cmd.transactionId(),
                cmd.type(),
                cmd.quantity(),
                after,
                cmd.reason(),
                cmd.effectiveAt(),
                MovementSource.ADJUSTMENT,
                null,
                actor);
    }

    /** A stocktake: the counted quantity becomes the stock, the variance becomes a ledger line marked as a count. */
    @CommandHandler
    StockMovementResult handle(CountStockCommand cmd, @MetaDataValue(AuditMetadata.USER_ID) String actor) {
        guard(cmd.tenantId());
        requireNonNegative("countedQuantity", cmd.countedQuantity());
        requireReason(cmd.reason());
        int variance = cmd.countedQuantity() - currentStock;
        AdjustmentType type = variance >= 0 ? AdjustmentType.ADDITION : AdjustmentType.DEDUCTION;
        return move(
                cmd.transactionId(),
                type,
                Math.abs(variance),
                cmd.countedQuantity(),
                cmd.reason(),
                cmd.effectiveAt(),
                MovementSource.COUNT,
                cmd.countedQuantity(),
                actor);
    }

    private StockMovementResult move(
            TransactionId transactionId,
            AdjustmentType type,
            int quantity,
            int after,
            String reason,
            Instant effectiveAt,
            MovementSource source,
            Integer counted,
            String actor) {
        int before = currentStock;
        // No effective time given means "now": the same instant the event is recorded.
        Instant effective = effectiveAt != null ? effectiveAt : GenericEventMessage.clock.instant();
        boolean wasLow = StockStatus.isLow(currentStock, minThreshold);
        UserId subject = actor == null ? SYSTEM_SUBJECT : UserId.of(actor);
        apply(new StockAdjustedEvent(
                itemId,
                tenantId,
                transactionId,
                type,
                quantity,
                before,
                after,
                PersonalValue.of(subject, reason.strip()),
                effective,
                source,
                counted));
        announceLowStockChange(wasLow);
        ItemState state = state();
        return new StockMovementResult(
                itemId, transactionId, type, quantity, before, after, effective, state.version(), source, state);
    }

    /** Changes that the system makes without a person (none yet reach here without one; kept explicit). */
    static final UserId SYSTEM_SUBJECT = new UserId(new UUID(0, 0));

    @CommandHandler
    ItemState handle(ChangeItemImageCommand cmd) {
        guardVisible(cmd.tenantId());
        apply(new ItemImageChangedEvent(itemId, tenantId, cmd.imageRef()));
        return state();
    }

    @CommandHandler
    ItemState handle(ArchiveItemCommand cmd) {
        guardVisible(cmd.tenantId());
        apply(new ItemArchivedEvent(itemId, tenantId));
        return state();
    }

    /**
     * Tells the people who want to know that the item is low. Raises nothing when the item recovered or was
     * archived before the alert got here, or when this alert (or a later one) was already raised in this
     * low-stock episode: a retried or replayed saga step never alerts twice.
     */
    @CommandHandler
    void handle(RaiseLowStockAlertCommand cmd) {
        if (!tenantId.equals(cmd.tenantId())) {
            throw DomainRuleViolation.notFound("Item");
        }
        if (archived || !StockStatus.isLow(currentStock, minThreshold) || cmd.reminder() <= alertLevel) {
            return;
        }
        boolean escalated = cmd.reminder() > 0;
        List<AlertRecipient> recipients = cmd.audience().stream()
                .map(a -> a.toldOf(categoryId, subCategoryId))
                .flatMap(Optional::stream)
                .toList();
        apply(new LowStockAlertRaisedEvent(
                itemId, tenantId, cmd.reminder(), escalated, name, sku, currentStock, minThreshold, recipients));
    }

    private void announceLowStockChange(boolean wasLow) {
        boolean isLow = StockStatus.isLow(currentStock, minThreshold);
        if (isLow && !wasLow) {
            apply(new ItemBecameLowOnStockEvent(itemId, tenantId, currentStock, minThreshold));
        } else if (!isLow && wasLow) {
            apply(new ItemStockRecoveredEvent(itemId, tenantId, currentStock, minThreshold));
        }
    }

    /** For writes that address the item as the lists show it: once archived it is gone from them (404). */
    private void guardVisible(TenantId tenant) {
        if (!tenantId.equals(tenant) || archived) {
            throw DomainRuleViolation.notFound("Item");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private void guard(TenantId tenant) {
        if (!tenantId.equals(tenant)) {
            throw DomainRuleViolation.notFound("Item");
        }
        if (archived) {
            throw DomainRuleViolation.rule(ARCHIVED, "The item is archived and can no longer change");
        }
    }

    private static void requireNonNegative(String field, int value) {
        if (value < 0) {
            throw DomainRuleViolation.invalid(field, field + " must be 0 or more");
        }
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw DomainRuleViolation.invalid("reason", "reason is required");
        }
    }

    @EventSourcingHandler
    void on(ItemCreatedEvent e, @Timestamp Instant at) {
        createdAt = at;
        updatedAt = at;
        barcode = e.barcode();
        location = e.location();
        shelf = e.shelf();
        description = e.description();
        itemId = e.itemId();
        tenantId = e.tenantId();
        minThreshold = e.minThreshold();
        name = e.name();
        sku = e.sku();
        categoryId = e.categoryId();
        subCategoryId = e.subCategoryId();
    }

    @EventSourcingHandler
    void on(ItemDetailsUpdatedEvent e, @Timestamp Instant at) {
        name = e.name();
        location = e.location();
        categoryId = e.categoryId();
        subCategoryId = e.subCategoryId();
        shelf = e.shelf();
        description = e.description();
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(ItemImageChangedEvent e, @Timestamp Instant at) {
        imageRef = e.imageRef();
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(ItemBecameLowOnStockEvent e) {
        alertLevel = -1;
    }

    @EventSourcingHandler
    void on(LowStockAlertRaisedEvent e) {
        alertLevel = e.reminder();
    }

    // The read model's updatedAt moves with these events (and not with alert bookkeeping): the same here.
    @EventSourcingHandler
    void on(StockAdjustedEvent e, @Timestamp Instant at) {
        currentStock = e.stockAfter();
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(MinThresholdChangedEvent e, @Timestamp Instant at) {
        minThreshold = e.minThreshold();
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(ItemArchivedEvent e, @Timestamp Instant at) {
        archived = true;
        updatedAt = at;
    }

    // Only test fixtures read these.
    int currentStock() {
        return currentStock;
    }
}
