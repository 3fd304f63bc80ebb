package io.stockade.query.audit.asof;

import io.stockade.api.common.CategoryId;
import io.stockade.api.inventory.InventoryEvents.ItemArchivedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemCreatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemDetailsUpdatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemImageChangedEvent;
import io.stockade.api.inventory.InventoryEvents.MinThresholdChangedEvent;
import io.stockade.api.inventory.InventoryEvents.StockAdjustedEvent;
import io.stockade.api.inventory.MovementSource;
import io.stockade.platform.axon.WriteBehind;
import io.stockade.query.audit.asof.AsOfRepository.Movement;
import io.stockade.query.audit.asof.AsOfRepository.Stored;
import io.stockade.query.audit.asof.AsOfRepository.Version;
import io.stockade.query.writebehind.StoredPosition;
import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

/**
 * The bitemporal projection behind "stock as of a date": every movement with both of its times and its signed
 * quantity, and one full version of the item per change with its recorded time. Idempotent (a row per item and
 * stream sequence, written once) and replayable: the reset empties both tables. Creations and movements (nearly
 * every event of a replay) are written behind in the processor's batch (docs/adr/0002-write-behind-projections.md);
 * the other changes read the version before them, so they first send what is waiting. Each row's position is the
 * event's own in the event store (see {@link StoredPosition}).
 */
@Component
@ProcessingGroup(AsOfProjection.GROUP)
class AsOfProjection {
    static final String GROUP = "audit-asof";
    private final AsOfRepository rows;

    AsOfProjection(AsOfRepository rows) {
        this.rows = rows;
    }

    @EventHandler
    @WriteBehind.Buffered
    void on(
            ItemCreatedEvent e,
            @SequenceNumber long seq,
            @Timestamp Instant at,
            TrackingToken token,
            EventMessage<?> event) {
        rows.insertVersion(
                e.tenantId().value(),
                new Version(
                        e.itemId().value(),
                        seq,
                        position(token),
                        at,
                        e.name(),
                        e.sku(),
                        e.barcode(),
                        e.location(),
                        id(e.categoryId()),
                        id(e.subCategoryId()),
                        e.shelf(),
                        e.description(),
                        e.minThreshold(),
                        null,
                        false),
                stored(token, event));
    }

    @EventHandler
    void on(
            ItemDetailsUpdatedEvent e,
            @SequenceNumber long seq,
            @Timestamp Instant at,
            TrackingToken token,
            EventMessage<?> event) {
        change(
                e.tenantId().value(),
                e.itemId().value(),
                seq,
                at,
                token,
                event,
                v -> new Version(
                        v.itemId(),
                        v.sequence(),
                        v.position(),
                        v.recordedAt(),
                        e.name(),
                        v.sku(),
                        v.barcode(),
                        e.location(),
                        id(e.categoryId()),
                        id(e.subCategoryId()),
                        e.shelf(),
                        e.description(),
                        v.minThreshold(),
                        v.imageRef(),
                        v.archived()));
    }

    @EventHandler
    void on(
            MinThresholdChangedEvent e,
            @SequenceNumber long seq,
            @Timestamp Instant at,
            TrackingToken token,
            EventMessage<?> event) {
        change(e.tenantId().value(), e.itemId().value(), seq, at, token, event, v -> v.withThreshold(e.minThreshold()));
    }

    @EventHandler
    void on(
            ItemImageChangedEvent e,
            @SequenceNumber long seq,
            @Timestamp Instant at,
            TrackingToken token,
            EventMessage<?> event) {
        change(e.tenantId().value(), e.itemId().value(), seq, at, token, event, v -> v.withImage(e.imageRef()));
    }

    @EventHandler
    void on(
            ItemArchivedEvent e,
            @SequenceNumber long seq,
            @Timestamp Instant at,
            TrackingToken token,
            EventMessage<?> event) {
        change(e.tenantId().value(), e.itemId().value(), seq, at, token, event, Version::archive);
    }

    /** A movement applies its recorded signed quantity at its effective time (see {@link #effective}). */
    @EventHandler
    @WriteBehind.Buffered
    void on(
            StockAdjustedEvent e,
            @SequenceNumber long seq,
            @Timestamp Instant at,
            TrackingToken token,
            EventMessage<?> event) {
        rows.insertMovement(
                e.tenantId().value(),
                new Movement(
                        e.itemId().value(),
                        seq,
                        position(token),
                        at,
                        effective(e, at),
                        e.type().signed(e.quantity())),
                stored(token, event));
    }

    /**
     * When a movement took effect: the time it names, but never later than when it was recorded (the aggregate
     * reads the clock for "now" a moment before the event is stamped, the event store keeps that stamp to the
     * millisecond, and two minutes of clock skew are accepted), and an item's initial stock with its creation.
     */
    static Instant effective(StockAdjustedEvent e, Instant recorded) {
        Instant named = e.effectiveAt();
        if (named == null || e.source() == MovementSource.INITIAL || named.isAfter(recorded)) {
            return recorded;
        }
        return named;
    }

    @ResetHandler
    void reset() {
        rows.truncate();
    }

    /** The version before this event, changed, as a new version recorded at the event's time. */
    private void change(
            UUID tenant,
            UUID item,
            long seq,
            Instant at,
            TrackingToken token,
            EventMessage<?> event,
            UnaryOperator<Version> change) {
        rows.versionBefore(tenant, item, seq)
                .ifPresent(previous -> rows.insertVersion(
                        tenant, change.apply(previous).at(seq, position(token), at), stored(token, event)));
    }

    /** The event's identifier, and whether the token names its own position (see {@link StoredPosition}). */
    private static Stored stored(TrackingToken token, EventMessage<?> event) {
        return new Stored(event.getIdentifier(), StoredPosition.exact(token));
    }

    /** The token's position: the event's own where {@link StoredPosition#exact}, else replaced as the row is written. */
    private static Long position(TrackingToken token) {
        if (token == null) {
            return null;
        }
        var position = token.position();
        return position.isPresent() ? position.getAsLong() : null;
    }

    private static UUID id(CategoryId id) {
        return id == null ? null : id.value();
    }
}
