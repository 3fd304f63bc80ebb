package io.stockade.query.audit.asof;

import static io.stockade.query.jooq.Tables.AUDIT_ASOF_ITEM_VERSION;
import static io.stockade.query.jooq.Tables.AUDIT_ASOF_MOVEMENT;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.partitionBy;
import static org.jooq.impl.DSL.sum;

import io.stockade.api.common.TenantId;
import io.stockade.platform.axon.WriteBehind;
import io.stockade.query.jooq.tables.records.AuditAsofItemVersionRecord;
import io.stockade.query.jooq.tables.records.AuditAsofMovementRecord;
import io.stockade.query.writebehind.StoredPosition;
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
    private final WriteBehind writes;

    AsOfRepository(DSLContext dsl, WriteBehind writes) {
        this.dsl = dsl;
        this.writes = writes;
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

    /** Rows of both tables, sent in batches by {@link WriteBehind}; a row already there (a replayed event) is left alone. */
    private static final WriteBehind.Shape INSERT_MOVEMENT =
            WriteBehind.Shape.insertOnce(AsOfProjection.GROUP, AUDIT_ASOF_MOVEMENT);

    private static final WriteBehind.Shape INSERT_MOVEMENT_AT_STORED_POSITION =
            StoredPosition.insertOnce(AsOfProjection.GROUP, AUDIT_ASOF_MOVEMENT, AUDIT_ASOF_MOVEMENT.POSITION);
    private static final WriteBehind.Shape INSERT_VERSION =
            WriteBehind.Shape.insertOnce(AsOfProjection.GROUP, AUDIT_ASOF_ITEM_VERSION);
    private static final WriteBehind.Shape INSERT_VERSION_AT_STORED_POSITION =
            StoredPosition.insertOnce(AsOfProjection.GROUP, AUDIT_ASOF_ITEM_VERSION, AUDIT_ASOF_ITEM_VERSION.POSITION);

    /**
     * Where an event is: its identifier, and whether the position the projection was given is its own (see {@link
     * StoredPosition}); when not, the row's position is the event store's, looked up as the row is inserted.
     */
    record Stored(String eventIdentifier, boolean positionExact) {}

    void insertMovement(UUID tenant, Movement m, Stored event) {
        AuditAsofMovementRecord row = new AuditAsofMovementRecord(
                tenant, m.itemId(), m.sequence(), m.position(), utc(m.recordedAt()), utc(m.effectiveAt()), m.delta());
        if (event.positionExact()) {
            writes.write(INSERT_MOVEMENT, new TenantId(tenant), row.intoMap());
        } else {
            writes.write(
                    INSERT_MOVEMENT_AT_STORED_POSITION,
                    new TenantId(tenant),
                    StoredPosition.values(row.intoMap(), AUDIT_ASOF_MOVEMENT.POSITION, event.eventIdentifier()));
        }
    }

    void insertVersion(UUID tenant, Version v, Stored event) {
        AuditAsofItemVersionRecord row = new AuditAsofItemVersionRecord(
                tenant,
                v.itemId(),
                v.sequence(),
                v.position(),
                utc(v.recordedAt()),
                v.name(),
                v.sku(),
                v.barcode(),
                v.location(),
                v.categoryId(),
                v.subCategoryId(),
                v.shelf(),
                v.description(),
                v.minThreshold(),
                v.imageRef(),
                v.archived());
        if (event.positionExact()) {
            writes.write(INSERT_VERSION, new TenantId(tenant), row.intoMap());
        } else {
            writes.write(
                    INSERT_VERSION_AT_STORED_POSITION,
                    new TenantId(tenant),
                    StoredPosition.values(row.intoMap(), AUDIT_ASOF_ITEM_VERSION.POSITION, event.eventIdentifier()));
        }
    }

    void truncate() {
        dsl.truncate(AUDIT_ASOF_MOVEMENT).execute();
        dsl.truncate(AUDIT_ASOF_ITEM_VERSION).execute();
    }

    /** The version the item had just before the event at {@code sequence} (a replayed event finds the same). */
    Optional<Version> versionBefore(UUID tenant, UUID item, long sequence) {
        return dsl.selectFrom(AUDIT_ASOF_ITEM_VERSION)
                .where(AUDIT_ASOF_ITEM_VERSION.TENANT_ID.eq(tenant))
                .and(AUDIT_ASOF_ITEM_VERSION.ITEM_ID.eq(item))
                .and(AUDIT_ASOF_ITEM_VERSION.SEQUENCE.lt(sequence))
                .orderBy(AUDIT_ASOF_ITEM_VERSION.SEQUENCE.desc())
                .limit(1)
                .fetchOptional(AsOfRepository::version);
    }

    // ---- one item

    /** When the item was created (its first version's recorded time), or empty when the organisation has no such item. */
    Optional<Instant> createdAt(UUID tenant, UUID item) {
        return dsl.select(AUDIT_ASOF_ITEM_VERSION.RECORDED_AT)
                .from(AUDIT_ASOF_ITEM_VERSION)
                .where(AUDIT_ASOF_ITEM_VERSION.TENANT_ID.eq(tenant))
                .and(AUDIT_ASOF_ITEM_VERSION.ITEM_ID.eq(item))
                .orderBy(AUDIT_ASOF_ITEM_VERSION.SEQUENCE.asc())
                .limit(1)
                .fetchOptional(r -> r.value1().toInstant());
    }

    /** The item's latest version recorded at or before {@code recordedBy}. */
    Optional<Version> versionAt(UUID tenant, UUID item, Instant recordedBy) {
        return dsl.selectFrom(AUDIT_ASOF_ITEM_VERSION)
                .where(AUDIT_ASOF_ITEM_VERSION.TENANT_ID.eq(tenant))
                .and(AUDIT_ASOF_ITEM_VERSION.ITEM_ID.eq(item))
                .and(AUDIT_ASOF_ITEM_VERSION.RECORDED_AT.le(utc(recordedBy)))
                .orderBy(AUDIT_ASOF_ITEM_VERSION.SEQUENCE.desc())
                .limit(1)
                .fetchOptional(AsOfRepository::version);
    }

    /** The sum of the item's movements effective by {@code at} and recorded by {@code knownAt}. */
    long stockAt(UUID tenant, UUID item, Instant at, Instant knownAt) {
        BigDecimal sum = dsl.select(sum(AUDIT_ASOF_MOVEMENT.DELTA))
                .from(AUDIT_ASOF_MOVEMENT)
                .where(AUDIT_ASOF_MOVEMENT.TENANT_ID.eq(tenant))
                .and(AUDIT_ASOF_MOVEMENT.ITEM_ID.eq(item))
                .and(AUDIT_ASOF_MOVEMENT.EFFECTIVE_AT.le(utc(at)))
                .and(AUDIT_ASOF_MOVEMENT.RECORDED_AT.le(utc(knownAt)))
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
        select(q, true).limit(limit).offset(offset).fetch().forEach(r -> {
            lines.add(q.line(r));
            totals[0] = r.get(q.totalItems);
            totals[1] = r.get(q.totalStock).longValueExact();
        });
        if (totals[0] < 0) {
            // A page past the end: the totals are still asked of the same aggregate.
            Record r = select(q, true).limit(1).fetchOne();
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
        try (Cursor<Record> cursor = select(q, false).fetchSize(1000).fetchLazy()) {
            for (Record r : cursor) {
                sink.accept(q.line(r));
            }
        }
    }

    /** The statement of {@link Inventory}, ordered by name, with or without the totals over every matching item. */
    private SelectLimitStep<Record> select(Inventory q, boolean withTotals) {
        List<Field<?>> fields = new ArrayList<>(List.of(q.versions.fields()));
        fields.add(q.stock);
        if (withTotals) {
            fields.add(q.totalItems);
            fields.add(q.totalStock);
        }
        return dsl.select(fields)
                .from(q.versions)
                .leftJoin(q.stocks)
                .on(q.stocks.field(AUDIT_ASOF_MOVEMENT.ITEM_ID).eq(q.versions.field(AUDIT_ASOF_ITEM_VERSION.ITEM_ID)))
                .where(q.filter)
                .orderBy(
                        q.versions.field(AUDIT_ASOF_ITEM_VERSION.NAME),
                        q.versions.field(AUDIT_ASOF_ITEM_VERSION.ITEM_ID));
    }

    /** The parts of the one statement of the whole inventory at (at, knownAt): latest versions joined to summed movements. */
    private static final class Inventory {
        final Table<?> versions;
        final Table<?> stocks;
        final Field<BigDecimal> stock;
        final Field<Integer> totalItems;
        final Field<BigDecimal> totalStock;
        final Condition filter;

        Inventory(UUID tenant, Instant at, Instant knownAt, UUID category) {
            Instant recordedBy = at.isBefore(knownAt) ? at : knownAt;
            versions = DSL.select(AUDIT_ASOF_ITEM_VERSION.fields())
                    .distinctOn(AUDIT_ASOF_ITEM_VERSION.ITEM_ID)
                    .from(AUDIT_ASOF_ITEM_VERSION)
                    .where(AUDIT_ASOF_ITEM_VERSION.TENANT_ID.eq(tenant))
                    .and(AUDIT_ASOF_ITEM_VERSION.RECORDED_AT.le(utc(recordedBy)))
                    .orderBy(AUDIT_ASOF_ITEM_VERSION.ITEM_ID, AUDIT_ASOF_ITEM_VERSION.SEQUENCE.desc())
                    .asTable("v");
            Field<BigDecimal> summed = sum(AUDIT_ASOF_MOVEMENT.DELTA).as("stock");
            stocks = DSL.select(AUDIT_ASOF_MOVEMENT.ITEM_ID, summed)
                    .from(AUDIT_ASOF_MOVEMENT)
                    .where(AUDIT_ASOF_MOVEMENT.TENANT_ID.eq(tenant))
                    .and(AUDIT_ASOF_MOVEMENT.EFFECTIVE_AT.le(utc(at)))
                    .and(AUDIT_ASOF_MOVEMENT.RECORDED_AT.le(utc(knownAt)))
                    .groupBy(AUDIT_ASOF_MOVEMENT.ITEM_ID)
                    .asTable("s");
            stock = coalesce(stocks.field(summed), inline(BigDecimal.ZERO)).as("stock_at");
            totalItems = count().over().as("total_items");
            totalStock = sum(coalesce(stocks.field(summed), inline(BigDecimal.ZERO)))
                    .over()
                    .as("total_stock");
            filter = category == null
                    ? DSL.noCondition()
                    : versions.field(AUDIT_ASOF_ITEM_VERSION.CATEGORY_ID)
                            .eq(category)
                            .or(versions.field(AUDIT_ASOF_ITEM_VERSION.SUB_CATEGORY_ID)
                                    .eq(category));
        }

        Line line(Record r) {
            Record v = r.into(versions.fields());
            return new Line(
                    version(v.into(AUDIT_ASOF_ITEM_VERSION)), r.get(stock).longValueExact());
        }
    }

    // ---- anomalies

    /**
     * Movements recorded by {@code knownAt} (null: all) after which the item's running balance, summed in
     * effective order (ties by stream sequence), is negative, or which took effect before the item was created.
     * Of one item, or of every item (null); only those effective by {@code at} (null: all).
     */
    List<Flagged> anomalies(UUID tenant, UUID item, Instant at, Instant knownAt, int offset, int limit) {
        Condition movements = AUDIT_ASOF_MOVEMENT.TENANT_ID.eq(tenant);
        Condition versions = AUDIT_ASOF_ITEM_VERSION.TENANT_ID.eq(tenant);
        if (item != null) {
            movements = movements.and(AUDIT_ASOF_MOVEMENT.ITEM_ID.eq(item));
            versions = versions.and(AUDIT_ASOF_ITEM_VERSION.ITEM_ID.eq(item));
        }
        if (knownAt != null) {
            movements = movements.and(AUDIT_ASOF_MOVEMENT.RECORDED_AT.le(utc(knownAt)));
        }
        Field<OffsetDateTime> firstRecorded =
                min(AUDIT_ASOF_ITEM_VERSION.RECORDED_AT).as("created_at");
        Table<?> created = dsl.select(AUDIT_ASOF_ITEM_VERSION.ITEM_ID, firstRecorded)
                .from(AUDIT_ASOF_ITEM_VERSION)
                .where(versions)
                .groupBy(AUDIT_ASOF_ITEM_VERSION.ITEM_ID)
                .asTable("c");
        Field<BigDecimal> running = sum(AUDIT_ASOF_MOVEMENT.DELTA)
                .over(partitionBy(AUDIT_ASOF_MOVEMENT.ITEM_ID)
                        .orderBy(AUDIT_ASOF_MOVEMENT.EFFECTIVE_AT, AUDIT_ASOF_MOVEMENT.SEQUENCE))
                .as("balance");
        Field<OffsetDateTime> createdAt = created.field(firstRecorded).as("created_at");
        Table<?> a = dsl.select(
                        AUDIT_ASOF_MOVEMENT.ITEM_ID,
                        AUDIT_ASOF_MOVEMENT.SEQUENCE,
                        AUDIT_ASOF_MOVEMENT.POSITION,
                        AUDIT_ASOF_MOVEMENT.RECORDED_AT,
                        AUDIT_ASOF_MOVEMENT.EFFECTIVE_AT,
                        AUDIT_ASOF_MOVEMENT.DELTA,
                        running,
                        createdAt)
                .from(AUDIT_ASOF_MOVEMENT)
                .leftJoin(created)
                .on(created.field(AUDIT_ASOF_ITEM_VERSION.ITEM_ID).eq(AUDIT_ASOF_MOVEMENT.ITEM_ID))
                .where(movements)
                .asTable("a");
        Field<UUID> aItem = a.field(AUDIT_ASOF_MOVEMENT.ITEM_ID);
        Field<Long> aSequence = a.field(AUDIT_ASOF_MOVEMENT.SEQUENCE);
        Field<OffsetDateTime> aEffective = a.field(AUDIT_ASOF_MOVEMENT.EFFECTIVE_AT);
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
                            r.get(a.field(AUDIT_ASOF_MOVEMENT.POSITION)),
                            r.get(a.field(AUDIT_ASOF_MOVEMENT.RECORDED_AT)).toInstant(),
                            r.get(aEffective).toInstant(),
                            r.get(a.field(AUDIT_ASOF_MOVEMENT.DELTA)),
                            r.get(aBalance).longValueExact(),
                            c == null ? null : c.toInstant());
                });
    }

    private static Version version(Record r) {
        return new Version(
                r.get(AUDIT_ASOF_ITEM_VERSION.ITEM_ID),
                r.get(AUDIT_ASOF_ITEM_VERSION.SEQUENCE),
                r.get(AUDIT_ASOF_ITEM_VERSION.POSITION),
                r.get(AUDIT_ASOF_ITEM_VERSION.RECORDED_AT).toInstant(),
                r.get(AUDIT_ASOF_ITEM_VERSION.NAME),
                r.get(AUDIT_ASOF_ITEM_VERSION.SKU),
                r.get(AUDIT_ASOF_ITEM_VERSION.BARCODE),
                r.get(AUDIT_ASOF_ITEM_VERSION.LOCATION),
                r.get(AUDIT_ASOF_ITEM_VERSION.CATEGORY_ID),
                r.get(AUDIT_ASOF_ITEM_VERSION.SUB_CATEGORY_ID),
                r.get(AUDIT_ASOF_ITEM_VERSION.SHELF),
                r.get(AUDIT_ASOF_ITEM_VERSION.DESCRIPTION),
                r.get(AUDIT_ASOF_ITEM_VERSION.MIN_THRESHOLD),
                r.get(AUDIT_ASOF_ITEM_VERSION.IMAGE_REF),
                r.get(AUDIT_ASOF_ITEM_VERSION.ARCHIVED));
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
