package io.stockade.query.audit.asof;

import static io.stockade.query.jooq.Tables.AUDIT_ASOF_ITEM_VERSION;
import static io.stockade.query.jooq.Tables.AUDIT_ASOF_MOVEMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.eventhandling.GenericEventMessage.asEventMessage;

import io.stockade.api.common.CategoryId;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.TransactionId;
import io.stockade.api.common.UserId;
import io.stockade.api.inventory.AdjustmentType;
import io.stockade.api.inventory.InventoryEvents.ItemCreatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemDetailsUpdatedEvent;
import io.stockade.api.inventory.InventoryEvents.StockAdjustedEvent;
import io.stockade.api.inventory.MovementSource;
import io.stockade.query.ReadModelDatabase;
import io.stockade.query.audit.asof.AsOfViews.InventoryAsOf;
import io.stockade.query.audit.asof.AsOfViews.InventoryLine;
import io.stockade.query.audit.asof.AsOfViews.ItemAsOf;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The as-of projection against real PostgreSQL, as the application role under row-level security: a back-dated
 * count on both axes, the anomalies it leaves, the whole inventory with its category filter, pages and totals,
 * redelivered events, the reset, and another organisation's rows.
 */
class AsOfProjectionIT {
    private static final UserId USER = UserId.random();
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static ReadModelDatabase db;
    private static AsOfProjection projection;
    private static AsOfQueries queries;
    private static long position = 1;

    @BeforeAll
    static void migrate() {
        db = ReadModelDatabase.migrated();
        AsOfRepository rows = new AsOfRepository(db.dsl(), db.writeBehind());
        projection = new AsOfProjection(rows);
        queries = new AsOfQueries(rows, db.tenants());
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    private static Instant at(String time) {
        return Instant.parse("2026-05-04T" + time + ":00Z");
    }

    private static void create(TenantId tenant, ItemId item, String name, CategoryId category, CategoryId sub) {
        ItemCreatedEvent created = new ItemCreatedEvent(
                item, tenant, name, "SKU-" + name, "B-" + item, "A1", category, sub, null, null, 2);
        db.handle(
                tenant,
                () -> projection.on(
                        created, 0, at("08:00"), new GlobalSequenceTrackingToken(position++), asEventMessage(created)));
    }

    private static void move(
            TenantId tenant, ItemId item, long seq, String recorded, String effective, int delta, Integer counted) {
        StockAdjustedEvent m = new StockAdjustedEvent(
                item,
                tenant,
                TransactionId.random(),
                delta < 0 ? AdjustmentType.DEDUCTION : AdjustmentType.ADDITION,
                Math.abs(delta),
                0,
                0,
                PersonalValue.of(USER, "why"),
                effective == null ? null : at(effective),
                counted == null ? MovementSource.ADJUSTMENT : MovementSource.COUNT,
                counted);
        db.handle(
                tenant,
                () -> projection.on(
                        m, seq, at(recorded), new GlobalSequenceTrackingToken(position++), asEventMessage(m)));
    }

    private static ItemAsOf item(TenantId tenant, ItemId item, String at, String knownAt) {
        return queries.item(tenant, item.value(), at(at), knownAt == null ? NOW : at(knownAt))
                .orElseThrow();
    }

    /** 10 delivered at 08:00, 4 sold at 10:00, and at 12:00 a count back-dated to 09:00 finds 3 (variance -3). */
    private static ItemId story(TenantId tenant) {
        ItemId item = ItemId.random();
        create(tenant, item, "Drill", null, null);
        move(tenant, item, 1, "08:00", null, 10, null);
        move(tenant, item, 2, "10:00", null, -4, null);
        move(tenant, item, 3, "12:00", "09:00", -3, 3);
        return item;
    }

    @Test
    void shouldAnswerABackDatedCountOnTheEffectiveAxisButNotBeforeItWasRecorded() {
        TenantId tenant = TenantId.random();
        ItemId item = story(tenant);

        assertThat(item(tenant, item, "09:30", null).stock())
                .as("at 09:30 as known now")
                .isEqualTo(7);
        assertThat(item(tenant, item, "09:30", "11:00").stock())
                .as("at 09:30 as the records showed at 11:00, before the count was recorded")
                .isEqualTo(10);
        assertThat(item(tenant, item, "11:00", "11:00").stock()).isEqualTo(6);
        assertThat(item(tenant, item, "13:00", null).stock()).isEqualTo(3);
        assertThat(item(tenant, item, "07:00", null).existed())
                .as("not yet created")
                .isFalse();
        ItemAsOf before = item(tenant, item, "07:00", null);
        assertThat(before.details()).isNull();
        assertThat(before.minThreshold()).isNull();
        assertThat(before.stock()).isZero();
        ItemAsOf now = item(tenant, item, "13:00", null);
        assertThat(now.existed()).isTrue();
        assertThat(now.details().name()).isEqualTo("Drill");
        assertThat(now.minThreshold()).isEqualTo(2);
        assertThat(now.anomalies()).isEmpty();
    }

    @Test
    void shouldFlagABackDatedDeductionThatMakesAPastBalanceNegativeOrPredatesTheItem() {
        TenantId tenant = TenantId.random();
        ItemId item = story(tenant);
        // Recorded at 14:00, dated 07:30: before the item existed, and the balance then is -2.
        move(tenant, item, 4, "14:00", "07:30", -2, null);

        ItemAsOf now = item(tenant, item, "15:00", null);
        assertThat(now.anomalies()).hasSize(1);
        assertThat(now.anomalies().get(0).kinds())
                .containsExactly(AsOfViews.NEGATIVE_BALANCE, AsOfViews.BEFORE_CREATION);
        assertThat(now.anomalies().get(0).balanceAfter()).isEqualTo(-2);
        assertThat(now.anomalies().get(0).sequence()).isEqualTo(4);
        assertThat(item(tenant, item, "15:00", "13:00").anomalies())
                .as("not known before it was recorded")
                .isEmpty();
        assertThat(item(tenant, item, "07:00", null).anomalies())
                .as("not effective by then")
                .isEmpty();
        assertThat(item(tenant, item, "07:45", null).stock())
                .as("before the item existed")
                .isEqualTo(-2);
        assertThat(queries.anomalies(tenant, null, null, 1, 100).anomalies())
                .extracting(AsOfViews.Anomaly::itemId)
                .containsExactly(item.toString());
        assertThat(queries.anomalies(tenant, null, at("13:00"), 1, 100).anomalies())
                .isEmpty();
    }

    @Test
    void shouldListTheWholeInventoryWithItsCategoryFilterPagesAndTotals() {
        TenantId tenant = TenantId.random();
        CategoryId tools = new CategoryId(UUID.randomUUID());
        List<ItemId> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ItemId item = ItemId.random();
            items.add(item);
            create(tenant, item, "Item " + i, i < 2 ? tools : null, i == 2 ? tools : null);
            move(tenant, item, 1, "09:00", null, i + 1, null);
        }
        // Item 0 is renamed at 11:00: before that it is listed under its first name.
        ItemDetailsUpdatedEvent renamed =
                new ItemDetailsUpdatedEvent(items.get(0), tenant, "Zz last", "B2", tools, null, null, null);
        db.handle(
                tenant,
                () -> projection.on(
                        renamed, 2, at("11:00"), new GlobalSequenceTrackingToken(position++), asEventMessage(renamed)));

        InventoryAsOf all = queries.inventory(tenant, at("12:00"), NOW, null, 1, 2);
        assertThat(all.totals().items()).isEqualTo(5);
        assertThat(all.totals().stock()).isEqualTo(1 + 2 + 3 + 4 + 5);
        assertThat(all.totalPages()).isEqualTo(3);
        assertThat(all.items()).extracting(InventoryLine::name).containsExactly("Item 1", "Item 2");
        InventoryAsOf last = queries.inventory(tenant, at("12:00"), NOW, null, 3, 2);
        assertThat(last.items()).extracting(InventoryLine::name).containsExactly("Zz last");
        InventoryAsOf beyond = queries.inventory(tenant, at("12:00"), NOW, null, 9, 2);
        assertThat(beyond.items()).isEmpty();
        assertThat(beyond.totals().items()).as("totals past the last page").isEqualTo(5);

        InventoryAsOf earlier = queries.inventory(tenant, at("10:00"), NOW, null, 1, 10);
        assertThat(earlier.items()).extracting(InventoryLine::name).first().isEqualTo("Item 0");
        assertThat(queries.inventory(tenant, at("08:30"), NOW, null, 1, 10)
                        .totals()
                        .stock())
                .as("before the deliveries")
                .isZero();
        assertThat(queries.inventory(tenant, at("07:00"), NOW, null, 1, 10)
                        .totals()
                        .items())
                .as("before any item existed")
                .isZero();

        InventoryAsOf inTools = queries.inventory(tenant, at("12:00"), NOW, tools.value(), 1, 10);
        assertThat(inTools.items())
                .extracting(InventoryLine::itemId)
                .containsExactlyInAnyOrder(
                        items.get(0).toString(),
                        items.get(1).toString(),
                        items.get(2).toString());
        assertThat(inTools.totals().stock()).isEqualTo(1 + 2 + 3);

        List<InventoryLine> streamed = new ArrayList<>();
        queries.streamInventory(tenant, at("12:00"), NOW, null, streamed::add);
        List<InventoryLine> paged = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            paged.addAll(
                    queries.inventory(tenant, at("12:00"), NOW, null, page, 2).items());
        }
        assertThat(streamed).isEqualTo(paged);
    }

    @Test
    void shouldChangeNothingWhenEventsAreRedeliveredAndShowAnotherOrganisationNothing() {
        TenantId tenant = TenantId.random();
        ItemId item = story(tenant);
        long movements = db.rowsOf(tenant, AUDIT_ASOF_MOVEMENT);
        long versions = db.rowsOf(tenant, AUDIT_ASOF_ITEM_VERSION);
        ItemAsOf before = item(tenant, item, "13:00", null);

        move(tenant, item, 3, "12:00", "09:00", -3, 3);
        create(tenant, item, "Drill", null, null);

        assertThat(db.rowsOf(tenant, AUDIT_ASOF_MOVEMENT)).isEqualTo(movements).isEqualTo(3);
        assertThat(db.rowsOf(tenant, AUDIT_ASOF_ITEM_VERSION))
                .isEqualTo(versions)
                .isEqualTo(1);
        assertThat(item(tenant, item, "13:00", null)).isEqualTo(before);

        TenantId other = TenantId.random();
        assertThat(queries.item(other, item.value(), NOW, NOW)).isEmpty();
        assertThat(queries.inventory(other, NOW, NOW, null, 1, 10).totals().items())
                .isZero();
        assertThat(db.visibleRows(other, AUDIT_ASOF_MOVEMENT)).isZero();
        assertThat(queries.anomalies(other, item.value(), null, 1, 10).anomalies())
                .isEmpty();
    }

    @Test
    void shouldEmptyItsTablesOnReset() {
        TenantId tenant = TenantId.random();
        story(tenant);
        assertThat(db.allRows(AUDIT_ASOF_MOVEMENT)).isPositive();

        db.reset(projection::reset);

        assertThat(db.allRows(AUDIT_ASOF_MOVEMENT)).isZero();
        assertThat(db.allRows(AUDIT_ASOF_ITEM_VERSION)).isZero();
    }
}
