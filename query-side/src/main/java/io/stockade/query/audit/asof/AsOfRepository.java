package io.stockade.query.audit.asof;

import static io.stockade.query.jooq.Tables.ASOF_ITEM_VERSION;
import static io.stockade.query.jooq.Tables.ASOF_MOVEMENT;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.partitionBy;
import static org.jooq.impl.DSL.sum;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectLimitStep;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * All SQL of the as-of feature. Every answer is one statement over the bitemporal tables; callers bind the tenant
 * first, and row-level security hides every other organisation's rows as well.
 */
@Repository
class AsOfRepository {
    private final DSLContext dsl;

    AsOfRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A stock movement as the projection keeps it: both times and its signed quantity. */
    record Movement(UUID itemId, long sequence, Long position, Instant recordedAt, Instant effectiveAt, int delta) {}

    /** The item as one change left it, valid from its recorded time. */
    record Version(
            UUID itemId,
            long sequence,
            Long position,
            Instant recordedAt,
            String name,
            String sku,
            String barcode,
            String location,
            UUID categoryId,
            UUID subCategoryId,
            String shelf,
            String description,
            int minThreshold,
            String imageRef,
            boolean archived) {

        Version at(long seq, Long pos, Instant recorded) {
            return new Version(
                    itemId,
                    seq,
                    pos,
                    recorded,
                    name,
                    sku,
                    barcode,
                    location,
                    categoryId,
                    subCategoryId,
                    shelf,
                    description,
                    minThreshold,
                    imageRef,
                    archived);
        }

        Version withThreshold(int threshold) {
            return new Version(
                    itemId,
                    sequence,
                    position,
                    recordedAt,
                    name,
                    sku,
                    barcode,
                    location,
                    categoryId,
                    subCategoryId,
                    shelf,
                    description,
                    threshold,
                    imageRef,
                    archived);
        }

        Version withImage(String image) {
            return new Version(
                    itemId,
                    sequence,
                    position,
                    recordedAt,
                    name,
                    sku,
                    barcode,
                    location,
                    categoryId,
                    subCategoryId,
                    shelf,
                    description,
                    minThreshold,
                    image,
                    archived);
        }

        Version archive() {
            return new Version(
                    itemId,
                    sequence,
                    position,
                    recordedAt,
                    name,
                    sku,
                    barcode,
                    location,
                    categoryId,
                    subCategoryId,
                    shelf,
                    description,
                    minThreshold,
                    imageRef,
                    true);
        }
    }

    /** A movement flagged on the effective axis: the balance after it is negative, or it predates the item. */
    record Flagged(
            UUID itemId,
            long sequence,
            Long position,
            Instant recordedAt,
            Instant effectiveAt,
            int delta,
            long balance,
            Instant itemCreatedAt) {}

    /** One item of the whole inventory at a point, with the totals of every item matching the filter. */
    record Line(Version version, long stock) {}

    record Page(List<Line> lines, long totalItems, long totalStock) {}

    // ---- writes (the projection only)

    void insertMovement(UUID tenant, Movement m) {
        dsl.insertInto(ASOF_MOVEMENT)
                .set(ASOF_MOVEMENT.TENANT_ID, tenant)
                .set(ASOF_MOVEMENT.ITEM_ID, m.itemId())
                .set(ASOF_MOVEMENT.SEQUENCE, m.sequence())
                .set(ASOF_MOVEMENT.POSITION, m.position())
                .set(ASOF_MOVEMENT.RECORDED_AT, utc(m.recordedAt()))
                .set(ASOF_MOVEMENT.EFFECTIVE_AT, utc(m.effectiveAt()))
                .set(ASOF_MOVEMENT.DELTA, m.delta())
                .onConflictDoNothing()
                .execute();
    }

    void insertVersion(UUID tenant, Version v) {
        dsl.insertInto(ASOF_ITEM_VERSION)
                .set(ASOF_ITEM_VERSION.TENANT_ID, tenant)
                .set(ASOF_ITEM_VERSION.ITEM_ID, v.itemId())
                .set(ASOF_ITEM_VERSION.SEQUENCE, v.sequence())
                .set(ASOF_ITEM_VERSION.POSITION, v.position())
                .set(ASOF_ITEM_VERSION.RECORDED_AT, utc(v.recordedAt()))
                .set(ASOF_ITEM_VERSION.NAME, v.name())
                .set(ASOF_ITEM_VERSION.SKU, v.sku())
                .set(ASOF_ITEM_VERSION.BARCODE, v.barcode())
                .set(ASOF_ITEM_VERSION.LOCATION, v.location())
                .set(ASOF_ITEM_VERSION.CATEGORY_ID, v.categoryId())
                .set(ASOF_ITEM_VERSION.SUB_CATEGORY_ID, v.subCategoryId())
                .set(ASOF_ITEM_VERSION.SHELF, v.shelf())
                .set(ASOF_ITEM_VERSION.DESCRIPTION, v.description())
                .set(ASOF_ITEM_VERSION.MIN_THRESHOLD, v.minThreshold())
                .set(ASOF_ITEM_VERSION.IMAGE_REF, v.imageRef())
                .set(ASOF_ITEM_VERSION.ARCHIVED, v.archived())
                .onConflictDoNothing()
                .execute();
    }

    void truncate() {
        dsl.truncate(ASOF_MOVEMENT).execute();
        dsl.truncate(ASOF_ITEM_VERSION).execute();
    }

    /** The version the item had just before the event at {@code sequence} (a replayed event finds the same). */
    Optional<Version> versionBefore(UUID tenant, UUID item, long sequence) {
        return dsl.selectFrom(ASOF_ITEM_VERSION)
                .where(ASOF_ITEM_VERSION.TENANT_ID.eq(tenant))
                .and(ASOF_ITEM_VERSION.ITEM_ID.eq(item))
                .and(ASOF_ITEM_VERSION.SEQUENCE.lt(sequence))
                .orderBy(ASOF_ITEM_VERSION.SEQUENCE.desc())
                .limit(1)
                .fetchOptional(AsOfRepository::version);
    }

    // ---- one item

    /** When the item was created (its first version's recorded time), or empty when the organisation has no such item. */
    Optional<Instant> createdAt(UUID tenant, UUID item) {
        return dsl.select(ASOF_ITEM_VERSION.RECORDED_AT)
                .from(ASOF_ITEM_VERSION)
                .where(ASOF_ITEM_VERSION.TENANT_ID.eq(tenant))
                .and(ASOF_ITEM_VERSION.ITEM_ID.eq(item))
                .orderBy(ASOF_ITEM_VERSION.SEQUENCE.asc())
                .limit(1)
                .fetchOptional(r -> r.value1().toInstant());
    }

    /** The item's latest version recorded at or before {@code recordedBy}. */
    Optional<Version> versionAt(UUID tenant, UUID item, Instant recordedBy) {
        return dsl.selectFrom(ASOF_ITEM_VERSION)
                .where(ASOF_ITEM_VERSION.TENANT_ID.eq(tenant))
                .and(ASOF_ITEM_VERSION.ITEM_ID.eq(item))
                .and(ASOF_ITEM_VERSION.RECORDED_AT.le(utc(recordedBy)))
                .orderBy(ASOF_ITEM_VERSION.SEQUENCE.desc())
                .limit(1)
                .fetchOptional(AsOfRepository::version);
    }

    /** The sum of the item's movements effective by {@code at} and recorded by {@code knownAt}. */
    long stockAt(UUID tenant, UUID item, Instant at, Instant knownAt) {
        BigDecimal sum = dsl.select(sum(ASOF_MOVEMENT.DELTA))
                .from(ASOF_MOVEMENT)
                .where(ASOF_MOVEMENT.TENANT_ID.eq(tenant))
                .and(ASOF_MOVEMENT.ITEM_ID.eq(item))
                .and(ASOF_MOVEMENT.EFFECTIVE_AT.le(utc(at)))
                .and(ASOF_MOVEMENT.RECORDED_AT.le(utc(knownAt)))
                .fetchOne(0, BigDecimal.class);
        return sum == null ? 0 : sum.longValueExact();
    }

    // ---- the whole inventory

    /**
     * Every item that existed at min(at, knownAt) (one row each: its latest version recorded by then) with its
     * stock at (at, knownAt), ordered by name; the totals count every matching item, not only the page.
     */
    Page inventory(UUID tenant, Instant at, Instant knownAt, UUID category, int offset, int limit) {
        Inventory q = new Inventory(tenant, at, knownAt, category);
        List<Line> lines = new ArrayList<>();
        long[] totals = {-1, 0};
        q.select(true).limit(limit).offset(offset).fetch().forEach(r -> {
            lines.add(q.line(r));
            totals[0] = r.get(q.totalItems);
            totals[1] = r.get(q.totalStock).longValueExact();
        });
        if (totals[0] < 0) {
            // A page past the end: the totals are still asked of the same aggregate.
            Record r = q.select(true).limit(1).fetchOne();
            if (r != null) {
                totals[0] = r.get(q.totalItems);
                totals[1] = r.get(q.totalStock).longValueExact();
            } else {
                totals[0] = 0;
            }
        }
        return new Page(lines, totals[0], totals[1]);
    }

    /** The same items without paging, read with a cursor: an export of every item never sits in memory. */
    void streamInventory(UUID tenant, Instant at, Instant knownAt, UUID category, Consumer<Line> sink) {
        Inventory q = new Inventory(tenant, at, knownAt, category);
        try (Cursor<Record> cursor = q.select(false).fetchSize(1000).fetchLazy()) {
            for (Record r : cursor) {
                sink.accept(q.line(r));
            }
        }
    }

    /** The one statement of the whole inventory at (at, knownAt): latest versions joined to summed movements. */
    private final class Inventory {
        final Table<?> versions;
        final Table<?> stocks;
        final Field<BigDecimal> stock;
        final Field<Integer> totalItems;
        final Field<BigDecimal> totalStock;
        final Condition filter;

        Inventory(UUID tenant, Instant at, Instant knownAt, UUID category) {
            Instant recordedBy = at.isBefore(knownAt) ? at : knownAt;
            versions = dsl.select(ASOF_ITEM_VERSION.fields())
                    .distinctOn(ASOF_ITEM_VERSION.ITEM_ID)
                    .from(ASOF_ITEM_VERSION)
                    .where(ASOF_ITEM_VERSION.TENANT_ID.eq(tenant))
                    .and(ASOF_ITEM_VERSION.RECORDED_AT.le(utc(recordedBy)))
                    .orderBy(ASOF_ITEM_VERSION.ITEM_ID, ASOF_ITEM_VERSION.SEQUENCE.desc())
                    .asTable("v");
            Field<BigDecimal> summed = sum(ASOF_MOVEMENT.DELTA).as("stock");
            stocks = dsl.select(ASOF_MOVEMENT.ITEM_ID, summed)
                    .from(ASOF_MOVEMENT)
                    .where(ASOF_MOVEMENT.TENANT_ID.eq(tenant))
                    .and(ASOF_MOVEMENT.EFFECTIVE_AT.le(utc(at)))
                    .and(ASOF_MOVEMENT.RECORDED_AT.le(utc(knownAt)))
                    .groupBy(ASOF_MOVEMENT.ITEM_ID)
                    .asTable("s");
            stock = coalesce(stocks.field(summed), inline(BigDecimal.ZERO)).as("stock_at");
            totalItems = count().over().as("total_items");
            totalStock = sum(coalesce(stocks.field(summed), inline(BigDecimal.ZERO)))
                    .over()
                    .as("total_stock");
            filter = category == null
                    ? DSL.noCondition()
                    : versions.field(ASOF_ITEM_VERSION.CATEGORY_ID)
                            .eq(category)
                            .or(versions.field(ASOF_ITEM_VERSION.SUB_CATEGORY_ID)
                                    .eq(category));
        }

        SelectLimitStep<Record> select(boolean withTotals) {
            List<Field<?>> fields = new ArrayList<>(List.of(versions.fields()));
            fields.add(stock);
            if (withTotals) {
                fields.add(totalItems);
                fields.add(totalStock);
            }
            return dsl.select(fields)
                    .from(versions)
                    .leftJoin(stocks)
                    .on(stocks.field(ASOF_MOVEMENT.ITEM_ID).eq(versions.field(ASOF_ITEM_VERSION.ITEM_ID)))
                    .where(filter)
                    .orderBy(versions.field(ASOF_ITEM_VERSION.NAME), versions.field(ASOF_ITEM_VERSION.ITEM_ID));
        }

        Line line(Record r) {
            Record v = r.into(versions.fields());
            return new Line(version(v.into(ASOF_ITEM_VERSION)), r.get(stock).longValueExact());
        }
    }

    // ---- anomalies

    /**
     * Movements recorded by {@code knownAt} (null: all) after which the item's running balance, summed in
     * effective order (ties by stream sequence), is negative, or which took effect before the item was created.
     * Of one item, or of every item (null); only those effective by {@code at} (null: all).
     */
    List<Flagged> anomalies(UUID tenant, UUID item, Instant at, Instant knownAt, int offset, int limit) {
        Condition movements = ASOF_MOVEMENT.TENANT_ID.eq(tenant);
        Condition versions = ASOF_ITEM_VERSION.TENANT_ID.eq(tenant);
        if (item != null) {
            movements = movements.and(ASOF_MOVEMENT.ITEM_ID.eq(item));
            versions = versions.and(ASOF_ITEM_VERSION.ITEM_ID.eq(item));
        }
        if (knownAt != null) {
            movements = movements.and(ASOF_MOVEMENT.RECORDED_AT.le(utc(knownAt)));
        }
        Field<OffsetDateTime> firstRecorded = min(ASOF_ITEM_VERSION.RECORDED_AT).as("created_at");
        Table<?> created = dsl.select(ASOF_ITEM_VERSION.ITEM_ID, firstRecorded)
                .from(ASOF_ITEM_VERSION)
                .where(versions)
                .groupBy(ASOF_ITEM_VERSION.ITEM_ID)
                .asTable("c");
        Field<BigDecimal> running = sum(ASOF_MOVEMENT.DELTA)
                .over(partitionBy(ASOF_MOVEMENT.ITEM_ID).orderBy(ASOF_MOVEMENT.EFFECTIVE_AT, ASOF_MOVEMENT.SEQUENCE))
                .as("balance");
        Field<OffsetDateTime> createdAt = created.field(firstRecorded).as("created_at");
        Table<?> a = dsl.select(
                        ASOF_MOVEMENT.ITEM_ID,
                        ASOF_MOVEMENT.SEQUENCE,
                        ASOF_MOVEMENT.POSITION,
                        ASOF_MOVEMENT.RECORDED_AT,
                        ASOF_MOVEMENT.EFFECTIVE_AT,
                        ASOF_MOVEMENT.DELTA,
                        running,
                        createdAt)
                .from(ASOF_MOVEMENT)
                .leftJoin(created)
                .on(created.field(ASOF_ITEM_VERSION.ITEM_ID).eq(ASOF_MOVEMENT.ITEM_ID))
                .where(movements)
                .asTable("a");
        Field<UUID> aItem = a.field(ASOF_MOVEMENT.ITEM_ID);
        Field<Long> aSequence = a.field(ASOF_MOVEMENT.SEQUENCE);
        Field<OffsetDateTime> aEffective = a.field(ASOF_MOVEMENT.EFFECTIVE_AT);
        Field<BigDecimal> aBalance = a.field(running);
        Field<OffsetDateTime> aCreated = a.field(createdAt);
        Condition flagged = aBalance.lt(BigDecimal.ZERO).or(aEffective.lt(aCreated));
        if (at != null) {
            flagged = flagged.and(aEffective.le(utc(at)));
        }
        return dsl.select(a.fields())
                .from(a)
                .where(flagged)
                .orderBy(aItem, aEffective, aSequence)
                .limit(limit)
                .offset(offset)
                .fetch(r -> {
                    OffsetDateTime c = r.get(aCreated);
                    return new Flagged(
                            r.get(aItem),
                            r.get(aSequence),
                            r.get(a.field(ASOF_MOVEMENT.POSITION)),
                            r.get(a.field(ASOF_MOVEMENT.RECORDED_AT)).toInstant(),
                            r.get(aEffective).toInstant(),
                            r.get(a.field(ASOF_MOVEMENT.DELTA)),
                            r.get(aBalance).longValueExact(),
                            c == null ? null : c.toInstant());
                });
    }

    private static Version version(Record r) {
        return new Version(
                r.get(ASOF_ITEM_VERSION.ITEM_ID),
                r.get(ASOF_ITEM_VERSION.SEQUENCE),
                r.get(ASOF_ITEM_VERSION.POSITION),
                r.get(ASOF_ITEM_VERSION.RECORDED_AT).toInstant(),
                r.get(ASOF_ITEM_VERSION.NAME),
                r.get(ASOF_ITEM_VERSION.SKU),
                r.get(ASOF_ITEM_VERSION.BARCODE),
                r.get(ASOF_ITEM_VERSION.LOCATION),
                r.get(ASOF_ITEM_VERSION.CATEGORY_ID),
                r.get(ASOF_ITEM_VERSION.SUB_CATEGORY_ID),
                r.get(ASOF_ITEM_VERSION.SHELF),
                r.get(ASOF_ITEM_VERSION.DESCRIPTION),
                r.get(ASOF_ITEM_VERSION.MIN_THRESHOLD),
                r.get(ASOF_ITEM_VERSION.IMAGE_REF),
                r.get(ASOF_ITEM_VERSION.ARCHIVED));
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
