package io.stockade.query.audit.asof;

import io.stockade.api.inventory.AdjustmentType;
import io.stockade.api.inventory.InventoryEvents.ItemArchivedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemCreatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemDetailsUpdatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemImageChangedEvent;
import io.stockade.api.inventory.InventoryEvents.MinThresholdChangedEvent;
import io.stockade.api.inventory.InventoryEvents.StockAdjustedEvent;
import io.stockade.api.inventory.MovementSource;
import io.stockade.query.audit.asof.AsOfViews.Anomaly;
import io.stockade.query.audit.asof.AsOfViews.InventoryLine;
import io.stockade.query.audit.asof.AsOfViews.ItemAsOf;
import io.stockade.query.audit.asof.AsOfViews.ItemDetails;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The README's as-of semantics as a plain fold over the stored events, written without the projection or SQL: what
 * every answer at (at, knownAt) must equal.
 */
final class AsOfOracle {
    /** A stored event as the projection receives it: its place in the store and in its item's stream, its time. */
    record Stored(long position, UUID item, long sequence, Instant recordedAt, Object payload) {}

    private final List<Stored> events;

    AsOfOracle(List<Stored> events) {
        this.events = List.copyOf(events);
    }

    /** The item at (at, knownAt), empty when the store has no such item at all. */
    Optional<ItemAsOf> item(UUID item, Instant at, Instant knownAt) {
        Instant recordedBy = at.isBefore(knownAt) ? at : knownAt;
        Stored creation = null;
        State state = null;
        long stock = 0;
        for (Stored e : events) {
            if (!e.item().equals(item)) {
                continue;
            }
            if (e.payload() instanceof ItemCreatedEvent) {
                creation = e;
            }
            if (e.payload() instanceof StockAdjustedEvent m) {
                if (!e.recordedAt().isAfter(knownAt) && !effective(e, m).isAfter(at)) {
                    stock += signed(m);
                }
            } else if (!e.recordedAt().isAfter(recordedBy)) {
                state = State.apply(state, e);
            }
        }
        if (creation == null) {
            return Optional.empty();
        }
        Instant created = creation.recordedAt();
        List<Anomaly> anomalies = anomalies(item, knownAt).stream()
                .filter(a -> !a.effectiveAt().isAfter(at))
                .toList();
        return Optional.of(new ItemAsOf(
                item.toString(),
                at,
                knownAt,
                state != null,
                created.isAfter(knownAt) ? null : created,
                stock,
                state == null ? null : state.minThreshold,
                state == null ? null : state.archived,
                state == null ? null : state.details(),
                state == null ? null : state.recordedAt,
                anomalies));
    }

    /** Every item that existed at min(at, knownAt), by name then id, with its stock at (at, knownAt). */
    List<InventoryLine> inventory(Instant at, Instant knownAt) {
        List<InventoryLine> lines = new ArrayList<>();
        events.stream()
                .filter(e -> e.payload() instanceof ItemCreatedEvent)
                .map(Stored::item)
                .distinct()
                .forEach(id -> item(id, at, knownAt)
                        .filter(ItemAsOf::existed)
                        .ifPresent(i -> lines.add(new InventoryLine(
                                i.itemId(),
                                i.details().name(),
                                i.details().sku(),
                                i.details().location(),
                                i.details().categoryId(),
                                i.details().subCategoryId(),
                                i.minThreshold(),
                                i.archived(),
                                i.stock()))));
        // PostgreSQL orders UUIDs by their bytes, as their lower-case text sorts (Java compares them as signed longs).
        lines.sort(Comparator.comparing(InventoryLine::name).thenComparing(InventoryLine::itemId));
        return lines;
    }

    /** The item's movements recorded by knownAt in effective order (ties by stream order), flagged as the README says. */
    List<Anomaly> anomalies(UUID item, Instant knownAt) {
        Instant created = events.stream()
                .filter(e -> e.item().equals(item) && e.payload() instanceof ItemCreatedEvent)
                .map(Stored::recordedAt)
                .findFirst()
                .orElse(null);
        List<Stored> movements = new ArrayList<>();
        for (Stored e : events) {
            if (e.item().equals(item)
                    && e.payload() instanceof StockAdjustedEvent
                    && !e.recordedAt().isAfter(knownAt)) {
                movements.add(e);
            }
        }
        movements.sort(Comparator.comparing((Stored e) -> effective(e, (StockAdjustedEvent) e.payload()))
                .thenComparingLong(Stored::sequence));
        List<Anomaly> flagged = new ArrayList<>();
        long balance = 0;
        for (Stored e : movements) {
            StockAdjustedEvent m = (StockAdjustedEvent) e.payload();
            Instant effective = effective(e, m);
            balance += signed(m);
            List<String> kinds = new ArrayList<>();
            if (balance < 0) {
                kinds.add(AsOfViews.NEGATIVE_BALANCE);
            }
            if (created != null && effective.isBefore(created)) {
                kinds.add(AsOfViews.BEFORE_CREATION);
            }
            if (!kinds.isEmpty()) {
                flagged.add(new Anomaly(
                        item.toString(),
                        kinds,
                        e.sequence(),
                        e.position(),
                        e.recordedAt(),
                        effective,
                        signed(m),
                        balance,
                        created));
            }
        }
        return flagged;
    }

    /** Named, or when recorded: if it names none, names a later time, or is the initial stock of a creation. */
    private static Instant effective(Stored e, StockAdjustedEvent m) {
        if (m.source() == MovementSource.INITIAL) {
            return e.recordedAt();
        }
        if (m.effectiveAt() == null) {
            return e.recordedAt();
        }
        return m.effectiveAt().isBefore(e.recordedAt()) ? m.effectiveAt() : e.recordedAt();
    }

    private static int signed(StockAdjustedEvent m) {
        return m.type() == AdjustmentType.ADDITION ? m.quantity() : -m.quantity();
    }

    /** The item's details folded from its creation and changes. */
    private static final class State {
        String name;
        String sku;
        String barcode;
        String location;
        String category;
        String subCategory;
        String shelf;
        String description;
        int minThreshold;
        String imageRef;
        boolean archived;
        Instant recordedAt;

        static State apply(State s, Stored e) {
            if (e.payload() instanceof ItemCreatedEvent c) {
                s = new State();
                s.name = c.name();
                s.sku = c.sku();
                s.barcode = c.barcode();
                s.location = c.location();
                s.category = c.categoryId() == null ? null : c.categoryId().toString();
                s.subCategory =
                        c.subCategoryId() == null ? null : c.subCategoryId().toString();
                s.shelf = c.shelf();
                s.description = c.description();
                s.minThreshold = c.minThreshold();
            } else if (s == null) {
                return null;
            } else if (e.payload() instanceof ItemDetailsUpdatedEvent u) {
                s.name = u.name();
                s.location = u.location();
                s.category = u.categoryId() == null ? null : u.categoryId().toString();
                s.subCategory =
                        u.subCategoryId() == null ? null : u.subCategoryId().toString();
                s.shelf = u.shelf();
                s.description = u.description();
            } else if (e.payload() instanceof MinThresholdChangedEvent t) {
                s.minThreshold = t.minThreshold();
            } else if (e.payload() instanceof ItemImageChangedEvent i) {
                s.imageRef = i.imageRef();
            } else if (e.payload() instanceof ItemArchivedEvent) {
                s.archived = true;
            } else {
                return s;
            }
            s.recordedAt = e.recordedAt();
            return s;
        }

        ItemDetails details() {
            return new ItemDetails(name, sku, barcode, location, category, subCategory, shelf, description, imageRef);
        }
    }
}
