package io.stockade.query.reports;

import static io.stockade.query.jooq.Tables.REPORT_CATEGORY;
import static io.stockade.query.jooq.Tables.REPORT_CATEGORY_STOCK;
import static io.stockade.query.jooq.Tables.REPORT_ITEM;
import static io.stockade.query.jooq.Tables.REPORT_LOCATION_STOCK;
import static io.stockade.query.jooq.Tables.REPORT_MOVEMENT;
import static io.stockade.query.jooq.Tables.REPORT_MOVEMENT_DAY;
import static io.stockade.query.jooq.Tables.REPORT_STOCKOUT;
import static io.stockade.query.jooq.Tables.REPORT_USER;

import io.stockade.api.common.TenantId;
import io.stockade.api.inventory.AdjustmentType;
import io.stockade.api.reporting.ReportQueries.CategoryStockRow;
import io.stockade.api.reporting.ReportQueries.DeadStockRow;
import io.stockade.api.reporting.ReportQueries.FindMovementsQuery;
import io.stockade.api.reporting.ReportQueries.FindStockoutsQuery;
import io.stockade.api.reporting.ReportQueries.LocationStockRow;
import io.stockade.api.reporting.ReportQueries.MovementGrouping;
import io.stockade.api.reporting.ReportQueries.MovementRow;
import io.stockade.api.reporting.ReportQueries.StockoutRow;
import io.stockade.platform.axon.WriteBehind;
import io.stockade.query.jooq.tables.ReportCategory;
import io.stockade.query.jooq.tables.records.ReportItemRecord;
import io.stockade.query.jooq.tables.records.ReportMovementRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Record4;
import org.jooq.RecordMapper;
import org.jooq.Select;
import org.jooq.SelectHavingStep;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;

/** All SQL of the reports. Callers bind the tenant first. */
@Repository
class ReportsRepository {
    /** Stands for "no user recorded" and "no category" in keys that cannot hold a null. */
    static final UUID NONE = new UUID(0, 0);

    private static final int FETCH_SIZE = 500;
    private final DSLContext dsl;
    private final WriteBehind writes;

    ReportsRepository(DSLContext dsl, WriteBehind writes) {
        this.dsl = dsl;
        this.writes = writes;
    }

    record Page<T>(List<T> rows, long total) {}

    // ---- writes (the projection) ----

    /** True when the item is new (a repeated creation inserts nothing and must not be counted again). */
    boolean insertItem(ReportItemRecord row) {
        return dsl.insertInto(REPORT_ITEM).set(row).onConflictDoNothing().execute() == 1;
    }

    Optional<ReportItemRecord> findItem(UUID tenant, UUID item) {
        return dsl.selectFrom(REPORT_ITEM)
                .where(REPORT_ITEM.TENANT_ID.eq(tenant))
                .and(REPORT_ITEM.ITEM_ID.eq(item))
                .forUpdate()
                .fetchOptional();
    }

    /** Several items of one tenant at once, locked like {@link #findItem}. */
    Map<UUID, ReportItemRecord> findItems(UUID tenant, Collection<UUID> items) {
        Map<UUID, ReportItemRecord> found = new HashMap<>();
        dsl.selectFrom(REPORT_ITEM)
                .where(REPORT_ITEM.TENANT_ID.eq(tenant))
                .and(REPORT_ITEM.ITEM_ID.in(items))
                .forUpdate()
                .fetch()
                .forEach(r -> found.put(r.getItemId(), r));
        return found;
    }

    void updateItem(ReportItemRecord row) {
        dsl.executeUpdate(row);
    }

    /** An item's part in the stock figures of its category and location; archived items have none. */
    record Share(UUID tenant, UUID category, String location, long items, long units, long low, long out) {
        static Share of(ReportItemRecord row) {
            UUID category = row.getReportCategoryId() == null ? NONE : row.getReportCategoryId();
            if (Boolean.TRUE.equals(row.getArchived())) {
                return new Share(row.getTenantId(), category, row.getLocation(), 0, 0, 0, 0);
            }
            int stock = row.getCurrentStock();
            boolean out = stock <= 0;
            return new Share(
                    row.getTenantId(),
                    category,
                    row.getLocation(),
                    1,
                    stock,
                    !out && stock <= row.getMinThreshold() ? 1 : 0,
                    out ? 1 : 0);
        }

        Share negated() {
            return new Share(tenant, category, location, -items, -units, -low, -out);
        }

        boolean sameGroups(Share other) {
            return category.equals(other.category) && Objects.equals(location, other.location);
        }
    }

    /**
     * Moves the figures from the item's share before a change to its share after it. A stock movement keeps
     * the item in its category and location: one upsert each with the difference, instead of taking the
     * old share away and adding the new one (six statements down to two on the busiest path).
     */
    void reshare(Share before, Share after) {
        if (before.sameGroups(after)) {
            add(new Share(
                    after.tenant(),
                    after.category(),
                    after.location(),
                    after.items() - before.items(),
                    after.units() - before.units(),
                    after.low() - before.low(),
                    after.out() - before.out()));
        } else {
            add(before.negated());
            add(after);
        }
    }

    /**
     * Adds a share (negative to take one away) to its category's and location's figures; a figure row left
     * with no items goes. Sent by {@link WriteBehind}: in order per table, so the clean-up follows its upsert.
     */
    void add(Share d) {
        if (d.items() == 0 && d.units() == 0 && d.low() == 0 && d.out() == 0) {
            return;
        }
        TenantId tenant = new TenantId(d.tenant());
        Map<String, Object> figures = WriteBehind.values(
                "tenant",
                d.tenant(),
                "category",
                d.category(),
                "location",
                d.location(),
                "items",
                d.items(),
                "units",
                d.units(),
                "low",
                d.low(),
                "out",
                d.out());
        writes.write(CATEGORY_SHARE, tenant, figures);
        writes.write(LOCATION_SHARE, tenant, figures);
        if (d.items() < 0) {
            writes.write(DROP_EMPTY_CATEGORY, tenant, figures);
            writes.write(DROP_EMPTY_LOCATION, tenant, figures);
        }
    }

    // ---- writes of a stock movement, sent in batches by WriteBehind (the busiest path) ----

    /** The item's new stock, last movement and version; a row already at that version or later is left alone. */
    void updateItemStockLater(TenantId tenant, ReportItemRecord row) {
        writes.write(
                ITEM_STOCK,
                tenant,
                WriteBehind.values(
                        "tenant",
                        row.getTenantId(),
                        "item",
                        row.getItemId(),
                        "stock",
                        row.getCurrentStock(),
                        "last",
                        row.getLastMovementAt(),
                        "version",
                        row.getVersion()));
    }

    /** The movement's line (kept if already there) and its part of the day's sums. */
    void addMovementLater(TenantId tenant, ReportMovementRecord line) {
        writes.write(MOVEMENT, tenant, line.intoMap());
        writes.write(
                DAY,
                tenant,
                WriteBehind.values(
                        "tenant",
                        line.getTenantId(),
                        "day",
                        line.getEffectiveAt()
                                .withOffsetSameInstant(ZoneOffset.UTC)
                                .toLocalDate(),
                        "user",
                        line.getUserId() == null ? NONE : line.getUserId(),
                        "type",
                        line.getMovementType(),
                        "reason",
                        line.getReason(),
                        "in",
                        (long) line.getUnitsIn(),
                        "out",
                        (long) line.getUnitsOut()));
    }

    void stockOutLater(TenantId tenant, UUID transaction, UUID item, Instant at) {
        writes.write(
                STOCKOUT,
                tenant,
                WriteBehind.values("tenant", tenant.value(), "transaction", transaction, "item", item, "at", utc(at)));
    }

    void recoveredLater(TenantId tenant, UUID item, Instant at) {
        writes.write(RECOVERED, tenant, WriteBehind.values("tenant", tenant.value(), "item", item, "at", utc(at)));
    }

    private static <T> Field<T> param(String name, Field<T> like) {
        return DSL.param(name, like.getDataType());
    }

    private static final WriteBehind.Shape ITEM_STOCK = new WriteBehind.Shape(
            ReportsProjection.GROUP,
            REPORT_ITEM,
            "stock",
            dsl -> dsl.update(REPORT_ITEM)
                    .set(REPORT_ITEM.CURRENT_STOCK, param("stock", REPORT_ITEM.CURRENT_STOCK))
                    .set(REPORT_ITEM.LAST_MOVEMENT_AT, param("last", REPORT_ITEM.LAST_MOVEMENT_AT))
                    .set(REPORT_ITEM.VERSION, param("version", REPORT_ITEM.VERSION))
                    .where(REPORT_ITEM.TENANT_ID.eq(param("tenant", REPORT_ITEM.TENANT_ID)))
                    .and(REPORT_ITEM.ITEM_ID.eq(param("item", REPORT_ITEM.ITEM_ID)))
                    .and(REPORT_ITEM.VERSION.lt(param("version", REPORT_ITEM.VERSION))));

    private static final WriteBehind.Shape CATEGORY_SHARE = new WriteBehind.Shape(
            ReportsProjection.GROUP,
            REPORT_CATEGORY_STOCK,
            "add",
            dsl -> addShare(
                    dsl,
                    REPORT_CATEGORY_STOCK,
                    REPORT_CATEGORY_STOCK.TENANT_ID,
                    REPORT_CATEGORY_STOCK.REPORT_CATEGORY_ID,
                    "category",
                    REPORT_CATEGORY_STOCK.ITEMS,
                    REPORT_CATEGORY_STOCK.UNITS,
                    REPORT_CATEGORY_STOCK.LOW_STOCK,
                    REPORT_CATEGORY_STOCK.OUT_OF_STOCK));

    private static final WriteBehind.Shape LOCATION_SHARE = new WriteBehind.Shape(
            ReportsProjection.GROUP,
            REPORT_LOCATION_STOCK,
            "add",
            dsl -> addShare(
                    dsl,
                    REPORT_LOCATION_STOCK,
                    REPORT_LOCATION_STOCK.TENANT_ID,
                    REPORT_LOCATION_STOCK.LOCATION,
                    "location",
                    REPORT_LOCATION_STOCK.ITEMS,
                    REPORT_LOCATION_STOCK.UNITS,
                    REPORT_LOCATION_STOCK.LOW_STOCK,
                    REPORT_LOCATION_STOCK.OUT_OF_STOCK));

    /** Upsert of a figures row (per category or per location) that adds the parameters to what is there. */
    private static <R extends Record, K> Query addShare(
            DSLContext dsl,
            Table<R> table,
            Field<UUID> tenant,
            Field<K> group,
            String groupParam,
            Field<Long> items,
            Field<Long> units,
            Field<Long> low,
            Field<Long> out) {
        Field<Long> addItems = param("items", items);
        Field<Long> addUnits = param("units", units);
        Field<Long> addLow = param("low", low);
        Field<Long> addOut = param("out", out);
        return dsl.insertInto(table, tenant, group, items, units, low, out)
                .values(param("tenant", tenant), param(groupParam, group), addItems, addUnits, addLow, addOut)
                .onConflict(tenant, group)
                .doUpdate()
                .set(items, items.plus(addItems))
                .set(units, units.plus(addUnits))
                .set(low, low.plus(addLow))
                .set(out, out.plus(addOut));
    }

    private static final WriteBehind.Shape DROP_EMPTY_CATEGORY = new WriteBehind.Shape(
            ReportsProjection.GROUP,
            REPORT_CATEGORY_STOCK,
            "drop empty",
            dsl -> dsl.deleteFrom(REPORT_CATEGORY_STOCK)
                    .where(REPORT_CATEGORY_STOCK.TENANT_ID.eq(param("tenant", REPORT_CATEGORY_STOCK.TENANT_ID)))
                    .and(REPORT_CATEGORY_STOCK.REPORT_CATEGORY_ID.eq(
                            param("category", REPORT_CATEGORY_STOCK.REPORT_CATEGORY_ID)))
                    .and(REPORT_CATEGORY_STOCK.ITEMS.le(0L)));

    private static final WriteBehind.Shape DROP_EMPTY_LOCATION = new WriteBehind.Shape(
            ReportsProjection.GROUP,
            REPORT_LOCATION_STOCK,
            "drop empty",
            dsl -> dsl.deleteFrom(REPORT_LOCATION_STOCK)
                    .where(REPORT_LOCATION_STOCK.TENANT_ID.eq(param("tenant", REPORT_LOCATION_STOCK.TENANT_ID)))
                    .and(REPORT_LOCATION_STOCK.LOCATION.eq(param("location", REPORT_LOCATION_STOCK.LOCATION)))
                    .and(REPORT_LOCATION_STOCK.ITEMS.le(0L)));

    private static final WriteBehind.Shape MOVEMENT =
            WriteBehind.Shape.insertOnce(ReportsProjection.GROUP, REPORT_MOVEMENT);

    private static final WriteBehind.Shape DAY =
            new WriteBehind.Shape(ReportsProjection.GROUP, REPORT_MOVEMENT_DAY, "add", dsl -> {
                var d = REPORT_MOVEMENT_DAY;
                Field<Long> in = param("in", d.UNITS_IN);
                Field<Long> out = param("out", d.UNITS_OUT);
                return dsl.insertInto(d)
                        .set(d.TENANT_ID, param("tenant", d.TENANT_ID))
                        .set(d.DAY, param("day", d.DAY))
                        .set(d.USER_ID, param("user", d.USER_ID))
                        .set(d.MOVEMENT_TYPE, param("type", d.MOVEMENT_TYPE))
                        .set(d.REASON, param("reason", d.REASON))
                        .set(d.MOVEMENTS, DSL.inline(1L))
                        .set(d.UNITS_IN, in)
                        .set(d.UNITS_OUT, out)
                        .onConflict(d.TENANT_ID, d.DAY, d.USER_ID, d.MOVEMENT_TYPE, d.REASON)
                        .doUpdate()
                        .set(d.MOVEMENTS, d.MOVEMENTS.plus(DSL.inline(1L)))
                        .set(d.UNITS_IN, d.UNITS_IN.plus(in))
                        .set(d.UNITS_OUT, d.UNITS_OUT.plus(out));
            });

    private static final WriteBehind.Shape STOCKOUT = new WriteBehind.Shape(
            ReportsProjection.GROUP,
            REPORT_STOCKOUT,
            "open",
            dsl -> dsl.insertInto(REPORT_STOCKOUT)
                    .set(REPORT_STOCKOUT.TENANT_ID, param("tenant", REPORT_STOCKOUT.TENANT_ID))
                    .set(REPORT_STOCKOUT.OUT_TRANSACTION_ID, param("transaction", REPORT_STOCKOUT.OUT_TRANSACTION_ID))
                    .set(REPORT_STOCKOUT.ITEM_ID, param("item", REPORT_STOCKOUT.ITEM_ID))
                    .set(REPORT_STOCKOUT.OUT_AT, param("at", REPORT_STOCKOUT.OUT_AT))
                    .onConflictDoNothing());

    private static final WriteBehind.Shape RECOVERED = new WriteBehind.Shape(
            ReportsProjection.GROUP,
            REPORT_STOCKOUT,
            "close",
            dsl -> dsl.update(REPORT_STOCKOUT)
                    .set(REPORT_STOCKOUT.RECOVERED_AT, param("at", REPORT_STOCKOUT.RECOVERED_AT))
                    .where(REPORT_STOCKOUT.TENANT_ID.eq(param("tenant", REPORT_STOCKOUT.TENANT_ID)))
                    .and(REPORT_STOCKOUT.ITEM_ID.eq(param("item", REPORT_STOCKOUT.ITEM_ID)))
                    .and(REPORT_STOCKOUT.RECOVERED_AT.isNull())
                    .and(REPORT_STOCKOUT.OUT_AT.le(param("at", REPORT_STOCKOUT.OUT_AT))));

    void upsertCategory(UUID tenant, UUID category, String name, UUID parent) {
        dsl.insertInto(REPORT_CATEGORY)
                .set(REPORT_CATEGORY.TENANT_ID, tenant)
                .set(REPORT_CATEGORY.CATEGORY_ID, category)
                .set(REPORT_CATEGORY.NAME, name)
                .set(REPORT_CATEGORY.PARENT_ID, parent)
                .onConflict(REPORT_CATEGORY.TENANT_ID, REPORT_CATEGORY.CATEGORY_ID)
                .doUpdate()
                .set(REPORT_CATEGORY.NAME, name)
                .set(REPORT_CATEGORY.PARENT_ID, parent)
                .execute();
    }

    void renameCategory(UUID tenant, UUID category, String name) {
        dsl.update(REPORT_CATEGORY)
                .set(REPORT_CATEGORY.NAME, name)
                .where(REPORT_CATEGORY.TENANT_ID.eq(tenant))
                .and(REPORT_CATEGORY.CATEGORY_ID.eq(category))
                .execute();
    }

    void deleteCategory(UUID tenant, UUID category) {
        dsl.deleteFrom(REPORT_CATEGORY)
                .where(REPORT_CATEGORY.TENANT_ID.eq(tenant))
                .and(REPORT_CATEGORY.CATEGORY_ID.eq(category))
                .execute();
    }

    void upsertUser(UUID tenant, UUID user, String username) {
        dsl.insertInto(REPORT_USER)
                .set(REPORT_USER.TENANT_ID, tenant)
                .set(REPORT_USER.USER_ID, user)
                .set(REPORT_USER.USERNAME, username)
                .onConflict(REPORT_USER.TENANT_ID, REPORT_USER.USER_ID)
                .doUpdate()
                .set(REPORT_USER.USERNAME, username)
                .execute();
    }

    void truncate() {
        dsl.truncate(REPORT_ITEM).execute();
        dsl.truncate(REPORT_CATEGORY_STOCK).execute();
        dsl.truncate(REPORT_LOCATION_STOCK).execute();
        dsl.truncate(REPORT_CATEGORY).execute();
        dsl.truncate(REPORT_USER).execute();
        dsl.truncate(REPORT_MOVEMENT).execute();
        dsl.truncate(REPORT_MOVEMENT_DAY).execute();
        dsl.truncate(REPORT_STOCKOUT).execute();
    }

    // ---- stock by category ----

    private static final ReportCategory CAT = REPORT_CATEGORY.as("c");
    private static final ReportCategory PARENT = REPORT_CATEGORY.as("p");
    private static final Condition LIVE = DSL.not(DSL.condition(REPORT_ITEM.ARCHIVED));

    Page<CategoryStockRow> stockByCategory(UUID tenant, UUID category, int page, int limit) {
        return page(() -> byCategory(tenant, category), categoryOrder(), ReportsRepository::categoryRow, page, limit);
    }

    void streamStockByCategory(UUID tenant, UUID category, Consumer<CategoryStockRow> sink) {
        stream(byCategory(tenant, category), categoryOrder(), ReportsRepository::categoryRow, sink);
    }

    private SelectHavingStep<Record> byCategory(UUID tenant, UUID category) {
        var s = REPORT_CATEGORY_STOCK;
        Condition where = s.TENANT_ID.eq(tenant);
        if (category != null) {
            where = where.and(s.REPORT_CATEGORY_ID.eq(category).or(CAT.PARENT_ID.eq(category)));
        }
        return dsl.select(List.of(
                        s.REPORT_CATEGORY_ID,
                        CAT.NAME,
                        CAT.PARENT_ID,
                        PARENT.NAME.as("parent_name"),
                        s.ITEMS,
                        s.UNITS,
                        s.LOW_STOCK,
                        s.OUT_OF_STOCK))
                .from(s)
                .leftJoin(CAT)
                .on(CAT.TENANT_ID.eq(s.TENANT_ID).and(CAT.CATEGORY_ID.eq(s.REPORT_CATEGORY_ID)))
                .leftJoin(PARENT)
                .on(PARENT.TENANT_ID.eq(CAT.TENANT_ID).and(PARENT.CATEGORY_ID.eq(CAT.PARENT_ID)))
                .where(where);
    }

    /** A category, then its sub-categories; items without a category last. */
    private static List<SortField<?>> categoryOrder() {
        return List.of(
                DSL.lower(DSL.coalesce(PARENT.NAME, CAT.NAME)).asc().nullsLast(),
                CAT.PARENT_ID.asc().nullsFirst(),
                DSL.lower(CAT.NAME).asc(),
                REPORT_CATEGORY_STOCK.REPORT_CATEGORY_ID.asc());
    }

    private static CategoryStockRow categoryRow(Record r) {
        var s = REPORT_CATEGORY_STOCK;
        UUID id = r.get(s.REPORT_CATEGORY_ID);
        boolean none = NONE.equals(id);
        UUID parent = r.get(CAT.PARENT_ID);
        return new CategoryStockRow(
                none ? null : id.toString(),
                none ? "Uncategorised" : r.get(CAT.NAME),
                parent == null ? null : parent.toString(),
                r.get("parent_name", String.class),
                r.get(s.ITEMS),
                r.get(s.UNITS),
                r.get(s.LOW_STOCK),
                r.get(s.OUT_OF_STOCK));
    }

    // ---- stock by location ----

    Page<LocationStockRow> stockByLocation(UUID tenant, String search, int page, int limit) {
        return page(
                () -> byLocation(tenant, search),
                List.of(REPORT_LOCATION_STOCK.LOCATION.asc()),
                ReportsRepository::locationRow,
                page,
                limit);
    }

    void streamStockByLocation(UUID tenant, String search, Consumer<LocationStockRow> sink) {
        stream(
                byLocation(tenant, search),
                List.of(REPORT_LOCATION_STOCK.LOCATION.asc()),
                ReportsRepository::locationRow,
                sink);
    }

    private SelectHavingStep<Record> byLocation(UUID tenant, String search) {
        var l = REPORT_LOCATION_STOCK;
        Condition where = l.TENANT_ID.eq(tenant);
        if (search != null && !search.isBlank()) {
            where = where.and(l.LOCATION.containsIgnoreCase(search.strip()));
        }
        return dsl.select(List.of(l.LOCATION, l.ITEMS, l.UNITS, l.LOW_STOCK, l.OUT_OF_STOCK))
                .from(l)
                .where(where);
    }

    private static LocationStockRow locationRow(Record r) {
        var l = REPORT_LOCATION_STOCK;
        return new LocationStockRow(
                r.get(l.LOCATION), r.get(l.ITEMS), r.get(l.UNITS), r.get(l.LOW_STOCK), r.get(l.OUT_OF_STOCK));
    }

    // ---- movements ----

    record MovementFilter(
            UUID tenant,
            Instant from,
            Instant to,
            MovementGrouping groupBy,
            UUID item,
            UUID user,
            AdjustmentType type) {
        static MovementFilter of(FindMovementsQuery q) {
            return new MovementFilter(
                    q.tenantId().value(),
                    q.from(),
                    q.to(),
                    q.groupBy(),
                    q.itemId() == null ? null : q.itemId().value(),
                    q.userId() == null ? null : q.userId().value(),
                    q.type());
        }
    }

    private static final Field<String> KEY = DSL.field(DSL.name("k"), String.class);
    private static final Field<Long> MOVES = DSL.field(DSL.name("m"), Long.class);
    private static final Field<Long> IN = DSL.field(DSL.name("i"), Long.class);
    private static final Field<Long> OUT_UNITS = DSL.field(DSL.name("o"), Long.class);

    Page<MovementRow> movements(MovementFilter f, int page, int limit) {
        Page<MovementRow> p =
                page(() -> grouped(f), movementOrder(f.groupBy()), r -> movementRow(r, f.groupBy()), page, limit);
        return new Page<>(withUsernames(f, p.rows()), p.total());
    }

    void streamMovements(MovementFilter f, Consumer<MovementRow> sink) {
        List<MovementRow> rows = new ArrayList<>();
        stream(grouped(f), movementOrder(f.groupBy()), r -> movementRow(r, f.groupBy()), rows::add);
        withUsernames(f, rows).forEach(sink);
    }

    /**
     * Whole UTC days come from the per-day sums, the partial days at either end (and everything when
     * one item is asked for) from the movements themselves; the parts are added up by key.
     */
    private SelectHavingStep<Record4<String, BigDecimal, BigDecimal, BigDecimal>> grouped(MovementFilter f) {
        List<Select<Record4<String, Long, Long, Long>>> parts = new ArrayList<>();
        LocalDate firstWholeDay =
                LocalDate.ofInstant(f.from().minusNanos(1), ZoneOffset.UTC).plusDays(1);
        LocalDate endWholeDays = LocalDate.ofInstant(f.to(), ZoneOffset.UTC);
        Instant wholeFrom = firstWholeDay.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant wholeTo = endWholeDays.atStartOfDay(ZoneOffset.UTC).toInstant();
        if (f.item() == null && firstWholeDay.isBefore(endWholeDays)) {
            parts.add(daySums(f, firstWholeDay, endWholeDays));
            if (f.from().isBefore(wholeFrom)) {
                parts.add(lines(f, f.from(), wholeFrom));
            }
            if (wholeTo.isBefore(f.to())) {
                parts.add(lines(f, wholeTo, f.to()));
            }
        } else {
            parts.add(lines(f, f.from(), f.to()));
        }
        Select<Record4<String, Long, Long, Long>> union = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            union = union.unionAll(parts.get(i));
        }
        Table<Record4<String, Long, Long, Long>> u = union.asTable("u", "k", "m", "i", "o");
        return dsl.select(
                        KEY,
                        DSL.sum(MOVES).as("m"),
                        DSL.sum(IN).as("i"),
                        DSL.sum(OUT_UNITS).as("o"))
                .from(u)
                .groupBy(KEY);
    }

    private Select<Record4<String, Long, Long, Long>> lines(MovementFilter f, Instant from, Instant to) {
        var t = REPORT_MOVEMENT;
        Condition where =
                t.TENANT_ID.eq(f.tenant()).and(t.EFFECTIVE_AT.ge(utc(from))).and(t.EFFECTIVE_AT.lt(utc(to)));
        if (f.item() != null) {
            where = where.and(t.ITEM_ID.eq(f.item()));
        }
        if (f.user() != null) {
            where = where.and(t.USER_ID.eq(f.user()));
        }
        if (f.type() != null) {
            where = where.and(t.MOVEMENT_TYPE.eq(f.type().wire()));
        }
        Field<String> key = switch (f.groupBy()) {
            case DAY -> DSL.field("to_char({0} at time zone 'UTC', 'YYYY-MM-DD')", String.class, t.EFFECTIVE_AT);
            case WEEK ->
                DSL.field(
                        "to_char(date_trunc('week', {0} at time zone 'UTC'), 'YYYY-MM-DD')",
                        String.class, t.EFFECTIVE_AT);
            case MONTH -> DSL.field("to_char({0} at time zone 'UTC', 'YYYY-MM')", String.class, t.EFFECTIVE_AT);
            case USER -> DSL.coalesce(t.USER_ID, DSL.inline(NONE)).cast(SQLDataType.VARCHAR);
            case REASON -> t.REASON;
            case TYPE -> DSL.upper(t.MOVEMENT_TYPE);
        };
        return dsl.select(
                        key,
                        DSL.count().cast(SQLDataType.BIGINT),
                        DSL.sum(t.UNITS_IN).cast(SQLDataType.BIGINT),
                        DSL.sum(t.UNITS_OUT).cast(SQLDataType.BIGINT))
                .from(t)
                .where(where)
                .groupBy(key);
    }

    private Select<Record4<String, Long, Long, Long>> daySums(MovementFilter f, LocalDate from, LocalDate to) {
        var d = REPORT_MOVEMENT_DAY;
        Condition where = d.TENANT_ID.eq(f.tenant()).and(d.DAY.ge(from)).and(d.DAY.lt(to));
        if (f.user() != null) {
            where = where.and(d.USER_ID.eq(f.user()));
        }
        if (f.type() != null) {
            where = where.and(d.MOVEMENT_TYPE.eq(f.type().wire()));
        }
        Field<String> key = switch (f.groupBy()) {
            case DAY -> DSL.field("to_char({0}, 'YYYY-MM-DD')", String.class, d.DAY);
            case WEEK -> DSL.field("to_char(date_trunc('week', {0}::timestamp), 'YYYY-MM-DD')", String.class, d.DAY);
            case MONTH -> DSL.field("to_char({0}, 'YYYY-MM')", String.class, d.DAY);
            case USER -> d.USER_ID.cast(SQLDataType.VARCHAR);
            case REASON -> d.REASON;
            case TYPE -> DSL.upper(d.MOVEMENT_TYPE);
        };
        return dsl.select(
                        key,
                        DSL.sum(d.MOVEMENTS).cast(SQLDataType.BIGINT),
                        DSL.sum(d.UNITS_IN).cast(SQLDataType.BIGINT),
                        DSL.sum(d.UNITS_OUT).cast(SQLDataType.BIGINT))
                .from(d)
                .where(where)
                .groupBy(key);
    }

    /** Periods in time order; users, reasons and directions busiest first. */
    private static List<SortField<?>> movementOrder(MovementGrouping g) {
        return switch (g) {
            case DAY, WEEK, MONTH -> List.of(KEY.asc());
            default -> List.of(DSL.sum(MOVES).desc(), KEY.asc());
        };
    }

    private static MovementRow movementRow(Record r, MovementGrouping g) {
        String key = r.get(KEY);
        String label = switch (g) {
            case DAY, REASON -> key;
            case WEEK -> {
                LocalDate monday = LocalDate.parse(key);
                yield String.format(
                        Locale.ROOT,
                        "%d-W%02d",
                        monday.get(IsoFields.WEEK_BASED_YEAR),
                        monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            }
            case MONTH -> YearMonth.parse(key).format(DateTimeFormatter.ofPattern("MMMM uuuu", Locale.ENGLISH));
            case TYPE -> key.charAt(0) + key.substring(1).toLowerCase(Locale.ROOT);
            case USER -> null;
        };
        if (g == MovementGrouping.USER && NONE.toString().equals(key)) {
            key = "";
            label = "Unknown user";
        }
        return new MovementRow(key, label, r.get("m", Long.class), r.get("i", Long.class), r.get("o", Long.class));
    }

    private List<MovementRow> withUsernames(MovementFilter f, List<MovementRow> rows) {
        if (f.groupBy() != MovementGrouping.USER || rows.isEmpty()) {
            return rows;
        }
        List<UUID> ids = rows.stream()
                .filter(r -> !r.key().isEmpty())
                .map(r -> UUID.fromString(r.key()))
                .toList();
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < ids.size(); i += 1000) {
            dsl.select(REPORT_USER.USER_ID, REPORT_USER.USERNAME)
                    .from(REPORT_USER)
                    .where(REPORT_USER.TENANT_ID.eq(f.tenant()))
                    .and(REPORT_USER.USER_ID.in(ids.subList(i, Math.min(ids.size(), i + 1000))))
                    .forEach(r -> names.put(r.value1().toString(), r.value2()));
        }
        return rows.stream()
                .map(r -> r.label() != null
                        ? r
                        : new MovementRow(
                                r.key(),
                                names.getOrDefault(r.key(), r.key()),
                                r.movements(),
                                r.unitsIn(),
                                r.unitsOut()))
                .toList();
    }

    // ---- dead stock ----

    Page<DeadStockRow> deadStock(UUID tenant, Instant movedBefore, UUID category, int page, int limit) {
        return page(() -> dead(tenant, movedBefore, category), deadOrder(), ReportsRepository::deadRow, page, limit);
    }

    void streamDeadStock(UUID tenant, Instant movedBefore, UUID category, Consumer<DeadStockRow> sink) {
        stream(dead(tenant, movedBefore, category), deadOrder(), ReportsRepository::deadRow, sink);
    }

    private SelectHavingStep<Record> dead(UUID tenant, Instant movedBefore, UUID category) {
        Condition where = REPORT_ITEM
                .TENANT_ID
                .eq(tenant)
                .and(LIVE)
                .and(REPORT_ITEM.LAST_MOVEMENT_AT.isNull().or(REPORT_ITEM.LAST_MOVEMENT_AT.lt(utc(movedBefore))));
        if (category != null) {
            where = where.and(REPORT_ITEM.CATEGORY_ID.eq(category).or(REPORT_ITEM.SUB_CATEGORY_ID.eq(category)));
        }
        return dsl.select(List.of(
                        REPORT_ITEM.ITEM_ID,
                        REPORT_ITEM.SKU,
                        REPORT_ITEM.NAME,
                        REPORT_ITEM.LOCATION,
                        REPORT_ITEM.CURRENT_STOCK,
                        REPORT_ITEM.LAST_MOVEMENT_AT))
                .from(REPORT_ITEM)
                .where(where);
    }

    private static List<SortField<?>> deadOrder() {
        return List.of(REPORT_ITEM.LAST_MOVEMENT_AT.asc().nullsFirst(), REPORT_ITEM.ITEM_ID.asc());
    }

    private static DeadStockRow deadRow(Record r) {
        return new DeadStockRow(
                r.get(REPORT_ITEM.ITEM_ID).toString(),
                r.get(REPORT_ITEM.SKU),
                r.get(REPORT_ITEM.NAME),
                r.get(REPORT_ITEM.LOCATION),
                r.get(REPORT_ITEM.CURRENT_STOCK),
                instant(r.get(REPORT_ITEM.LAST_MOVEMENT_AT)));
    }

    // ---- stockouts ----

    record StockoutFilter(UUID tenant, Instant from, Instant to, UUID item, Instant asOf) {
        static StockoutFilter of(FindStockoutsQuery q) {
            return new StockoutFilter(
                    q.tenantId().value(),
                    q.from(),
                    q.to(),
                    q.itemId() == null ? null : q.itemId().value(),
                    q.asOf());
        }
    }

    Page<StockoutRow> stockouts(StockoutFilter f, int page, int limit) {
        return page(() -> outs(f), stockoutOrder(), r -> stockoutRow(r, f.asOf()), page, limit);
    }

    void streamStockouts(StockoutFilter f, Consumer<StockoutRow> sink) {
        stream(outs(f), stockoutOrder(), r -> stockoutRow(r, f.asOf()), sink);
    }

    private SelectHavingStep<Record> outs(StockoutFilter f) {
        var s = REPORT_STOCKOUT;
        Condition where = s.TENANT_ID.eq(f.tenant());
        if (f.item() != null) {
            where = where.and(s.ITEM_ID.eq(f.item()));
        }
        if (f.to() != null) {
            where = where.and(s.OUT_AT.lt(utc(f.to())));
        }
        if (f.from() != null) {
            where = where.and(s.RECOVERED_AT.isNull().or(s.RECOVERED_AT.ge(utc(f.from()))));
        }
        return dsl.select(List.of(s.ITEM_ID, REPORT_ITEM.SKU, REPORT_ITEM.NAME, s.OUT_AT, s.RECOVERED_AT))
                .from(s)
                .leftJoin(REPORT_ITEM)
                .on(REPORT_ITEM.TENANT_ID.eq(s.TENANT_ID).and(REPORT_ITEM.ITEM_ID.eq(s.ITEM_ID)))
                .where(where);
    }

    private static List<SortField<?>> stockoutOrder() {
        return List.of(REPORT_STOCKOUT.OUT_AT.desc(), REPORT_STOCKOUT.OUT_TRANSACTION_ID.desc());
    }

    private static StockoutRow stockoutRow(Record r, Instant asOf) {
        Instant out = instant(r.get(REPORT_STOCKOUT.OUT_AT));
        Instant recovered = instant(r.get(REPORT_STOCKOUT.RECOVERED_AT));
        Instant end = recovered != null ? recovered : asOf;
        return new StockoutRow(
                r.get(REPORT_STOCKOUT.ITEM_ID).toString(),
                r.get(REPORT_ITEM.SKU),
                r.get(REPORT_ITEM.NAME),
                out,
                recovered,
                Math.max(0, Duration.between(out, end).getSeconds()));
    }

    // ---- paging and streaming ----

    private <R extends Record, T> Page<T> page(
            Supplier<? extends SelectHavingStep<R>> query,
            List<SortField<?>> order,
            RecordMapper<? super R, T> mapper,
            int page,
            int limit) {
        long total = dsl.fetchCount(query.get());
        List<T> rows = total == 0
                ? List.of()
                : query.get()
                        .orderBy(order)
                        .limit(limit)
                        .offset((long) (page - 1) * limit)
                        .fetch(mapper);
        return new Page<>(rows, total);
    }

    /** Every row through a cursor, so a large export never sits in memory. */
    private <R extends Record, T> void stream(
            SelectHavingStep<R> query, List<SortField<?>> order, RecordMapper<? super R, T> mapper, Consumer<T> sink) {
        try (Cursor<R> cursor = query.orderBy(order).fetchSize(FETCH_SIZE).fetchLazy()) {
            cursor.forEach(r -> sink.accept(mapper.map(r)));
        }
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    /**
     * Erasure: the person's name and movement reasons read as erased. Day totals are keyed by reason, so the
     * person's rows of a day fold into one erased row per direction.
     */
    void eraseUser(UUID tenant, UUID user, String erased) {
        dsl.update(REPORT_USER)
                .set(REPORT_USER.USERNAME, erased)
                .where(REPORT_USER.TENANT_ID.eq(tenant).and(REPORT_USER.USER_ID.eq(user)))
                .execute();
        dsl.update(REPORT_MOVEMENT)
                .set(REPORT_MOVEMENT.REASON, erased)
                .where(REPORT_MOVEMENT.TENANT_ID.eq(tenant).and(REPORT_MOVEMENT.USER_ID.eq(user)))
                .execute();
        var d = REPORT_MOVEMENT_DAY;
        var removed = dsl.deleteFrom(d)
                .where(d.TENANT_ID.eq(tenant).and(d.USER_ID.eq(user)).and(d.REASON.ne(erased)))
                .returning()
                .fetch();
        for (var r : removed) {
            dsl.insertInto(d)
                    .set(d.TENANT_ID, tenant)
                    .set(d.DAY, r.getDay())
                    .set(d.USER_ID, user)
                    .set(d.MOVEMENT_TYPE, r.getMovementType())
                    .set(d.REASON, erased)
                    .set(d.MOVEMENTS, r.getMovements())
                    .set(d.UNITS_IN, r.getUnitsIn())
                    .set(d.UNITS_OUT, r.getUnitsOut())
                    .onConflict(d.TENANT_ID, d.DAY, d.USER_ID, d.MOVEMENT_TYPE, d.REASON)
                    .doUpdate()
                    .set(d.MOVEMENTS, d.MOVEMENTS.plus(r.getMovements()))
                    .set(d.UNITS_IN, d.UNITS_IN.plus(r.getUnitsIn()))
                    .set(d.UNITS_OUT, d.UNITS_OUT.plus(r.getUnitsOut()))
                    .execute();
        }
    }
}
