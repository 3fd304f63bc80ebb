package io.stockade.query.ledger;

import static io.stockade.query.jooq.Tables.LEDGER_ITEM;
import static io.stockade.query.jooq.Tables.LEDGER_TRANSACTION;
import static io.stockade.query.jooq.Tables.LEDGER_USER;

import io.stockade.api.common.TenantId;
import io.stockade.api.inventory.AdjustmentType;
import io.stockade.api.inventory.InventoryQueries;
import io.stockade.api.inventory.InventoryQueries.TransactionView;
import io.stockade.platform.axon.WriteBehind;
import io.stockade.query.jooq.tables.records.LedgerTransactionRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectOnConditionStep;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** All SQL of the transaction ledger. Callers bind the tenant first. */
@Repository
class LedgerRepository {
    private final DSLContext dsl;
    private final WriteBehind writes;

    LedgerRepository(DSLContext dsl, WriteBehind writes) {
        this.dsl = dsl;
        this.writes = writes;
    }

    /** Sent in batches by {@link WriteBehind}; a line already there (a replayed event) is left alone. */
    void insert(TenantId tenant, LedgerTransactionRecord row) {
        writes.write(INSERT, tenant, row.intoMap());
    }

    private static final WriteBehind.Shape INSERT =
            WriteBehind.Shape.insertOnce(LedgerProjection.GROUP, LEDGER_TRANSACTION);

    void upsertItem(UUID tenant, UUID item, String name, String sku) {
        var insert = dsl.insertInto(LEDGER_ITEM)
                .set(LEDGER_ITEM.TENANT_ID, tenant)
                .set(LEDGER_ITEM.ITEM_ID, item)
                .set(LEDGER_ITEM.NAME, name)
                .set(LEDGER_ITEM.SKU, sku == null ? "" : sku)
                .onConflict(LEDGER_ITEM.TENANT_ID, LEDGER_ITEM.ITEM_ID)
                .doUpdate()
                .set(LEDGER_ITEM.NAME, name);
        (sku == null ? insert : insert.set(LEDGER_ITEM.SKU, sku)).execute();
    }

    void upsertUser(UUID tenant, UUID user, String username) {
        dsl.insertInto(LEDGER_USER)
                .set(LEDGER_USER.TENANT_ID, tenant)
                .set(LEDGER_USER.USER_ID, user)
                .set(LEDGER_USER.USERNAME, username)
                .onConflict(LEDGER_USER.TENANT_ID, LEDGER_USER.USER_ID)
                .doUpdate()
                .set(LEDGER_USER.USERNAME, username)
                .execute();
    }

    void truncate() {
        dsl.truncate(LEDGER_TRANSACTION).execute();
        dsl.truncate(LEDGER_ITEM).execute();
        dsl.truncate(LEDGER_USER).execute();
    }

    record Filter(UUID tenant, Instant from, Instant to, UUID item, UUID user) {}

    long count(Filter f) {
        return dsl.fetchCount(LEDGER_TRANSACTION, conditions(f));
    }

    List<TransactionView> page(Filter f, int page, int limit) {
        return joined().where(conditions(f))
                .orderBy(LEDGER_TRANSACTION.RECORDED_AT.desc(), LEDGER_TRANSACTION.TRANSACTION_ID.desc())
                .limit(limit)
                .offset((long) (page - 1) * limit)
                .fetch(LedgerRepository::toView);
    }

    /** Streams every matching line without holding them all in memory (CSV export). */
    void stream(Filter f, Consumer<TransactionView> sink) {
        try (Cursor<Record> cursor = joined().where(conditions(f))
                .orderBy(LEDGER_TRANSACTION.RECORDED_AT.desc(), LEDGER_TRANSACTION.TRANSACTION_ID.desc())
                .fetchSize(500)
                .fetchLazy()) {
            cursor.forEach(r -> sink.accept(toView(r)));
        }
    }

    Optional<TransactionView> find(UUID tenant, UUID transaction) {
        return joined().where(
                        LEDGER_TRANSACTION.TENANT_ID.eq(tenant).and(LEDGER_TRANSACTION.TRANSACTION_ID.eq(transaction)))
                .fetchOptional(LedgerRepository::toView);
    }

    long countSince(UUID tenant, Instant since) {
        return dsl.fetchCount(
                LEDGER_TRANSACTION,
                LEDGER_TRANSACTION
                        .TENANT_ID
                        .eq(tenant)
                        .and(LEDGER_TRANSACTION.RECORDED_AT.ge(since.atOffset(ZoneOffset.UTC))));
    }

    private SelectOnConditionStep<Record> joined() {
        return dsl.select(LEDGER_TRANSACTION.fields())
                .select(LEDGER_ITEM.NAME, LEDGER_ITEM.SKU, LEDGER_USER.USERNAME)
                .from(LEDGER_TRANSACTION)
                .leftJoin(LEDGER_ITEM)
                .on(LEDGER_ITEM
                        .TENANT_ID
                        .eq(LEDGER_TRANSACTION.TENANT_ID)
                        .and(LEDGER_ITEM.ITEM_ID.eq(LEDGER_TRANSACTION.ITEM_ID)))
                .leftJoin(LEDGER_USER)
                .on(LEDGER_USER
                        .TENANT_ID
                        .eq(LEDGER_TRANSACTION.TENANT_ID)
                        .and(LEDGER_USER.USER_ID.eq(LEDGER_TRANSACTION.USER_ID)));
    }

    private static List<Condition> conditions(Filter f) {
        List<Condition> c = new ArrayList<>();
        c.add(LEDGER_TRANSACTION.TENANT_ID.eq(f.tenant()));
        if (f.from() != null) {
            c.add(LEDGER_TRANSACTION.RECORDED_AT.ge(f.from().atOffset(ZoneOffset.UTC)));
        }
        if (f.to() != null) {
            c.add(LEDGER_TRANSACTION.RECORDED_AT.lt(f.to().atOffset(ZoneOffset.UTC)));
        }
        if (f.item() != null) {
            c.add(LEDGER_TRANSACTION.ITEM_ID.eq(f.item()));
        }
        if (f.user() != null) {
            c.add(LEDGER_TRANSACTION.USER_ID.eq(f.user()));
        }
        return c;
    }

    private static TransactionView toView(Record r) {
        UUID user = r.get(LEDGER_TRANSACTION.USER_ID);
        return new TransactionView(
                r.get(LEDGER_TRANSACTION.TRANSACTION_ID).toString(),
                r.get(LEDGER_TRANSACTION.RECORDED_AT).toInstant(),
                r.get(LEDGER_TRANSACTION.EFFECTIVE_AT).toInstant(),
                r.get(LEDGER_TRANSACTION.ITEM_ID).toString(),
                r.get(LEDGER_ITEM.NAME),
                r.get(LEDGER_ITEM.SKU),
                user == null ? null : user.toString(),
                r.get(LEDGER_USER.USERNAME),
                r.get(LEDGER_TRANSACTION.QUANTITY_CHANGE),
                r.get(LEDGER_TRANSACTION.QUANTITY),
                r.get(LEDGER_TRANSACTION.REASON),
                AdjustmentType.fromWire(r.get(LEDGER_TRANSACTION.MOVEMENT_TYPE)),
                r.get(LEDGER_TRANSACTION.SOURCE),
                r.get(LEDGER_TRANSACTION.STOCK_AFTER));
    }

    /** Movements per UTC day in [first, first + days): count, units in, units out; days without any are zero. */
    List<InventoryQueries.DayMovements> movementsPerDay(UUID tenant, LocalDate first, int days) {
        Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = first.plusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
        Field<LocalDate> day =
                DSL.field("(({0}) at time zone 'UTC')::date", LocalDate.class, LEDGER_TRANSACTION.EFFECTIVE_AT);
        var in = DSL.sum(DSL.greatest(LEDGER_TRANSACTION.QUANTITY_CHANGE, DSL.inline(0)));
        var out = DSL.sum(DSL.greatest(LEDGER_TRANSACTION.QUANTITY_CHANGE.neg(), DSL.inline(0)));
        Map<LocalDate, InventoryQueries.DayMovements> found = new HashMap<>();
        dsl.select(day, DSL.count(), in, out)
                .from(LEDGER_TRANSACTION)
                .where(LEDGER_TRANSACTION.TENANT_ID.eq(tenant))
                .and(LEDGER_TRANSACTION.EFFECTIVE_AT.ge(from.atOffset(ZoneOffset.UTC)))
                .and(LEDGER_TRANSACTION.EFFECTIVE_AT.lt(to.atOffset(ZoneOffset.UTC)))
                .groupBy(day)
                .forEach(r -> found.put(
                        r.value1(),
                        new InventoryQueries.DayMovements(
                                r.value1(),
                                r.value2(),
                                r.value3() == null ? 0 : r.value3().longValue(),
                                r.value4() == null ? 0 : r.value4().longValue())));
        List<InventoryQueries.DayMovements> series = new ArrayList<>();
        for (int i = 0; i < days; i++) {
            LocalDate d = first.plusDays(i);
            series.add(found.getOrDefault(d, new InventoryQueries.DayMovements(d, 0, 0, 0)));
        }
        return series;
    }

    /** The items with the most movements in the window (ties by units moved), at most {@code limit}. */
    List<InventoryQueries.TopMover> topMovers(UUID tenant, LocalDate first, int days, int limit) {
        Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = first.plusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
        var units = DSL.sum(DSL.abs(LEDGER_TRANSACTION.QUANTITY_CHANGE));
        var moves = DSL.count();
        return dsl.select(LEDGER_TRANSACTION.ITEM_ID, LEDGER_ITEM.NAME, LEDGER_ITEM.SKU, moves, units)
                .from(LEDGER_TRANSACTION)
                .leftJoin(LEDGER_ITEM)
                .on(LEDGER_ITEM
                        .TENANT_ID
                        .eq(LEDGER_TRANSACTION.TENANT_ID)
                        .and(LEDGER_ITEM.ITEM_ID.eq(LEDGER_TRANSACTION.ITEM_ID)))
                .where(LEDGER_TRANSACTION.TENANT_ID.eq(tenant))
                .and(LEDGER_TRANSACTION.EFFECTIVE_AT.ge(from.atOffset(ZoneOffset.UTC)))
                .and(LEDGER_TRANSACTION.EFFECTIVE_AT.lt(to.atOffset(ZoneOffset.UTC)))
                .groupBy(LEDGER_TRANSACTION.ITEM_ID, LEDGER_ITEM.NAME, LEDGER_ITEM.SKU)
                .orderBy(moves.desc(), units.desc(), LEDGER_TRANSACTION.ITEM_ID)
                .limit(limit)
                .fetch(r -> new InventoryQueries.TopMover(
                        r.value1().toString(),
                        r.value2(),
                        r.value3(),
                        r.value4(),
                        r.value5() == null ? 0 : r.value5().longValue()));
    }

    /** Erasure: the person's name and what they typed (movement reasons) read as erased; quantities stay. */
    void eraseUser(UUID tenant, UUID user, String erased) {
        dsl.update(LEDGER_USER)
                .set(LEDGER_USER.USERNAME, erased)
                .where(LEDGER_USER.TENANT_ID.eq(tenant).and(LEDGER_USER.USER_ID.eq(user)))
                .execute();
        dsl.update(LEDGER_TRANSACTION)
                .set(LEDGER_TRANSACTION.REASON, erased)
                .where(LEDGER_TRANSACTION.TENANT_ID.eq(tenant).and(LEDGER_TRANSACTION.USER_ID.eq(user)))
                .execute();
    }
}
