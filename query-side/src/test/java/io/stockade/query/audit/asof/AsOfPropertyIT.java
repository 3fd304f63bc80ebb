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
import io.stockade.api.inventory.InventoryEvents.ItemArchivedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemCreatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemDetailsUpdatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemImageChangedEvent;
import io.stockade.api.inventory.InventoryEvents.MinThresholdChangedEvent;
import io.stockade.api.inventory.InventoryEvents.StockAdjustedEvent;
import io.stockade.api.inventory.MovementSource;
import io.stockade.query.ReadModelDatabase;
import io.stockade.query.audit.asof.AsOfOracle.Stored;
import io.stockade.query.audit.asof.AsOfViews.InventoryAsOf;
import io.stockade.query.audit.asof.AsOfViews.ItemAsOf;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;

/**
 * The as-of answers against an oracle (issue 14 §2): for random lives of two items (creations, movements, counts,
 * back-dated corrections, changes of details, threshold, image and archive, with random recorded and effective
 * times), everything the projection answers on both axes at every event's time equals a plain fold over the
 * events, and the answer at the end equals the last stock the aggregate recorded. Real PostgreSQL, as the
 * application role under row-level security; each try writes under an organisation of its own.
 */
class AsOfPropertyIT {
    private static final Instant BASE = Instant.parse("2026-03-01T08:00:00Z");
    private static final Instant END = Instant.parse("2100-01-01T00:00:00Z");
    private static final UserId USER = UserId.random();
    private static final CategoryId TOOLS = new CategoryId(UUID.randomUUID());
    private static ReadModelDatabase db;
    private static AsOfProjection projection;
    private static AsOfQueries queries;

    @BeforeContainer
    static void migrate() {
        db = ReadModelDatabase.migrated();
        AsOfRepository rows = new AsOfRepository(db.dsl(), db.writeBehind());
        projection = new AsOfProjection(rows);
        queries = new AsOfQueries(rows, db.tenants());
    }

    @AfterContainer
    static void drop() {
        db.close();
    }

    enum Kind {
        MOVE,
        COUNT,
        BACKDATED_MOVE,
        BACKDATED_COUNT,
        DETAILS,
        THRESHOLD,
        IMAGE,
        ARCHIVE
    }

    /** One thing that happens to item 0 or 1, {@code gap} minutes after the previous one. */
    record Step(Kind kind, int item, int amount, boolean deduct, int gap, int backdate) {}

    @Provide
    Arbitrary<List<Step>> lives() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(Kind.MOVE)),
                Tuple.of(2, Arbitraries.just(Kind.COUNT)),
                Tuple.of(4, Arbitraries.just(Kind.BACKDATED_MOVE)),
                Tuple.of(2, Arbitraries.just(Kind.BACKDATED_COUNT)),
                Tuple.of(1, Arbitraries.just(Kind.DETAILS)),
                Tuple.of(1, Arbitraries.just(Kind.THRESHOLD)),
                Tuple.of(1, Arbitraries.just(Kind.IMAGE)),
                Tuple.of(1, Arbitraries.just(Kind.ARCHIVE)));
        Arbitrary<Step> steps = Combinators.combine(
                        kinds,
                        Arbitraries.integers().between(0, 1),
                        Arbitraries.integers().between(0, 12),
                        Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 240),
                        Arbitraries.integers().between(1, 3000))
                .as(Step::new);
        return steps.list().ofMinSize(1).ofMaxSize(16);
    }

    @Property(tries = 20)
    void shouldAnswerOnBothAxesWhatAFoldOverTheEventsAnswers(@ForAll("lives") List<Step> life) {
        TenantId tenant = TenantId.random();
        List<Stored> events = store(tenant, life);
        AsOfOracle oracle = new AsOfOracle(events);

        TreeSet<Instant> times = new TreeSet<>();
        times.add(BASE.minus(Duration.ofDays(3)));
        times.add(END);
        for (Stored e : events) {
            times.add(e.recordedAt());
            if (e.payload() instanceof StockAdjustedEvent m && m.effectiveAt() != null) {
                times.add(m.effectiveAt());
            }
        }
        List<UUID> items = events.stream().map(Stored::item).distinct().toList();
        for (Instant t : times) {
            for (UUID item : items) {
                for (Instant[] point : new Instant[][] {{t, END}, {END, t}, {t, t}}) {
                    ItemAsOf expected = oracle.item(item, point[0], point[1]).orElseThrow();
                    assertThat(queries.item(tenant, item, point[0], point[1]))
                            .as("item %s at %s known at %s", item, point[0], point[1])
                            .contains(expected);
                }
            }
            for (Instant[] point : new Instant[][] {{t, END}, {END, t}}) {
                InventoryAsOf inventory = queries.inventory(tenant, point[0], point[1], null, 1, 500);
                var expected = oracle.inventory(point[0], point[1]);
                assertThat(inventory.items())
                        .as("inventory at %s known at %s", point[0], point[1])
                        .isEqualTo(expected);
                assertThat(inventory.totals().items()).isEqualTo(expected.size());
                assertThat(inventory.totals().stock())
                        .isEqualTo(expected.stream()
                                .mapToLong(AsOfViews.InventoryLine::stock)
                                .sum());
            }
        }

        Map<UUID, Integer> lastStockAfter = new HashMap<>();
        for (Stored e : events) {
            if (e.payload() instanceof StockAdjustedEvent m) {
                lastStockAfter.put(e.item(), m.stockAfter());
            }
        }
        for (UUID item : items) {
            assertThat(queries.item(tenant, item, END, END).orElseThrow().stock())
                    .as("the final answer is the live stock")
                    .isEqualTo(lastStockAfter.getOrDefault(item, 0).longValue());
        }
        var everyAnomaly = queries.anomalies(tenant, null, null, 1, 500).anomalies();
        List<AsOfViews.Anomaly> expectedAnomalies = new ArrayList<>();
        items.stream()
                .sorted(Comparator.comparing(UUID::toString))
                .forEach(i -> expectedAnomalies.addAll(oracle.anomalies(i, END)));
        assertThat(everyAnomaly).isEqualTo(expectedAnomalies);

        // The same history as one processor batch (creations and movements written behind) writes the same rows.
        var oneByOne = rows(tenant);
        db.handle(tenant, () -> {
            db.dsl().deleteFrom(AUDIT_ASOF_MOVEMENT).execute();
            db.dsl().deleteFrom(AUDIT_ASOF_ITEM_VERSION).execute();
        });
        assertThat(rows(tenant)).isEqualTo(List.of(List.of(), List.of()));
        List<EventMessage<?>> batch = new ArrayList<>();
        Map<EventMessage<?>, Stored> stored = new IdentityHashMap<>();
        for (Stored e : events) {
            EventMessage<?> m = asEventMessage(e.payload());
            batch.add(m);
            stored.put(m, e);
        }
        db.handleAsBatch(batch, m -> {
            db.tenants().bind(tenant);
            Object p = m.getPayload();
            db.writeBehind()
                    .enter(AsOfProjection.GROUP, p instanceof ItemCreatedEvent || p instanceof StockAdjustedEvent);
            dispatch(stored.get(m), m);
        });
        assertThat(rows(tenant)).as("written behind in one batch").isEqualTo(oneByOne);
    }

    /** The tenant's rows of both tables, in key order. */
    private static List<List<Map<String, Object>>> rows(TenantId tenant) {
        return db.read(
                tenant,
                () -> List.of(
                        db.dsl()
                                .selectFrom(AUDIT_ASOF_MOVEMENT)
                                .orderBy(AUDIT_ASOF_MOVEMENT.ITEM_ID, AUDIT_ASOF_MOVEMENT.SEQUENCE)
                                .fetchMaps(),
                        db.dsl()
                                .selectFrom(AUDIT_ASOF_ITEM_VERSION)
                                .orderBy(AUDIT_ASOF_ITEM_VERSION.ITEM_ID, AUDIT_ASOF_ITEM_VERSION.SEQUENCE)
                                .fetchMaps()));
    }

    /**
     * Turns the steps into stored events as the aggregate would have recorded them (stock never negative in recorded
     * order, counts record their variance) and hands each to the projection in its own transaction.
     */
    private List<Stored> store(TenantId tenant, List<Step> life) {
        UUID[] ids = {UUID.randomUUID(), UUID.randomUUID()};
        long[] sequence = {0, 0};
        int[] stock = {0, 0};
        boolean[] created = {false, false};
        long position = 1;
        Instant now = BASE;
        List<Stored> events = new ArrayList<>();
        create(tenant, ids, 0, now, position++, sequence, created, events);
        for (Step s : life) {
            now = now.plus(Duration.ofMinutes(s.gap()));
            int i = s.item();
            if (!created[i]) {
                create(tenant, ids, i, now, position++, sequence, created, events);
                if (s.amount() > 0) {
                    // The initial stock comes with the creation, its clock read a moment before the stamp.
                    StockAdjustedEvent initial = movement(
                            tenant, new ItemId(ids[i]), stock, i, false, s.amount(), now.minusNanos(9_000), null);
                    initial = new StockAdjustedEvent(
                            initial.itemId(),
                            tenant,
                            initial.transactionId(),
                            initial.type(),
                            initial.quantity(),
                            initial.stockBefore(),
                            initial.stockAfter(),
                            initial.reason(),
                            initial.effectiveAt(),
                            MovementSource.INITIAL,
                            null);
                    Stored e = new Stored(position++, ids[i], sequence[i]++, now, initial);
                    events.add(e);
                    handle(tenant, e);
                }
                continue;
            }
            ItemId item = new ItemId(ids[i]);
            Object payload = switch (s.kind()) {
                case MOVE, BACKDATED_MOVE -> {
                    boolean deduct = s.deduct() && stock[i] > 0;
                    int quantity = deduct ? Math.min(s.amount(), stock[i]) : s.amount();
                    yield movement(tenant, item, stock, i, deduct, quantity, effective(s, now), null);
                }
                case COUNT, BACKDATED_COUNT -> {
                    int variance = s.amount() - stock[i];
                    yield movement(
                            tenant, item, stock, i, variance < 0, Math.abs(variance), effective(s, now), s.amount());
                }
                case DETAILS ->
                    new ItemDetailsUpdatedEvent(
                            item,
                            tenant,
                            "Renamed " + s.amount(),
                            "L" + s.amount(),
                            s.deduct() ? TOOLS : null,
                            null,
                            s.deduct() ? null : "S" + s.gap(),
                            "changed at " + now);
                case THRESHOLD -> new MinThresholdChangedEvent(item, tenant, 0, s.amount());
                case IMAGE -> new ItemImageChangedEvent(item, tenant, s.deduct() ? null : "img-" + s.amount());
                case ARCHIVE -> new ItemArchivedEvent(item, tenant);
            };
            Stored e = new Stored(position++, ids[i], sequence[i]++, now, payload);
            events.add(e);
            handle(tenant, e);
        }
        return events;
    }

    /** A back-dated step takes effect minutes before it is recorded (maybe before the item existed). */
    private static Instant effective(Step s, Instant now) {
        if (s.kind() == Kind.BACKDATED_MOVE || s.kind() == Kind.BACKDATED_COUNT) {
            return now.minus(Duration.ofMinutes(s.backdate()));
        }
        // Explicitly now, null, or up to the two minutes of clock skew ahead: all mean "when recorded".
        return switch (s.backdate() % 3) {
            case 0 -> now;
            case 1 -> null;
            default -> now.plusSeconds(s.backdate() % 120 + 1);
        };
    }

    private static StockAdjustedEvent movement(
            TenantId tenant,
            ItemId item,
            int[] stock,
            int i,
            boolean deduct,
            int quantity,
            Instant effectiveAt,
            Integer counted) {
        int before = stock[i];
        stock[i] = deduct ? before - quantity : before + quantity;
        return new StockAdjustedEvent(
                item,
                tenant,
                TransactionId.random(),
                deduct ? AdjustmentType.DEDUCTION : AdjustmentType.ADDITION,
                quantity,
                before,
                stock[i],
                PersonalValue.of(USER, "why"),
                effectiveAt,
                counted == null ? MovementSource.ADJUSTMENT : MovementSource.COUNT,
                counted);
    }

    private static void create(
            TenantId tenant,
            UUID[] ids,
            int i,
            Instant now,
            long position,
            long[] sequence,
            boolean[] created,
            List<Stored> events) {
        created[i] = true;
        ItemCreatedEvent c = new ItemCreatedEvent(
                new ItemId(ids[i]),
                tenant,
                i == 0 ? "Drill" : "Anvil",
                "SKU-" + i,
                "B-" + ids[i],
                "A" + i,
                i == 0 ? TOOLS : null,
                i == 1 ? TOOLS : null,
                null,
                null,
                3);
        Stored e = new Stored(position, ids[i], sequence[i]++, now, c);
        events.add(e);
        handle(tenant, e);
    }

    private static void handle(TenantId tenant, Stored e) {
        db.handle(tenant, () -> dispatch(e, asEventMessage(e.payload())));
    }

    private static void dispatch(Stored e, EventMessage<?> message) {
        GlobalSequenceTrackingToken token = new GlobalSequenceTrackingToken(e.position());
        Object p = e.payload();
        if (p instanceof ItemCreatedEvent c) {
            projection.on(c, e.sequence(), e.recordedAt(), token, message);
        } else if (p instanceof ItemDetailsUpdatedEvent u) {
            projection.on(u, e.sequence(), e.recordedAt(), token, message);
        } else if (p instanceof MinThresholdChangedEvent t) {
            projection.on(t, e.sequence(), e.recordedAt(), token, message);
        } else if (p instanceof ItemImageChangedEvent m) {
            projection.on(m, e.sequence(), e.recordedAt(), token, message);
        } else if (p instanceof ItemArchivedEvent a) {
            projection.on(a, e.sequence(), e.recordedAt(), token, message);
        } else if (p instanceof StockAdjustedEvent m) {
            projection.on(m, e.sequence(), e.recordedAt(), token, message);
        } else {
            throw new IllegalArgumentException(e.toString());
        }
    }
}
