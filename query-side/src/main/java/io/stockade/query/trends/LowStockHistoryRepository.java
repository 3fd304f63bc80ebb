package io.stockade.query.trends;

import static io.stockade.query.jooq.Tables.TREND_LOW_CHANGE;
import static io.stockade.query.jooq.Tables.TREND_LOW_ITEM;

import io.stockade.api.inventory.InventoryQueries.DayCount;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** All SQL of the low-stock history. Callers bind the tenant first. */
@Repository
class LowStockHistoryRepository {
    private final DSLContext dsl;

    LowStockHistoryRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Marks the item low; records +1 only if it was not low already (replays and repeats count once). */
    void becameLow(UUID tenant, UUID item, String eventId, Instant at) {
        if (dsl.insertInto(TREND_LOW_ITEM)
                        .set(TREND_LOW_ITEM.TENANT_ID, tenant)
                        .set(TREND_LOW_ITEM.ITEM_ID, item)
                        .onConflictDoNothing()
                        .execute()
                == 1) {
            change(tenant, eventId, at, 1);
        }
    }

    /** Clears the item's low mark; records -1 only if it was low. */
    void noLongerLow(UUID tenant, UUID item, String eventId, Instant at) {
        if (dsl.deleteFrom(TREND_LOW_ITEM)
                        .where(TREND_LOW_ITEM.TENANT_ID.eq(tenant))
                        .and(TREND_LOW_ITEM.ITEM_ID.eq(item))
                        .execute()
                == 1) {
            change(tenant, eventId, at, -1);
        }
    }

    private void change(UUID tenant, String eventId, Instant at, int delta) {
        dsl.insertInto(TREND_LOW_CHANGE)
                .set(TREND_LOW_CHANGE.TENANT_ID, tenant)
                .set(TREND_LOW_CHANGE.EVENT_ID, eventId)
                .set(TREND_LOW_CHANGE.CHANGED_AT, at.atOffset(ZoneOffset.UTC))
                .set(TREND_LOW_CHANGE.DELTA, (short) delta)
                .onConflictDoNothing()
                .execute();
    }

    void truncate() {
        dsl.truncate(TREND_LOW_ITEM).execute();
        dsl.truncate(TREND_LOW_CHANGE).execute();
    }

    /** The low-stock count at the end of each UTC day: what stood before the window plus each day's changes. */
    List<DayCount> endOfDayCounts(UUID tenant, LocalDate first, int days) {
        Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = first.plusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
        long before = dsl.select(DSL.coalesce(DSL.sum(TREND_LOW_CHANGE.DELTA), BigDecimal.ZERO))
                .from(TREND_LOW_CHANGE)
                .where(TREND_LOW_CHANGE.TENANT_ID.eq(tenant))
                .and(TREND_LOW_CHANGE.CHANGED_AT.lt(from.atOffset(ZoneOffset.UTC)))
                .fetchOne(0, Long.class);
        Field<LocalDate> day =
                DSL.field("(({0}) at time zone 'UTC')::date", LocalDate.class, TREND_LOW_CHANGE.CHANGED_AT);
        Map<LocalDate, Long> perDay = new HashMap<>();
        dsl.select(day, DSL.sum(TREND_LOW_CHANGE.DELTA))
                .from(TREND_LOW_CHANGE)
                .where(TREND_LOW_CHANGE.TENANT_ID.eq(tenant))
                .and(TREND_LOW_CHANGE.CHANGED_AT.ge(from.atOffset(ZoneOffset.UTC)))
                .and(TREND_LOW_CHANGE.CHANGED_AT.lt(to.atOffset(ZoneOffset.UTC)))
                .groupBy(day)
                .forEach(r -> perDay.put(r.value1(), r.value2().longValue()));
        List<DayCount> series = new ArrayList<>();
        long running = before;
        for (int i = 0; i < days; i++) {
            LocalDate d = first.plusDays(i);
            running += perDay.getOrDefault(d, 0L);
            series.add(new DayCount(d, running));
        }
        return series;
    }
}
