package io.stockade.query.trends;

import static io.stockade.query.jooq.Tables.TREND_LOW_CHANGE;
import static io.stockade.query.jooq.Tables.TREND_LOW_ITEM;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.api.common.ItemId;
import io.stockade.api.common.TenantId;
import io.stockade.api.inventory.InventoryEvents.ItemArchivedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemBecameLowOnStockEvent;
import io.stockade.api.inventory.InventoryEvents.ItemStockRecoveredEvent;
import io.stockade.api.inventory.InventoryQueries.DayCount;
import io.stockade.api.inventory.InventoryQueries.LowStockSeriesQuery;
import io.stockade.query.ReadModelDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The low-stock history (dashboard trends) against real PostgreSQL, as the application role under row-level security. */
class LowStockHistoryProjectionIT {
    private static final LocalDate FIRST = LocalDate.parse("2026-12-01");
    private static ReadModelDatabase db;
    private static LowStockHistoryProjection projection;

    @BeforeAll
    static void migrate() {
        db = ReadModelDatabase.migrated();
        projection = new LowStockHistoryProjection(new LowStockHistoryRepository(db.dsl()));
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    private static <T> EventMessage<T> message(T payload, String at) {
        return new GenericEventMessage<>(UUID.randomUUID().toString(), payload, Map.of(), Instant.parse(at));
    }

    private static EventMessage<?> low(ItemId item, TenantId tenant, String at) {
        return message(new ItemBecameLowOnStockEvent(item, tenant, 2, 5), at);
    }

    private static EventMessage<?> recovered(ItemId item, TenantId tenant, String at) {
        return message(new ItemStockRecoveredEvent(item, tenant, 9, 5), at);
    }

    private static void handle(TenantId tenant, EventMessage<?>... messages) {
        db.handle(tenant, () -> {
            for (EventMessage<?> m : messages) {
                Object e = m.getPayload();
                if (e instanceof ItemBecameLowOnStockEvent l) {
                    projection.on(l, m);
                } else if (e instanceof ItemStockRecoveredEvent r) {
                    projection.on(r, m);
                } else if (e instanceof ItemArchivedEvent a) {
                    projection.on(a, m);
                } else {
                    throw new IllegalArgumentException(e.toString());
                }
            }
        });
    }

    private static List<Long> counts(TenantId tenant) {
        return db.read(tenant, () -> projection.handle(new LowStockSeriesQuery(tenant, FIRST, 4))).days().stream()
                .map(DayCount::count)
                .toList();
    }

    @Test
    void shouldCountItemsLowAtTheEndOfEachDayWhenTheyBecomeLowRecoverOrLeave() {
        TenantId tenant = TenantId.random();
        ItemId drill = ItemId.random();
        ItemId saw = ItemId.random();
        ItemId gone = ItemId.random();

        handle(
                tenant,
                low(drill, tenant, "2026-11-30T10:00:00Z"),
                low(saw, tenant, "2026-12-01T10:00:00Z"),
                low(gone, tenant, "2026-12-01T11:00:00Z"),
                recovered(drill, tenant, "2026-12-02T10:00:00Z"),
                message(new ItemArchivedEvent(gone, tenant), "2026-12-03T10:00:00Z"));

        assertThat(counts(tenant)).containsExactly(3L, 2L, 1L, 1L);
        assertThat(db.read(tenant, () -> projection.handle(new LowStockSeriesQuery(tenant, FIRST, 1)))
                        .days())
                .containsExactly(new DayCount(FIRST, 3));
    }

    @Test
    void shouldCountAnItemOnceWhenItsEventsAreHandledAgainOrRepeated() {
        TenantId tenant = TenantId.random();
        ItemId drill = ItemId.random();
        ItemId saw = ItemId.random();
        EventMessage<?> drillLow = low(drill, tenant, "2026-12-01T10:00:00Z");
        EventMessage<?> sawLow = low(saw, tenant, "2026-12-01T11:00:00Z");
        EventMessage<?> sawRecovered = recovered(saw, tenant, "2026-12-02T10:00:00Z");
        handle(tenant, drillLow, sawLow, sawRecovered);
        List<Long> once = counts(tenant);

        handle(tenant, drillLow, sawLow, sawRecovered);
        handle(tenant, low(drill, tenant, "2026-12-01T12:00:00Z"), recovered(saw, tenant, "2026-12-02T12:00:00Z"));

        assertThat(counts(tenant)).isEqualTo(once).containsExactly(2L, 1L, 1L, 1L);
    }

    @Test
    void shouldCountOnlyItsOwnOrganisationsItemsWhenAnotherHasLowItems() {
        TenantId mine = TenantId.random();
        TenantId theirs = TenantId.random();
        handle(mine, low(ItemId.random(), mine, "2026-12-01T10:00:00Z"));
        handle(
                theirs,
                low(ItemId.random(), theirs, "2026-12-01T10:00:00Z"),
                low(ItemId.random(), theirs, "2026-12-01T10:00:00Z"));

        assertThat(counts(mine)).containsExactly(1L, 1L, 1L, 1L);
        assertThat(db.read(mine, () -> projection.handle(new LowStockSeriesQuery(theirs, FIRST, 1)))
                        .days())
                .as("the other organisation's id asked for under one's own binding")
                .containsExactly(new DayCount(FIRST, 0));
        assertThat(db.visibleRows(mine, TREND_LOW_ITEM)).isEqualTo(1);
        assertThat(db.visibleRows(mine, TREND_LOW_CHANGE)).isEqualTo(1);
    }

    @Test
    void shouldEmptyTheHistoryOfEveryOrganisationWhenReset() {
        TenantId tenant = TenantId.random();
        handle(tenant, low(ItemId.random(), tenant, "2026-12-01T10:00:00Z"));

        db.reset(projection::reset);

        assertThat(counts(tenant)).containsOnly(0L);
        assertThat(db.allRows(TREND_LOW_ITEM)).isZero();
        assertThat(db.allRows(TREND_LOW_CHANGE)).isZero();
    }
}
