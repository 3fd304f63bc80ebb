package io.stockade.query.audit;

import static io.stockade.query.jooq.Tables.AUDIT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.stockade.api.common.ItemId;
import io.stockade.api.common.MessageType;
import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.TransactionId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.UserRegisteredEvent;
import io.stockade.api.inventory.AdjustmentType;
import io.stockade.api.inventory.InventoryEvents.ItemCreatedEvent;
import io.stockade.api.inventory.InventoryEvents.StockAdjustedEvent;
import io.stockade.api.inventory.MovementSource;
import io.stockade.platform.axon.AuditMetadata;
import io.stockade.platform.axon.WriteBehind;
import io.stockade.platform.tenancy.TenantBinding;
import io.stockade.query.ReadModelDatabase;
import io.stockade.query.audit.AuditIndexRepository.Filter;
import io.stockade.query.audit.AuditIndexRepository.IndexedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit index against real PostgreSQL, as the application role under row-level security: one row per event of
 * any type, written behind in a processor's batch or at once, filtered and paged by position.
 */
class AuditIndexProjectionIT {
    private static ReadModelDatabase db;
    private static WriteBehind writes;
    private static AuditIndexRepository index;
    private static AuditIndexProjection projection;
    private static long nextPosition = 1;

    @BeforeAll
    static void migrate() {
        db = ReadModelDatabase.migrated();
        writes = db.writeBehind();
        index = new AuditIndexRepository(db.dsl(), writes);
        projection = new AuditIndexProjection(index);
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    /** An event of no aggregate Stockade knows, carrying no tenant of its own: named by its class, filed by metadata. */
    record ShelfRelabelled(String shelf) {}

    /** A new event type with a stable name (as every contract event has one). */
    @MessageType("stockade.test.PalletWeighed")
    record PalletWeighed(TenantId tenantId, int kilos) {}

    /** What a tracking processor hands the handler: a stored event with its global position and its metadata. */
    private static TrackedEventMessage<?> stored(
            String aggregateType, String aggregateId, long seq, Object payload, String at, Map<String, ?> meta) {
        TrackingToken token = new GlobalSequenceTrackingToken(nextPosition++);
        if (aggregateType == null) {
            return new GenericTrackedEventMessage<>(
                    token, new GenericEventMessage<>(UUID.randomUUID().toString(), payload, meta, Instant.parse(at)));
        }
        return new GenericTrackedDomainEventMessage<>(
                token,
                new GenericDomainEventMessage<>(
                        aggregateType,
                        aggregateId,
                        seq,
                        payload,
                        meta,
                        UUID.randomUUID().toString(),
                        Instant.parse(at)));
    }

    private static Map<String, Object> by(UserId user, TenantId tenant, String correlation) {
        Map<String, Object> meta = new HashMap<>();
        meta.put(AuditMetadata.USER_ID, user.toString());
        meta.put(AuditMetadata.TENANT_ID, tenant.toString());
        meta.put(AuditMetadata.ROLE, "Manager");
        meta.put(AuditMetadata.CORRELATION_ID, correlation);
        return meta;
    }

    /** One handler call as the processor makes it: the write-behind entered as the handler enhancer does. */
    private static void dispatch(EventMessage<?> m) {
        TenantId named = TenantBinding.tenantOf(m.getPayload());
        if (named != null) {
            db.tenants().bind(named);
        }
        writes.enter(AuditIndexProjection.GROUP, true);
        projection.on(m.getPayload(), m, ((TrackedEventMessage<?>) m).trackingToken());
    }

    /** A person registers, creates an item, moves it twice (one back-dated count) and a pallet is weighed. */
    private record Story(TenantId tenant, UserId user, ItemId item, List<TrackedEventMessage<?>> events) {
        static Story of(TenantId tenant) {
            UserId user = UserId.random();
            ItemId item = ItemId.random();
            String i = item.toString();
            List<TrackedEventMessage<?>> events = new ArrayList<>();
            events.add(stored(
                    "UserAccount",
                    user.toString(),
                    0,
                    new UserRegisteredEvent(
                            user,
                            tenant,
                            PersonalValue.of(user, "ann"),
                            PersonalValue.of(user, "ann@example.test"),
                            PersonalValue.of(user, "$2a$"),
                            Role.MANAGER,
                            false),
                    "2026-12-01T07:00:00Z",
                    Map.of()));
            events.add(stored(
                    "InventoryItem",
                    i,
                    0,
                    new ItemCreatedEvent(item, tenant, "Drill", "SKU-1", "B-1", "A1", null, null, null, null, 5),
                    "2026-12-01T08:00:00Z",
                    by(user, tenant, "corr-create-1")));
            events.add(stored(
                    "InventoryItem",
                    i,
                    1,
                    movement(item, tenant, 0, 10, AdjustmentType.ADDITION, "2026-12-01T09:00:00Z"),
                    "2026-12-01T09:00:00Z",
                    by(user, tenant, "corr-move-1")));
            events.add(stored(
                    "InventoryItem",
                    i,
                    2,
                    movement(item, tenant, 10, 7, AdjustmentType.DEDUCTION, "2026-11-28T16:00:00Z"),
                    "2026-12-02T09:00:00Z",
                    by(user, tenant, "corr-move-2")));
            events.add(stored(null, null, 0, new PalletWeighed(tenant, 300), "2026-12-02T10:00:00Z", Map.of()));
            events.add(stored(
                    "Warehouse",
                    UUID.randomUUID().toString(),
                    0,
                    new ShelfRelabelled("S-9"),
                    "2026-12-02T11:00:00Z",
                    by(user, tenant, "corr-shelf-1")));
            return new Story(tenant, user, item, events);
        }

        long position(int n) {
            return events.get(n).trackingToken().position().orElseThrow();
        }
    }

    private static StockAdjustedEvent movement(
            ItemId item, TenantId tenant, int before, int after, AdjustmentType type, String effective) {
        return new StockAdjustedEvent(
                item,
                tenant,
                TransactionId.random(),
                type,
                Math.abs(after - before),
                before,
                after,
                PersonalValue.of(UserId.random(), "why"),
                Instant.parse(effective),
                MovementSource.ADJUSTMENT,
                null);
    }

    private static Filter all(TenantId tenant) {
        return new Filter(tenant.value(), null, null, null, null, null, null, null, null, null, false, 100);
    }

    private static List<IndexedEvent> page(TenantId tenant, Filter f) {
        return db.read(tenant, () -> index.page(f));
    }

    @Test
    void shouldIndexEveryEventOfAnyTypeWithWhereWhoAndWhenWhenHandledOneByOne() {
        Story s = Story.of(TenantId.random());

        db.handle(s.tenant(), () -> s.events().forEach(AuditIndexProjectionIT::dispatch));

        String user = s.user().toString();
        assertThat(page(s.tenant(), all(s.tenant())))
                .extracting(
                        IndexedEvent::aggregateType, IndexedEvent::sequence, IndexedEvent::type, IndexedEvent::outcome)
                .containsExactly(
                        tuple("user", 0L, "UserRegistered", "accepted"),
                        tuple("item", 0L, "ItemCreated", "accepted"),
                        tuple("item", 1L, "StockAdjusted", "accepted"),
                        tuple("item", 2L, "StockAdjusted", "accepted"),
                        tuple("none", 0L, "PalletWeighed", "accepted"),
                        tuple("warehouse", 0L, "ShelfRelabelled", "accepted"));
        IndexedEvent backDated = page(s.tenant(), all(s.tenant())).get(3);
        assertThat(backDated)
                .isEqualTo(new IndexedEvent(
                        s.position(3),
                        "item",
                        s.item().toString(),
                        2,
                        "StockAdjusted",
                        s.user().value(),
                        Instant.parse("2026-12-02T09:00:00Z"),
                        Instant.parse("2026-11-28T16:00:00Z"),
                        "corr-move-2",
                        "accepted"));
        assertThat(page(s.tenant(), all(s.tenant())).get(1).effectiveAt())
                .as("only movements take effect apart from when they are recorded")
                .isNull();
        assertThat(page(s.tenant(), all(s.tenant())).get(5).userId()).hasToString(user);
    }

    @Test
    void shouldWriteTheSameRowsWhenTheEventsArriveInOneProcessorBatch() {
        Story s = Story.of(TenantId.random());
        db.handle(s.tenant(), () -> s.events().forEach(AuditIndexProjectionIT::dispatch));
        List<IndexedEvent> oneByOne = page(s.tenant(), all(s.tenant()));
        db.reset(projection::reset);

        List<Integer> rowsSeenInTheBatch = new ArrayList<>();
        db.handleAsBatch(s.events(), m -> {
            dispatch(m);
            rowsSeenInTheBatch.add(db.dsl().fetchCount(AUDIT_EVENT));
        });

        assertThat(rowsSeenInTheBatch).as("rows wait for the batch's commit").containsOnly(0);
        assertThat(page(s.tenant(), all(s.tenant()))).isEqualTo(oneByOne);
    }

    @Test
    void shouldChangeNothingWhenTheSameEventsAreHandledAgain() {
        Story s = Story.of(TenantId.random());
        db.handle(s.tenant(), () -> s.events().forEach(AuditIndexProjectionIT::dispatch));
        List<IndexedEvent> first = page(s.tenant(), all(s.tenant()));

        db.handle(s.tenant(), () -> s.events().forEach(AuditIndexProjectionIT::dispatch));
        db.handleAsBatch(s.events(), AuditIndexProjectionIT::dispatch);

        assertThat(page(s.tenant(), all(s.tenant()))).isEqualTo(first);
    }

    @Test
    void shouldFilterOnEachColumnAndPageByPositionInBothOrders() {
        Story s = Story.of(TenantId.random());
        db.handleAsBatch(s.events(), AuditIndexProjectionIT::dispatch);
        TenantId t = s.tenant();
        String item = s.item().toString();

        assertThat(page(t, new Filter(t.value(), "item", null, null, null, null, null, null, null, null, false, 100)))
                .hasSize(3);
        assertThat(page(
                        t,
                        new Filter(
                                t.value(),
                                null,
                                item,
                                List.of("StockAdjusted"),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                false,
                                100)))
                .extracting(IndexedEvent::sequence)
                .containsExactly(1L, 2L);
        assertThat(page(
                        t,
                        new Filter(
                                t.value(),
                                null,
                                null,
                                null,
                                s.user().value(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                false,
                                100)))
                .hasSize(4);
        assertThat(page(
                        t,
                        new Filter(
                                t.value(),
                                null,
                                null,
                                null,
                                null,
                                Instant.parse("2026-12-01T08:00:00Z"),
                                Instant.parse("2026-12-02T09:00:00Z"),
                                null,
                                null,
                                null,
                                false,
                                100)))
                .as("from inclusive, to exclusive, on the recorded time")
                .extracting(IndexedEvent::type)
                .containsExactly("ItemCreated", "StockAdjusted");
        assertThat(page(
                        t,
                        new Filter(
                                t.value(), null, null, null, null, null, null, "corr-move-2", null, null, false, 100)))
                .extracting(IndexedEvent::position)
                .containsExactly(s.position(3));
        assertThat(page(
                        t,
                        new Filter(t.value(), null, null, null, null, null, null, null, "rejected", null, false, 100)))
                .isEmpty();

        List<Long> ascending = new ArrayList<>();
        Long after = null;
        while (true) {
            List<IndexedEvent> rows =
                    page(t, new Filter(t.value(), null, null, null, null, null, null, null, null, after, false, 4));
            List<IndexedEvent> shown = rows.subList(0, Math.min(4, rows.size()));
            shown.forEach(r -> ascending.add(r.position()));
            if (rows.size() <= 4) {
                break;
            }
            after = shown.get(shown.size() - 1).position();
        }
        List<Long> descending = new ArrayList<>();
        after = null;
        while (true) {
            List<IndexedEvent> rows =
                    page(t, new Filter(t.value(), null, null, null, null, null, null, null, null, after, true, 4));
            List<IndexedEvent> shown = rows.subList(0, Math.min(4, rows.size()));
            shown.forEach(r -> descending.add(r.position()));
            if (rows.size() <= 4) {
                break;
            }
            after = shown.get(shown.size() - 1).position();
        }
        List<Long> expected = new ArrayList<>();
        for (int n = 0; n < s.events().size(); n++) {
            expected.add(s.position(n));
        }
        assertThat(ascending).isEqualTo(expected);
        List<Long> newestFirst = new ArrayList<>(expected);
        Collections.reverse(newestFirst);
        assertThat(descending).isEqualTo(newestFirst);
    }

    @Test
    void shouldFindAnAggregatesEventsItsLastEventOfATypeAndPeoplesRegistrations() {
        Story s = Story.of(TenantId.random());
        db.handleAsBatch(s.events(), AuditIndexProjectionIT::dispatch);
        TenantId t = s.tenant();
        String item = s.item().toString();

        assertThat(db.read(t, () -> index.ofAggregate(t.value(), "item", item, null, 2)))
                .extracting(IndexedEvent::sequence)
                .containsExactly(0L, 1L, 2L);
        assertThat(db.read(t, () -> index.ofAggregate(t.value(), "item", item, s.position(2), 10)))
                .extracting(IndexedEvent::sequence)
                .containsExactly(2L);
        assertThat(db.read(t, () -> index.ofAggregate(t.value(), "user", item, null, 10)))
                .as("an id asked for as another kind of aggregate")
                .isEmpty();
        assertThat(db.read(t, () -> index.lastBefore(t.value(), item, "StockAdjusted", s.position(3))))
                .map(IndexedEvent::position)
                .contains(s.position(2));
        assertThat(db.read(
                        t, () -> index.registrations(t.value(), List.of(s.user().value(), UUID.randomUUID()))))
                .extracting(IndexedEvent::position)
                .containsExactly(s.position(0));
    }

    @Test
    void shouldSeeOnlyItsOwnOrganisationsEventsWhenAnotherHasSome() {
        Story mine = Story.of(TenantId.random());
        Story theirs = Story.of(TenantId.random());
        List<TrackedEventMessage<?>> both = new ArrayList<>();
        for (int n = 0; n < mine.events().size(); n++) {
            both.add(mine.events().get(n));
            both.add(theirs.events().get(n));
        }
        db.handleAsBatch(both, AuditIndexProjectionIT::dispatch);

        assertThat(page(mine.tenant(), all(mine.tenant()))).hasSize(6);
        assertThat(page(
                        mine.tenant(),
                        new Filter(
                                mine.tenant().value(),
                                null,
                                theirs.item().toString(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                false,
                                100)))
                .as("another organisation's aggregate id yields nothing")
                .isEmpty();
        assertThat(page(mine.tenant(), all(theirs.tenant())))
                .as("their tenant asked for under one's own binding")
                .isEmpty();
        assertThat(db.visibleRows(mine.tenant(), AUDIT_EVENT)).isEqualTo(6);
        assertThat(db.rowsOf(theirs.tenant(), AUDIT_EVENT)).isEqualTo(6);
    }

    @Test
    void shouldFileAnEventUnderThePayloadsOrganisationWhenItsMetadataNamesAnother() {
        TenantId asker = TenantId.random();
        TenantId owner = TenantId.random();
        UserId user = UserId.random();
        ItemId item = ItemId.random();
        TrackedEventMessage<?> disputed = stored(
                "InventoryItem",
                item.toString(),
                0,
                movement(item, owner, 0, 3, AdjustmentType.ADDITION, "2026-12-03T09:00:00Z"),
                "2026-12-03T09:00:00Z",
                by(user, asker, "corr-disputed"));

        db.handle(owner, () -> dispatch(disputed));

        assertThat(page(owner, all(owner)))
                .extracting(IndexedEvent::aggregateId)
                .as("the sealer files it in the payload's organisation's log: the index agrees")
                .containsExactly(item.toString());
        assertThat(page(asker, all(asker))).isEmpty();
    }

    @Test
    void shouldEmptyTheIndexOfEveryOrganisationWhenReset() {
        Story s = Story.of(TenantId.random());
        db.handleAsBatch(s.events(), AuditIndexProjectionIT::dispatch);

        db.reset(projection::reset);

        assertThat(page(s.tenant(), all(s.tenant()))).isEmpty();
        assertThat(db.allRows(AUDIT_EVENT)).isZero();
    }
}
