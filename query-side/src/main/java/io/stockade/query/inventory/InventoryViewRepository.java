package io.stockade.query.inventory;

import static io.stockade.query.jooq.Tables.INVENTORY_CATEGORY;
import static io.stockade.query.jooq.Tables.INVENTORY_ITEM;

import io.stockade.api.common.TenantId;
import io.stockade.api.inventory.InventoryQueries.CategoryStock;
import io.stockade.api.inventory.InventoryQueries.FindItemsQuery;
import io.stockade.api.inventory.InventoryQueries.ItemSort;
import io.stockade.api.inventory.InventoryQueries.ItemView;
import io.stockade.api.inventory.InventoryQueries.LowStockItemView;
import io.stockade.api.inventory.StockStatus;
import io.stockade.platform.axon.WriteBehind;
import io.stockade.query.jooq.tables.records.InventoryItemRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** All SQL of the inventory read model. Callers bind the tenant first (row-level security). */
@Repository
class InventoryViewRepository {
    private final DSLContext dsl;
    private final WriteBehind writes;

    InventoryViewRepository(DSLContext dsl, WriteBehind writes) {
        this.dsl = dsl;
        this.writes = writes;
    }

    void insert(InventoryItemRecord row) {
        dsl.insertInto(INVENTORY_ITEM).set(row).onConflictDoNothing().execute();
    }

    Optional<InventoryItemRecord> find(UUID tenant, UUID item) {
        return dsl.selectFrom(INVENTORY_ITEM)
                .where(INVENTORY_ITEM.TENANT_ID.eq(tenant).and(INVENTORY_ITEM.ITEM_ID.eq(item)))
                .fetchOptional();
    }

    /** Writes a changed row only if the event is newer than what the row already reflects (replays and redeliveries). */
    void updateIfNewer(InventoryItemRecord row, long version) {
        row.setVersion(version);
        dsl.update(INVENTORY_ITEM)
                .set(row)
                .where(INVENTORY_ITEM
                        .TENANT_ID
                        .eq(row.getTenantId())
                        .and(INVENTORY_ITEM.ITEM_ID.eq(row.getItemId()))
                        .and(INVENTORY_ITEM.VERSION.lt(version)))
                .execute();
    }

    /**
     * An event on the item's stream that changes nothing this view shows (a low-stock episode, an alert):
     * the row still takes its sequence number, so its version (the ETag a PUT sends back as If-Match) stays
     * the aggregate's own.
     */
    void advanceVersion(UUID tenant, UUID item, long version) {
        dsl.update(INVENTORY_ITEM)
                .set(INVENTORY_ITEM.VERSION, version)
                .where(INVENTORY_ITEM
                        .TENANT_ID
                        .eq(tenant)
                        .and(INVENTORY_ITEM.ITEM_ID.eq(item))
                        .and(INVENTORY_ITEM.VERSION.lt(version)))
                .execute();
    }

    /** The hottest event: one statement, guarded by the version, status computed by the same rule as StockStatus.of. */
    void applyStock(TenantId tenant, UUID item, int stock, long version, Instant at) {
        writes.write(
                APPLY_STOCK,
                tenant,
                WriteBehind.values(
                        "tenant", tenant.value(), "item", item, "stock", stock, "version", version, "at", utc(at)));
    }

    /** Sent in batches by {@link WriteBehind}: rendered once per run, bound once per movement. */
    private static final WriteBehind.Shape APPLY_STOCK =
            new WriteBehind.Shape(InventoryItemProjection.GROUP, INVENTORY_ITEM, "apply stock", dsl -> {
                Field<Integer> stock = DSL.param("stock", INVENTORY_ITEM.CURRENT_STOCK.getDataType());
                Field<Long> version = DSL.param("version", INVENTORY_ITEM.VERSION.getDataType());
                return dsl.update(INVENTORY_ITEM)
                        .set(INVENTORY_ITEM.CURRENT_STOCK, stock)
                        .set(
                                INVENTORY_ITEM.STOCK_STATUS,
                                DSL.when(stock.le(0), DSL.inline(code(StockStatus.OUT_OF_STOCK)))
                                        .when(
                                                stock.le(INVENTORY_ITEM.MIN_THRESHOLD),
                                                DSL.inline(code(StockStatus.LOW_STOCK)))
                                        .otherwise(DSL.inline(code(StockStatus.IN_STOCK))))
                        .set(INVENTORY_ITEM.VERSION, version)
                        .set(INVENTORY_ITEM.UPDATED_AT, DSL.param("at", INVENTORY_ITEM.UPDATED_AT.getDataType()))
                        .where(INVENTORY_ITEM
                                .TENANT_ID
                                .eq(DSL.param("tenant", INVENTORY_ITEM.TENANT_ID.getDataType()))
                                .and(INVENTORY_ITEM.ITEM_ID.eq(DSL.param("item", INVENTORY_ITEM.ITEM_ID.getDataType())))
                                .and(INVENTORY_ITEM.VERSION.lt(version)));
            });

    void renameCategory(UUID tenant, UUID category, String name) {
        dsl.insertInto(INVENTORY_CATEGORY)
                .set(INVENTORY_CATEGORY.TENANT_ID, tenant)
                .set(INVENTORY_CATEGORY.CATEGORY_ID, category)
                .set(INVENTORY_CATEGORY.NAME, name)
                .onConflict(INVENTORY_CATEGORY.TENANT_ID, INVENTORY_CATEGORY.CATEGORY_ID)
                .doUpdate()
                .set(INVENTORY_CATEGORY.NAME, name)
                .execute();
        dsl.update(INVENTORY_ITEM)
                .set(INVENTORY_ITEM.CATEGORY_NAME, name)
                .where(INVENTORY_ITEM.TENANT_ID.eq(tenant).and(INVENTORY_ITEM.CATEGORY_ID.eq(category)))
                .execute();
        dsl.update(INVENTORY_ITEM)
                .set(INVENTORY_ITEM.SUB_CATEGORY_NAME, name)
                .where(INVENTORY_ITEM.TENANT_ID.eq(tenant).and(INVENTORY_ITEM.SUB_CATEGORY_ID.eq(category)))
                .execute();
    }

    /** Seed 004's ON DELETE SET NULL: items keep existing without the category. */
    void deleteCategory(UUID tenant, UUID category) {
        dsl.deleteFrom(INVENTORY_CATEGORY)
                .where(INVENTORY_CATEGORY.TENANT_ID.eq(tenant).and(INVENTORY_CATEGORY.CATEGORY_ID.eq(category)))
                .execute();
        dsl.update(INVENTORY_ITEM)
                .setNull(INVENTORY_ITEM.CATEGORY_ID)
                .setNull(INVENTORY_ITEM.CATEGORY_NAME)
                .setNull(INVENTORY_ITEM.SUB_CATEGORY_ID)
                .setNull(INVENTORY_ITEM.SUB_CATEGORY_NAME)
                .where(INVENTORY_ITEM.TENANT_ID.eq(tenant).and(INVENTORY_ITEM.CATEGORY_ID.eq(category)))
                .execute();
        dsl.update(INVENTORY_ITEM)
                .setNull(INVENTORY_ITEM.SUB_CATEGORY_ID)
                .setNull(INVENTORY_ITEM.SUB_CATEGORY_NAME)
                .where(INVENTORY_ITEM.TENANT_ID.eq(tenant).and(INVENTORY_ITEM.SUB_CATEGORY_ID.eq(category)))
                .execute();
    }

    String categoryName(UUID tenant, UUID category) {
        if (category == null) {
            return null;
        }
        return dsl.select(INVENTORY_CATEGORY.NAME)
                .from(INVENTORY_CATEGORY)
                .where(INVENTORY_CATEGORY.TENANT_ID.eq(tenant).and(INVENTORY_CATEGORY.CATEGORY_ID.eq(category)))
                .fetchOne(INVENTORY_CATEGORY.NAME);
    }

    void truncate() {
        dsl.truncate(INVENTORY_ITEM).execute();
        dsl.truncate(INVENTORY_CATEGORY).execute();
    }

    Optional<ItemView> view(UUID tenant, UUID item) {
        return dsl.selectFrom(INVENTORY_ITEM)
                .where(INVENTORY_ITEM.TENANT_ID.eq(tenant).and(INVENTORY_ITEM.ITEM_ID.eq(item)))
                .and(INVENTORY_ITEM.ARCHIVED.isFalse())
                .fetchOptional(InventoryViewRepository::toView);
    }

    /**
     * A scanned label gives the barcode; someone typing from a label may give the SKU (any case).
     * The barcode wins when a code is both.
     */
    Optional<ItemView> viewByBarcode(UUID tenant, String code) {
        return dsl.selectFrom(INVENTORY_ITEM)
                .where(INVENTORY_ITEM.TENANT_ID.eq(tenant))
                .and(INVENTORY_ITEM
                        .BARCODE
                        .eq(code)
                        .or(DSL.lower(INVENTORY_ITEM.SKU).eq(code.toLowerCase(Locale.ROOT))))
                .and(INVENTORY_ITEM.ARCHIVED.isFalse())
                .orderBy(DSL.when(INVENTORY_ITEM.BARCODE.eq(code), 0).otherwise(1))
                .limit(1)
                .fetchOptional(InventoryViewRepository::toView);
    }

    record Page(List<ItemView> items, long total) {}

    Page search(FindItemsQuery q) {
        List<Condition> where = new ArrayList<>();
        where.add(INVENTORY_ITEM.TENANT_ID.eq(q.tenantId().value()));
        where.add(INVENTORY_ITEM.ARCHIVED.isFalse());
        if (q.search() != null && !q.search().isBlank()) {
            String term = q.search().strip().toLowerCase(Locale.ROOT);
            String like = "%" + escapeLike(term) + "%";
            where.add(DSL.lower(INVENTORY_ITEM.NAME)
                    .like(like, '\\')
                    .or(DSL.lower(INVENTORY_ITEM.SKU).like(like, '\\'))
                    .or(INVENTORY_ITEM.BARCODE.eq(q.search().strip())));
        }
        if (q.categoryId() != null) {
            where.add(INVENTORY_ITEM
                    .CATEGORY_ID
                    .eq(q.categoryId().value())
                    .or(INVENTORY_ITEM.SUB_CATEGORY_ID.eq(q.categoryId().value())));
        }
        if (q.status() != null) {
            where.add(INVENTORY_ITEM.STOCK_STATUS.eq(code(q.status())));
        }
        long total = dsl.fetchCount(INVENTORY_ITEM, where);
        List<ItemView> items = dsl.selectFrom(INVENTORY_ITEM)
                .where(where)
                .orderBy(order(q.sort(), q.descending()), INVENTORY_ITEM.ITEM_ID.asc())
                .limit(q.limit())
                .offset((long) (q.page() - 1) * q.limit())
                .fetch(InventoryViewRepository::toView);
        return new Page(items, total);
    }

    List<LowStockItemView> lowStock(UUID tenant, int limit) {
        return dsl.select(
                        INVENTORY_ITEM.ITEM_ID,
                        INVENTORY_ITEM.NAME,
                        INVENTORY_ITEM.SKU,
                        INVENTORY_ITEM.LOCATION,
                        INVENTORY_ITEM.CURRENT_STOCK,
                        INVENTORY_ITEM.MIN_THRESHOLD,
                        INVENTORY_ITEM.CATEGORY_NAME,
                        INVENTORY_ITEM.CATEGORY_ID,
                        INVENTORY_ITEM.SUB_CATEGORY_ID)
                .from(INVENTORY_ITEM)
                .where(INVENTORY_ITEM
                        .TENANT_ID
                        .eq(tenant)
                        .and(INVENTORY_ITEM.ARCHIVED.isFalse())
                        .and(INVENTORY_ITEM.CURRENT_STOCK.le(INVENTORY_ITEM.MIN_THRESHOLD)))
                .orderBy(INVENTORY_ITEM.CURRENT_STOCK.asc(), INVENTORY_ITEM.NAME.asc())
                .limit(limit)
                .fetch(r -> new LowStockItemView(
                        r.value1().toString(),
                        r.value2(),
                        r.value3(),
                        r.value4(),
                        r.value5(),
                        r.value6(),
                        r.value7(),
                        r.value8() == null ? null : r.value8().toString(),
                        r.value9() == null ? null : r.value9().toString()));
    }

    record Counts(long total, long low, long out) {}

    Counts counts(UUID tenant) {
        var r = dsl.select(
                        DSL.count(),
                        DSL.count().filterWhere(INVENTORY_ITEM.STOCK_STATUS.eq(code(StockStatus.LOW_STOCK))),
                        DSL.count().filterWhere(INVENTORY_ITEM.STOCK_STATUS.eq(code(StockStatus.OUT_OF_STOCK))))
                .from(INVENTORY_ITEM)
                .where(INVENTORY_ITEM.TENANT_ID.eq(tenant).and(INVENTORY_ITEM.ARCHIVED.isFalse()))
                .fetchOne();
        return new Counts(r.value1(), r.value2(), r.value3());
    }

    List<CategoryStock> byCategory(UUID tenant) {
        Field<Integer> lowOrOut =
                DSL.count().filterWhere(INVENTORY_ITEM.CURRENT_STOCK.le(INVENTORY_ITEM.MIN_THRESHOLD));
        return dsl.select(
                        INVENTORY_ITEM.CATEGORY_ID,
                        INVENTORY_ITEM.CATEGORY_NAME,
                        DSL.count(),
                        DSL.coalesce(DSL.sum(INVENTORY_ITEM.CURRENT_STOCK), DSL.inline(BigDecimal.ZERO)),
                        lowOrOut)
                .from(INVENTORY_ITEM)
                .where(INVENTORY_ITEM.TENANT_ID.eq(tenant).and(INVENTORY_ITEM.ARCHIVED.isFalse()))
                .groupBy(INVENTORY_ITEM.CATEGORY_ID, INVENTORY_ITEM.CATEGORY_NAME)
                .orderBy(INVENTORY_ITEM.CATEGORY_NAME.asc().nullsLast())
                .fetch(r -> new CategoryStock(
                        r.value1() == null ? null : r.value1().toString(),
                        r.value2() == null ? "Uncategorised" : r.value2(),
                        r.value3(),
                        r.value4().longValue(),
                        r.value5()));
    }

    static short code(StockStatus status) {
        return (short) status.ordinal();
    }

    static short code(int stock, int threshold) {
        return code(StockStatus.of(stock, threshold));
    }

    private static SortField<?> order(ItemSort sort, boolean desc) {
        Field<?> f = switch (sort == null ? ItemSort.NAME : sort) {
            case NAME -> DSL.lower(INVENTORY_ITEM.NAME);
            case SKU -> INVENTORY_ITEM.SKU;
            case CURRENT_STOCK -> INVENTORY_ITEM.CURRENT_STOCK;
            case MIN_THRESHOLD -> INVENTORY_ITEM.MIN_THRESHOLD;
            case LOCATION -> INVENTORY_ITEM.LOCATION;
            case CATEGORY -> INVENTORY_ITEM.CATEGORY_NAME;
            case STATUS -> INVENTORY_ITEM.STOCK_STATUS;
            case UPDATED_AT -> INVENTORY_ITEM.UPDATED_AT;
        };
        return desc ? f.desc().nullsLast() : f.asc().nullsLast();
    }

    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static ItemView toView(InventoryItemRecord r) {
        return new ItemView(
                r.getItemId().toString(),
                r.getSku(),
                r.getName(),
                r.getBarcode(),
                r.getCurrentStock(),
                r.getMinThreshold(),
                StockStatus.values()[r.getStockStatus()],
                r.getLocation(),
                r.getCategoryId() == null ? null : r.getCategoryId().toString(),
                r.getCategoryName(),
                r.getSubCategoryId() == null ? null : r.getSubCategoryId().toString(),
                r.getSubCategoryName(),
                r.getShelf(),
                r.getDescription(),
                r.getImageRef(),
                null,
                null,
                r.getArchived(),
                r.getVersion(),
                r.getCreatedAt().toInstant(),
                r.getUpdatedAt().toInstant());
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
