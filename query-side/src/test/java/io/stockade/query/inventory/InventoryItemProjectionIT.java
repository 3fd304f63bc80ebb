package io.stockade.query.inventory;

import static io.stockade.query.jooq.Tables.INVENTORY_CATEGORY;
import static io.stockade.query.jooq.Tables.INVENTORY_ITEM;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.api.alerts.AlertMessages.LowStockAlertRaisedEvent;
import io.stockade.api.category.CategoryMessages.CategoryCreatedEvent;
import io.stockade.api.category.CategoryMessages.CategoryDeletedEvent;
import io.stockade.api.category.CategoryMessages.CategoryUpdatedEvent;
import io.stockade.api.common.CategoryId;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.TransactionId;
import io.stockade.api.inventory.AdjustmentType;
import io.stockade.api.inventory.InventoryEvents.ItemArchivedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemBecameLowOnStockEvent;
import io.stockade.api.inventory.InventoryEvents.ItemCreatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemDetailsUpdatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemImageChangedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemStockRecoveredEvent;
import io.stockade.api.inventory.InventoryEvents.MinThresholdChangedEvent;
import io.stockade.api.inventory.InventoryEvents.StockAdjustedEvent;
import io.stockade.api.inventory.InventoryQueries.CategoryStock;
import io.stockade.api.inventory.InventoryQueries.CountItemsQuery;
import io.stockade.api.inventory.InventoryQueries.FindItemByBarcodeQuery;
import io.stockade.api.inventory.InventoryQueries.FindItemQuery;
import io.stockade.api.inventory.InventoryQueries.FindItemsQuery;
import io.stockade.api.inventory.InventoryQueries.FindLowStockQuery;
import io.stockade.api.inventory.InventoryQueries.ItemCounts;
import io.stockade.api.inventory.InventoryQueries.ItemSort;
import io.stockade.api.inventory.InventoryQueries.ItemView;
import io.stockade.api.inventory.InventoryQueries.LowStockItemView;
import io.stockade.api.inventory.MovementSource;
import io.stockade.api.inventory.StockStatus;
import io.stockade.platform.axon.WriteBehind;
import io.stockade.query.ReadModelDatabase;
import io.stockade.query.live.LiveNotices;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The inventory list and item pages against real PostgreSQL, as the application role under row-level
 * security. The stock handler is write-behind: it is driven alone (writes at once) and in a processor's
 * batch (writes at the commit).
 */
class InventoryItemProjectionIT {
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private static ReadModelDatabase db;
    private static WriteBehind writes;
    private static InventoryItemProjection projection;

    @BeforeAll
    static void migrate() {
        db = ReadModelDatabase.migrated();
        writes = db.writeBehind();
        projection = new InventoryItemProjection(
                new InventoryViewRepository(db.dsl(), writes),
                LiveNotices.localOnly(SimpleQueryUpdateEmitter.builder().build()));
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    private static Instant at(long minutes) {
        return T0.plusSeconds(60 * minutes);
    }

    /** An event of an item's (or category's) stream as a processor hands it over: with its sequence and time. */
    private static EventMessage<?> event(Object payload, long seq) {
        return new GenericDomainEventMessage<>(
                "Test",
                UUID.randomUUID().toString(),
                seq,
                payload,
                Map.of(),
                UUID.randomUUID().toString(),
                at(seq));
    }

    private static ItemCreatedEvent created(ItemId item, TenantId tenant, String name, int threshold) {
        return new ItemCreatedEvent(
                item, tenant, name, "SKU-" + name, "B-" + name, "A1", null, null, null, null, threshold);
    }

    private static StockAdjustedEvent moved(ItemId item, TenantId tenant, int before, int after) {
        return new StockAdjustedEvent(
                item,
                tenant,
                TransactionId.random(),
                after >= before ? AdjustmentType.ADDITION : AdjustmentType.DEDUCTION,
                Math.abs(after - before),
                before,
                after,
                null,
                null,
                MovementSource.ADJUSTMENT,
                null);
    }

    /** One handler call as the processor makes it, the tenant bound first as TenantBinding does. */
    private static void dispatch(EventMessage<?> m) {
        Object e = m.getPayload();
        long seq = m instanceof GenericDomainEventMessage<?> d ? d.getSequenceNumber() : 0;
        Instant at = m.getTimestamp();
        writes.enter(InventoryItemProjection.GROUP, e instanceof StockAdjustedEvent);
        if (e instanceof StockAdjustedEvent a) {
            db.tenants().bind(a.tenantId());
            projection.on(a, seq, at);
        } else if (e instanceof ItemCreatedEvent c) {
            db.tenants().bind(c.tenantId());
            projection.on(c, seq, at);
        } else if (e instanceof ItemDetailsUpdatedEvent d) {
            db.tenants().bind(d.tenantId());
            projection.on(d, seq, at);
        } else if (e instanceof MinThresholdChangedEvent t) {
            db.tenants().bind(t.tenantId());
            projection.on(t, seq, at);
        } else if (e instanceof ItemImageChangedEvent i) {
            db.tenants().bind(i.tenantId());
            projection.on(i, seq, at);
        } else if (e instanceof ItemArchivedEvent a) {
            db.tenants().bind(a.tenantId());
            projection.on(a, seq, at);
        } else if (e instanceof ItemBecameLowOnStockEvent l) {
            db.tenants().bind(l.tenantId());
            projection.on(l, seq);
        } else if (e instanceof ItemStockRecoveredEvent r) {
            db.tenants().bind(r.tenantId());
            projection.on(r, seq);
        } else if (e instanceof LowStockAlertRaisedEvent r) {
            db.tenants().bind(r.tenantId());
            projection.on(r, seq);
        } else if (e instanceof CategoryCreatedEvent c) {
            db.tenants().bind(c.tenantId());
            projection.on(c);
        } else if (e instanceof CategoryUpdatedEvent c) {
            db.tenants().bind(c.tenantId());
            projection.on(c);
        } else if (e instanceof CategoryDeletedEvent c) {
            db.tenants().bind(c.tenantId());
            projection.on(c);
        } else {
            throw new IllegalArgumentException(e.toString());
        }
    }

    private static void handle(TenantId tenant, List<EventMessage<?>> events) {
        db.handle(tenant, () -> events.forEach(InventoryItemProjectionIT::dispatch));
    }

    private static Optional<ItemView> item(TenantId tenant, ItemId item) {
        return db.read(tenant, () -> projection.handle(new FindItemQuery(tenant, item)));
    }

    private static List<ItemView> list(TenantId tenant, String search, StockStatus status) {
        return db.read(
                        tenant,
                        () -> projection.handle(
                                new FindItemsQuery(tenant, search, null, status, ItemSort.NAME, false, 1, 50)))
                .items();
    }

    /** A drill in two categories, stocked, its threshold raised so it runs low, given an image, renamed. */
    private record Drill(
            TenantId tenant, ItemId item, CategoryId tools, CategoryId drills, List<EventMessage<?>> events) {
        static Drill of(TenantId tenant) {
            ItemId item = ItemId.random();
            CategoryId tools = CategoryId.random();
            CategoryId drills = CategoryId.random();
            return new Drill(
                    tenant,
                    item,
                    tools,
                    drills,
                    List.of(
                            event(new CategoryCreatedEvent(tools, tenant, "Tools", null, null), 0),
                            event(new CategoryCreatedEvent(drills, tenant, "Drills", null, tools), 0),
                            event(
                                    new ItemCreatedEvent(
                                            item,
                                            tenant,
                                            "Drill",
                                            "DR-1",
                                            "4006381333931",
                                            "A1",
                                            tools,
                                            drills,
                                            "S1",
                                            "18 V",
                                            5),
                                    0),
                            event(moved(item, tenant, 0, 10), 1),
                            event(new MinThresholdChangedEvent(item, tenant, 5, 12), 2),
                            event(new ItemImageChangedEvent(item, tenant, "img/drill.webp"), 3),
                            event(new ItemBecameLowOnStockEvent(item, tenant, 10, 12), 4),
                            event(
                                    new LowStockAlertRaisedEvent(
                                            item, tenant, 0, false, "Drill", "DR-1", 10, 12, List.of()),
                                    5),
                            event(
                                    new ItemDetailsUpdatedEvent(
                                            item, tenant, "Cordless drill", "B2", tools, drills, "S2", "18 V, 2 Ah"),
                                    6)));
        }

        ItemView expected() {
            return new ItemView(
                    item.toString(),
                    "DR-1",
                    "Cordless drill",
                    "4006381333931",
                    10,
                    12,
                    StockStatus.LOW_STOCK,
                    "B2",
                    tools.toString(),
                    "Tools",
                    drills.toString(),
                    "Drills",
                    "S2",
                    "18 V, 2 Ah",
                    "img/drill.webp",
                    null,
                    null,
                    false,
                    6,
                    at(0),
                    at(6));
        }
    }

    @Test
    void shouldShowTheItemAsItsEventsLeftItWhenCreatedMovedAndChanged() {
        Drill drill = Drill.of(TenantId.random());
        TenantId tenant = drill.tenant();

        handle(tenant, drill.events());

        assertThat(item(tenant, drill.item()))
                .as("every event of the item's stream moves the version (the ETag), even those it does not show")
                .contains(drill.expected());
        assertThat(db.read(tenant, () -> projection.handle(new FindItemByBarcodeQuery(tenant, "4006381333931"))))
                .contains(drill.expected());
        assertThat(db.read(tenant, () -> projection.handle(new FindItemByBarcodeQuery(tenant, "dr-1"))))
                .as("a SKU typed from a label, in any case")
                .contains(drill.expected());
    }

    @Test
    void shouldShowTheSameItemWhenItsEventsArriveInOneProcessorBatch() {
        Drill drill = Drill.of(TenantId.random());
        List<Integer> stockSeen = new ArrayList<>();

        db.handleAsBatch(drill.events(), m -> {
            dispatch(m);
            stockSeen.add(db.dsl()
                    .select(INVENTORY_ITEM.CURRENT_STOCK)
                    .from(INVENTORY_ITEM)
                    .fetchOptional(INVENTORY_ITEM.CURRENT_STOCK)
                    .orElse(-1));
        });

        assertThat(stockSeen)
                .as("the stock waits for the next unbuffered handler, which sees it")
                .containsExactly(-1, -1, 0, 0, 10, 10, 10, 10, 10);
        assertThat(item(drill.tenant(), drill.item())).contains(drill.expected());
    }

    @Test
    void shouldListCountAndFlagLowStockWhenStockMovesAndItemsAreArchived() {
        TenantId tenant = TenantId.random();
        ItemId anvil = ItemId.random();
        ItemId bolt = ItemId.random();
        ItemId chisel = ItemId.random();
        ItemId gone = ItemId.random();
        handle(
                tenant,
                List.of(
                        event(created(anvil, tenant, "Anvil", 5), 0),
                        event(moved(anvil, tenant, 0, 9), 1),
                        event(created(bolt, tenant, "Bolt", 5), 0),
                        event(moved(bolt, tenant, 0, 9), 1),
                        event(moved(bolt, tenant, 9, 4), 2),
                        event(created(chisel, tenant, "Chisel", 5), 0),
                        event(created(gone, tenant, "Gone", 5), 0),
                        event(new ItemArchivedEvent(gone, tenant), 1)));

        assertThat(list(tenant, null, null)).extracting(ItemView::name).containsExactly("Anvil", "Bolt", "Chisel");
        assertThat(list(tenant, null, StockStatus.LOW_STOCK))
                .extracting(ItemView::name)
                .containsExactly("Bolt");
        assertThat(list(tenant, null, StockStatus.OUT_OF_STOCK))
                .extracting(ItemView::name)
                .containsExactly("Chisel");
        assertThat(list(tenant, "sku-an", null)).extracting(ItemView::name).containsExactly("Anvil");
        assertThat(item(tenant, gone)).as("an archived item has no page").isEmpty();
        assertThat(db.read(tenant, () -> projection.handle(new FindLowStockQuery(tenant, 10)))
                        .items())
                .containsExactly(
                        new LowStockItemView(chisel.toString(), "Chisel", "SKU-Chisel", "A1", 0, 5, null, null, null),
                        new LowStockItemView(bolt.toString(), "Bolt", "SKU-Bolt", "A1", 4, 5, null, null, null));
        assertThat(db.read(tenant, () -> projection.handle(new CountItemsQuery(tenant))))
                .isEqualTo(new ItemCounts(3, 1, 1, List.of(new CategoryStock(null, "Uncategorised", 3, 13, 2))));
    }

    @Test
    void shouldRenameOrDropTheCategoryOnItsItemsWhenTheCategoryChanges() {
        Drill drill = Drill.of(TenantId.random());
        TenantId tenant = drill.tenant();
        handle(tenant, drill.events());

        handle(tenant, List.of(event(new CategoryUpdatedEvent(drill.tools(), tenant, "Power tools", null), 1)));
        assertThat(item(tenant, drill.item())).map(ItemView::category).contains("Power tools");

        handle(tenant, List.of(event(new CategoryDeletedEvent(drill.drills(), tenant), 2)));
        assertThat(item(tenant, drill.item()))
                .map(v -> v.subCategoryId() == null
                        && v.subCategory() == null
                        && v.category().equals("Power tools"))
                .contains(true);

        handle(tenant, List.of(event(new CategoryDeletedEvent(drill.tools(), tenant), 2)));
        assertThat(item(tenant, drill.item()))
                .map(v -> v.categoryId() == null && v.category() == null)
                .contains(true);
    }

    @Test
    void shouldChangeNothingWhenTheSameOrOlderEventsAreHandledAgain() {
        Drill drill = Drill.of(TenantId.random());
        TenantId tenant = drill.tenant();
        handle(tenant, drill.events());

        handle(tenant, drill.events());
        db.handleAsBatch(drill.events(), InventoryItemProjectionIT::dispatch);
        handle(tenant, List.of(event(moved(drill.item(), tenant, 10, 0), 1)));

        assertThat(item(tenant, drill.item()))
                .as("a redelivered stock movement of an older version does not move the stock back")
                .contains(drill.expected());
    }

    @Test
    void shouldSeeOnlyItsOwnOrganisationsItemsWhenAnotherHasSome() {
        Drill mine = Drill.of(TenantId.random());
        Drill theirs = Drill.of(TenantId.random());
        List<EventMessage<?>> interleaved = new ArrayList<>();
        for (int i = 0; i < mine.events().size(); i++) {
            interleaved.add(mine.events().get(i));
            interleaved.add(theirs.events().get(i));
        }
        db.handleAsBatch(interleaved, InventoryItemProjectionIT::dispatch);

        assertThat(item(mine.tenant(), mine.item())).contains(mine.expected());
        assertThat(item(theirs.tenant(), theirs.item())).contains(theirs.expected());
        assertThat(item(mine.tenant(), theirs.item())).isEmpty();
        assertThat(db.read(mine.tenant(), () -> projection.handle(new FindItemQuery(theirs.tenant(), theirs.item()))))
                .as("the other organisation's id asked for under one's own binding")
                .isEmpty();
        assertThat(list(mine.tenant(), null, null)).containsExactly(mine.expected());
        assertThat(db.visibleRows(mine.tenant(), INVENTORY_ITEM)).isEqualTo(1);
        assertThat(db.visibleRows(mine.tenant(), INVENTORY_CATEGORY)).isEqualTo(2);
    }

    @Test
    void shouldEmptyTheInventoryOfEveryOrganisationWhenReset() {
        Drill drill = Drill.of(TenantId.random());
        handle(drill.tenant(), drill.events());

        db.reset(projection::reset);

        assertThat(list(drill.tenant(), null, null)).isEmpty();
        assertThat(db.allRows(INVENTORY_ITEM)).isZero();
        assertThat(db.allRows(INVENTORY_CATEGORY)).isZero();
    }
}
