package io.stockade.query.reports;

import static io.stockade.query.jooq.Tables.REPORT_CATEGORY;
import static io.stockade.query.jooq.Tables.REPORT_CATEGORY_STOCK;
import static io.stockade.query.jooq.Tables.REPORT_ITEM;
import static io.stockade.query.jooq.Tables.REPORT_LOCATION_STOCK;
import static io.stockade.query.jooq.Tables.REPORT_MOVEMENT;
import static io.stockade.query.jooq.Tables.REPORT_MOVEMENT_DAY;
import static io.stockade.query.jooq.Tables.REPORT_STOCKOUT;
import static io.stockade.query.jooq.Tables.REPORT_USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.api.category.CategoryMessages.CategoryCreatedEvent;
import io.stockade.api.category.CategoryMessages.CategoryDeletedEvent;
import io.stockade.api.category.CategoryMessages.CategoryUpdatedEvent;
import io.stockade.api.common.CategoryId;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.TransactionId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.UserRegisteredEvent;
import io.stockade.api.inventory.AdjustmentType;
import io.stockade.api.inventory.InventoryEvents.ItemArchivedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemCreatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemDetailsUpdatedEvent;
import io.stockade.api.inventory.InventoryEvents.MinThresholdChangedEvent;
import io.stockade.api.inventory.InventoryEvents.StockAdjustedEvent;
import io.stockade.api.inventory.MovementSource;
import io.stockade.api.reporting.ReportQueries.CategoryStockRow;
import io.stockade.api.reporting.ReportQueries.DeadStockRow;
import io.stockade.api.reporting.ReportQueries.FindDeadStockQuery;
import io.stockade.api.reporting.ReportQueries.FindMovementsQuery;
import io.stockade.api.reporting.ReportQueries.FindStockByCategoryQuery;
import io.stockade.api.reporting.ReportQueries.FindStockByLocationQuery;
import io.stockade.api.reporting.ReportQueries.FindStockoutsQuery;
import io.stockade.api.reporting.ReportQueries.LocationStockRow;
import io.stockade.api.reporting.ReportQueries.MovementGrouping;
import io.stockade.api.reporting.ReportQueries.MovementRow;
import io.stockade.api.reporting.ReportQueries.StockoutRow;
import io.stockade.platform.axon.AuditMetadata;
import io.stockade.platform.axon.WriteBehind;
import io.stockade.query.ReadModelDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.jooq.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reports' read model against real PostgreSQL, as the application role under row-level security. The
 * movement handler is write-behind (and reads the items a batch's movements name in one query): it is
 * driven alone and in a processor's batch.
 */
class ReportsProjectionIT {
    private static final List<Table<?>> TABLES = List.of(
            REPORT_ITEM,
            REPORT_CATEGORY_STOCK,
            REPORT_LOCATION_STOCK,
            REPORT_CATEGORY,
            REPORT_USER,
            REPORT_MOVEMENT,
            REPORT_MOVEMENT_DAY,
            REPORT_STOCKOUT);
    private static ReadModelDatabase db;
    private static WriteBehind writes;
    private static ReportsProjection projection;

    @BeforeAll
    static void migrate() {
        db = ReadModelDatabase.migrated();
        writes = db.writeBehind();
        projection = new ReportsProjection(new ReportsRepository(db.dsl(), writes), writes);
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    private static EventMessage<?> event(Object payload, long seq, String recordedAt, UserId by) {
        return new GenericDomainEventMessage<>(
                "Test",
                UUID.randomUUID().toString(),
                seq,
                payload,
                by == null ? Map.of() : Map.of(AuditMetadata.USER_ID, by.toString()),
                UUID.randomUUID().toString(),
                Instant.parse(recordedAt));
    }

    private static StockAdjustedEvent moved(ItemId item, TenantId tenant, int before, int after, String reason) {
        return new StockAdjustedEvent(
                item,
                tenant,
                TransactionId.random(),
                after >= before ? AdjustmentType.ADDITION : AdjustmentType.DEDUCTION,
                Math.abs(after - before),
                before,
                after,
                PersonalValue.of(UserId.random(), reason),
                null,
                MovementSource.ADJUSTMENT,
                null);
    }

    /** One handler call as the processor makes it, the tenant bound first as TenantBinding does. */
    private static void dispatch(EventMessage<?> m) {
        Object e = m.getPayload();
        long seq = ((GenericDomainEventMessage<?>) m).getSequenceNumber();
        writes.enter(ReportsProjection.GROUP, e instanceof StockAdjustedEvent);
        if (e instanceof StockAdjustedEvent a) {
            db.tenants().bind(a.tenantId());
            projection.on(a, seq, m.getTimestamp(), (String) m.getMetaData().get(AuditMetadata.USER_ID));
        } else if (e instanceof ItemCreatedEvent c) {
            db.tenants().bind(c.tenantId());
            projection.on(c, seq);
        } else if (e instanceof ItemDetailsUpdatedEvent d) {
            db.tenants().bind(d.tenantId());
            projection.on(d, seq);
        } else if (e instanceof MinThresholdChangedEvent t) {
            db.tenants().bind(t.tenantId());
            projection.on(t, seq);
        } else if (e instanceof ItemArchivedEvent a) {
            db.tenants().bind(a.tenantId());
            projection.on(a, seq);
        } else if (e instanceof CategoryCreatedEvent c) {
            db.tenants().bind(c.tenantId());
            projection.on(c);
        } else if (e instanceof CategoryUpdatedEvent c) {
            db.tenants().bind(c.tenantId());
            projection.on(c);
        } else if (e instanceof CategoryDeletedEvent c) {
            db.tenants().bind(c.tenantId());
            projection.on(c);
        } else if (e instanceof UserRegisteredEvent u) {
            db.tenants().bind(u.tenantId());
            projection.on(u);
        } else {
            throw new IllegalArgumentException(e.toString());
        }
    }

    private static void handle(TenantId tenant, List<EventMessage<?>> events) {
        db.handle(tenant, () -> events.forEach(ReportsProjectionIT::dispatch));
    }

    /**
     * A drill in Tools / Drills that ann stocks, empties and partly refills (a stockout of one day); a saw that
     * never moves; a bolt that is archived.
     */
    private record Warehouse(
            TenantId tenant,
            UserId ann,
            CategoryId tools,
            CategoryId drills,
            ItemId drill,
            ItemId saw,
            List<EventMessage<?>> events) {
        static Warehouse of(TenantId tenant) {
            UserId ann = UserId.random();
            CategoryId tools = CategoryId.random();
            CategoryId drills = CategoryId.random();
            ItemId drill = ItemId.random();
            ItemId saw = ItemId.random();
            ItemId bolt = ItemId.random();
            return new Warehouse(
                    tenant,
                    ann,
                    tools,
                    drills,
                    drill,
                    saw,
                    List.of(
                            event(
                                    new UserRegisteredEvent(
                                            ann,
                                            tenant,
                                            PersonalValue.of(ann, "ann"),
                                            PersonalValue.of(ann, "ann@example.com"),
                                            PersonalValue.of(ann, "$2a$"),
                                            Role.STAFF,
                                            false),
                                    0,
                                    "2026-12-01T07:00:00Z",
                                    null),
                            event(
                                    new CategoryCreatedEvent(tools, tenant, "Tools", null, null),
                                    0,
                                    "2026-12-01T07:00:00Z",
                                    ann),
                            event(
                                    new CategoryCreatedEvent(drills, tenant, "Drills", null, tools),
                                    0,
                                    "2026-12-01T07:00:00Z",
                                    ann),
                            event(
                                    new ItemCreatedEvent(
                                            drill, tenant, "Drill", "DR-1", "B-1", "A1", tools, drills, null, null, 5),
                                    0,
                                    "2026-12-01T08:00:00Z",
                                    ann),
                            event(
                                    new ItemCreatedEvent(
                                            saw, tenant, "Saw", "SAW-1", "B-2", "B1", null, null, null, null, 2),
                                    0,
                                    "2026-12-01T08:00:00Z",
                                    ann),
                            event(
                                    new ItemCreatedEvent(
                                            bolt, tenant, "Bolt", "BO-1", "B-3", "A1", tools, null, null, null, 5),
                                    0,
                                    "2026-12-01T08:00:00Z",
                                    ann),
                            event(moved(drill, tenant, 0, 10, "delivery"), 1, "2026-12-01T09:00:00Z", ann),
                            event(moved(drill, tenant, 10, 0, "sold"), 2, "2026-12-02T09:00:00Z", ann),
                            event(new ItemArchivedEvent(bolt, tenant), 1, "2026-12-02T10:00:00Z", ann),
                            event(moved(drill, tenant, 0, 3, "delivery"), 3, "2026-12-03T09:00:00Z", ann)));
        }

        List<CategoryStockRow> byCategory() {
            return db.read(tenant, () -> projection.handle(new FindStockByCategoryQuery(tenant, null, 1, 50)))
                    .rows();
        }

        List<LocationStockRow> byLocation() {
            return db.read(tenant, () -> projection.handle(new FindStockByLocationQuery(tenant, null, 1, 50)))
                    .rows();
        }

        List<MovementRow> movements(MovementGrouping by, String from, String to) {
            return db.read(
                            tenant,
                            () -> projection.handle(new FindMovementsQuery(
                                    tenant, Instant.parse(from), Instant.parse(to), by, null, null, null, 1, 50)))
                    .rows();
        }

        List<DeadStockRow> deadStock() {
            return db.read(
                            tenant,
                            () -> projection.handle(
                                    new FindDeadStockQuery(tenant, Instant.parse("2026-12-02T00:00:00Z"), null, 1, 50)))
                    .rows();
        }

        List<StockoutRow> stockouts() {
            return db.read(
                            tenant,
                            () -> projection.handle(new FindStockoutsQuery(
                                    tenant, null, null, null, Instant.parse("2026-12-05T00:00:00Z"), 1, 50)))
                    .rows();
        }

        /** Everything the reports show, to compare one way of handling the events with another. */
        List<Object> everything() {
            return List.of(
                    byCategory(),
                    byLocation(),
                    movements(MovementGrouping.DAY, "2026-12-01T00:00:00Z", "2026-12-04T00:00:00Z"),
                    movements(MovementGrouping.USER, "2026-12-01T00:00:00Z", "2026-12-04T00:00:00Z"),
                    deadStock(),
                    stockouts());
        }

        void showsWhatItsEventsLeft() {
            assertThat(byCategory())
                    .as("the drill counts under its sub-category; the archived bolt leaves no Tools row")
                    .containsExactly(
                            new CategoryStockRow(drills.toString(), "Drills", tools.toString(), "Tools", 1, 3, 1, 0),
                            new CategoryStockRow(null, "Uncategorised", null, null, 1, 0, 0, 1));
            assertThat(byLocation())
                    .containsExactly(new LocationStockRow("A1", 1, 3, 1, 0), new LocationStockRow("B1", 1, 0, 0, 1));
            assertThat(movements(MovementGrouping.DAY, "2026-12-01T00:00:00Z", "2026-12-04T00:00:00Z"))
                    .as("whole days from the day sums")
                    .containsExactly(
                            new MovementRow("2026-12-01", "2026-12-01", 1, 10, 0),
                            new MovementRow("2026-12-02", "2026-12-02", 1, 0, 10),
                            new MovementRow("2026-12-03", "2026-12-03", 1, 3, 0));
            assertThat(movements(MovementGrouping.REASON, "2026-12-01T08:30:00Z", "2026-12-03T12:00:00Z"))
                    .as("partial days from the lines, whole days from the sums")
                    .containsExactly(
                            new MovementRow("delivery", "delivery", 2, 13, 0),
                            new MovementRow("sold", "sold", 1, 0, 10));
            assertThat(movements(MovementGrouping.USER, "2026-12-01T00:00:00Z", "2026-12-04T00:00:00Z"))
                    .containsExactly(new MovementRow(ann.toString(), "ann", 3, 13, 10));
            assertThat(deadStock()).containsExactly(new DeadStockRow(saw.toString(), "SAW-1", "Saw", "B1", 0, null));
            assertThat(stockouts())
                    .containsExactly(new StockoutRow(
                            drill.toString(),
                            "DR-1",
                            "Drill",
                            Instant.parse("2026-12-02T09:00:00Z"),
                            Instant.parse("2026-12-03T09:00:00Z"),
                            86_400));
        }
    }

    @Test
    void shouldReportStockMovementsDeadStockAndStockoutsWhenTheEventsAreHandledOneByOne() {
        Warehouse warehouse = Warehouse.of(TenantId.random());

        handle(warehouse.tenant(), warehouse.events());

        warehouse.showsWhatItsEventsLeft();
    }

    @Test
    void shouldReportTheSameWhenTheEventsArriveInOneProcessorBatch() {
        Warehouse warehouse = Warehouse.of(TenantId.random());

        db.handleAsBatch(warehouse.events(), ReportsProjectionIT::dispatch);

        warehouse.showsWhatItsEventsLeft();
    }

    @Test
    void shouldRunAStockoutUntilAsOfWhenTheItemIsStillOut() {
        TenantId tenant = TenantId.random();
        ItemId nail = ItemId.random();

        handle(
                tenant,
                List.of(
                        event(
                                new ItemCreatedEvent(
                                        nail, tenant, "Nail", "NA-1", "B-9", "C1", null, null, null, null, 100),
                                0,
                                "2026-12-01T08:00:00Z",
                                null),
                        event(moved(nail, tenant, 0, 4, "delivery"), 1, "2026-12-01T09:00:00Z", null),
                        event(moved(nail, tenant, 4, 0, "used"), 2, "2026-12-02T09:00:00Z", null)));

        assertThat(db.read(
                                tenant,
                                () -> projection.handle(new FindStockoutsQuery(
                                        tenant, null, null, null, Instant.parse("2026-12-02T21:00:00Z"), 1, 50)))
                        .rows())
                .containsExactly(new StockoutRow(
                        nail.toString(), "NA-1", "Nail", Instant.parse("2026-12-02T09:00:00Z"), null, 43_200));
        assertThat(db.read(
                                tenant,
                                () -> projection.handle(new FindMovementsQuery(
                                        tenant,
                                        Instant.parse("2026-12-01T00:00:00Z"),
                                        Instant.parse("2026-12-03T00:00:00Z"),
                                        MovementGrouping.USER,
                                        null,
                                        null,
                                        null,
                                        1,
                                        50)))
                        .rows())
                .as("movements with no user recorded")
                .containsExactly(new MovementRow("", "Unknown user", 2, 4, 4));
    }

    @Test
    void shouldMoveTheItemsFiguresWhenItsCategoryLocationOrThresholdChange() {
        Warehouse warehouse = Warehouse.of(TenantId.random());
        TenantId tenant = warehouse.tenant();
        handle(tenant, warehouse.events());

        handle(
                tenant,
                List.of(
                        event(
                                new ItemDetailsUpdatedEvent(
                                        warehouse.drill(), tenant, "Drill", "B1", warehouse.tools(), null, null, null),
                                4,
                                "2026-12-04T09:00:00Z",
                                null),
                        event(
                                new MinThresholdChangedEvent(warehouse.drill(), tenant, 5, 2),
                                5,
                                "2026-12-04T09:01:00Z",
                                null),
                        event(
                                new CategoryUpdatedEvent(warehouse.tools(), tenant, "Power tools", null),
                                1,
                                "2026-12-04T09:02:00Z",
                                null),
                        event(new CategoryDeletedEvent(warehouse.drills(), tenant), 1, "2026-12-04T09:03:00Z", null)));

        assertThat(warehouse.byCategory())
                .containsExactly(
                        new CategoryStockRow(warehouse.tools().toString(), "Power tools", null, null, 1, 3, 0, 0),
                        new CategoryStockRow(null, "Uncategorised", null, null, 1, 0, 0, 1));
        assertThat(warehouse.byLocation())
                .as("the drill moved from A1 to B1: A1 is left empty and goes")
                .containsExactly(new LocationStockRow("B1", 2, 3, 0, 1));
    }

    @Test
    void shouldChangeNothingWhenTheSameOrOlderEventsAreHandledAgain() {
        Warehouse warehouse = Warehouse.of(TenantId.random());
        TenantId tenant = warehouse.tenant();
        handle(tenant, warehouse.events());
        List<Object> once = warehouse.everything();

        handle(tenant, warehouse.events());
        db.handleAsBatch(warehouse.events(), ReportsProjectionIT::dispatch);
        handle(
                tenant,
                List.of(event(
                        moved(warehouse.drill(), tenant, 3, 0, "sold"), 2, "2026-12-03T10:00:00Z", warehouse.ann())));

        assertThat(warehouse.everything()).isEqualTo(once);
        warehouse.showsWhatItsEventsLeft();
    }

    @Test
    void shouldSeeOnlyItsOwnOrganisationsFiguresWhenAnotherHasTheSameWarehouse() {
        Warehouse mine = Warehouse.of(TenantId.random());
        Warehouse theirs = Warehouse.of(TenantId.random());
        List<EventMessage<?>> interleaved = new ArrayList<>();
        for (int i = 0; i < mine.events().size(); i++) {
            interleaved.add(mine.events().get(i));
            interleaved.add(theirs.events().get(i));
        }

        db.handleAsBatch(interleaved, ReportsProjectionIT::dispatch);

        mine.showsWhatItsEventsLeft();
        theirs.showsWhatItsEventsLeft();
        assertThat(db.read(
                                mine.tenant(),
                                () -> projection.handle(new FindStockByCategoryQuery(theirs.tenant(), null, 1, 50)))
                        .rows())
                .as("the other organisation's id asked for under one's own binding")
                .isEmpty();
        TenantId nobody = TenantId.random();
        for (Table<?> table : TABLES) {
            assertThat(db.rowsOf(mine.tenant(), table)).as(table.getName()).isPositive();
            assertThat((long) db.visibleRows(mine.tenant(), table))
                    .as(table.getName() + " with no filter but row-level security")
                    .isEqualTo(db.rowsOf(mine.tenant(), table));
            assertThat(db.visibleRows(nobody, table)).as(table.getName()).isZero();
        }
    }

    @Test
    void shouldEmptyEveryReportTableOfEveryOrganisationWhenReset() {
        Warehouse warehouse = Warehouse.of(TenantId.random());
        handle(warehouse.tenant(), warehouse.events());

        db.reset(projection::reset);

        assertThat(warehouse.byCategory()).isEmpty();
        for (Table<?> table : TABLES) {
            assertThat(db.allRows(table)).as(table.getName()).isZero();
        }
    }
}
