package io.stockade.query.ledger;

import static io.stockade.query.jooq.Tables.LEDGER_ITEM;
import static io.stockade.query.jooq.Tables.LEDGER_TRANSACTION;
import static io.stockade.query.jooq.Tables.LEDGER_USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.api.common.ItemId;
import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.TransactionId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.UserRegisteredEvent;
import io.stockade.api.inventory.AdjustmentType;
import io.stockade.api.inventory.InventoryEvents.ItemCreatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemDetailsUpdatedEvent;
import io.stockade.api.inventory.InventoryEvents.StockAdjustedEvent;
import io.stockade.api.inventory.InventoryQueries.CountTransactionsQuery;
import io.stockade.api.inventory.InventoryQueries.DayMovements;
import io.stockade.api.inventory.InventoryQueries.FindItemHistoryQuery;
import io.stockade.api.inventory.InventoryQueries.FindTransactionQuery;
import io.stockade.api.inventory.InventoryQueries.FindTransactionsQuery;
import io.stockade.api.inventory.InventoryQueries.MovementTrend;
import io.stockade.api.inventory.InventoryQueries.MovementTrendQuery;
import io.stockade.api.inventory.InventoryQueries.TopMover;
import io.stockade.api.inventory.InventoryQueries.TransactionPage;
import io.stockade.api.inventory.InventoryQueries.TransactionView;
import io.stockade.api.inventory.MovementSource;
import io.stockade.platform.axon.AuditMetadata;
import io.stockade.platform.axon.WriteBehind;
import io.stockade.query.ReadModelDatabase;
import io.stockade.query.live.LiveNotices;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transaction ledger against real PostgreSQL, as the application role under row-level security. Its
 * movement handler is write-behind: handled alone it writes at once, in a processor's batch at the commit;
 * both paths are driven here.
 */
class LedgerProjectionIT {
    private static ReadModelDatabase db;
    private static WriteBehind writes;
    private static LedgerProjection projection;

    @BeforeAll
    static void migrate() {
        db = ReadModelDatabase.migrated();
        writes = db.writeBehind();
        projection = new LedgerProjection(
                new LedgerRepository(db.dsl(), writes),
                LiveNotices.localOnly(SimpleQueryUpdateEmitter.builder().build()));
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    /** What a processor hands the handlers: the payload with its sequence, id, recorded time and who did it. */
    private static EventMessage<?> event(Object payload, long seq, String recordedAt, UserId by) {
        return new GenericDomainEventMessage<>(
                "Test",
                UUID.randomUUID().toString(),
                seq,
                payload,
                by == null ? Map.of() : Map.of(AuditMetadata.USER_ID, by.toString()),
                UUID.randomUUID().toString(),
                Instant.parse(recordedAt));
    }

    private static StockAdjustedEvent moved(
            ItemId item, TenantId tenant, TransactionId tx, int before, int after, String reason, String effective) {
        return new StockAdjustedEvent(
                item,
                tenant,
                tx,
                after >= before ? AdjustmentType.ADDITION : AdjustmentType.DEDUCTION,
                Math.abs(after - before),
                before,
                after,
                reason == null ? null : PersonalValue.of(UserId.random(), reason),
                effective == null ? null : Instant.parse(effective),
                MovementSource.ADJUSTMENT,
                null);
    }

    private static ItemCreatedEvent created(ItemId item, TenantId tenant, String name) {
        return new ItemCreatedEvent(item, tenant, name, "SKU-" + name, "B-" + name, "A1", null, null, null, null, 5);
    }

    private static UserRegisteredEvent registered(UserId user, TenantId tenant, String name) {
        return new UserRegisteredEvent(
                user,
                tenant,
                PersonalValue.of(user, name),
                PersonalValue.of(user, name + "@example.com"),
                PersonalValue.of(user, "$2a$"),
                Role.STAFF,
                false);
    }

    /** One handler call as the processor makes it, the tenant bound first as TenantBinding does. */
    private static void dispatch(EventMessage<?> m) {
        Object e = m.getPayload();
        if (e instanceof StockAdjustedEvent a) {
            db.tenants().bind(a.tenantId());
            writes.enter(LedgerProjection.GROUP, true);
            projection.on(a, m.getTimestamp(), (String) m.getMetaData().get(AuditMetadata.USER_ID));
            return;
        }
        writes.enter(LedgerProjection.GROUP, false);
        if (e instanceof ItemCreatedEvent c) {
            db.tenants().bind(c.tenantId());
            projection.on(c);
        } else if (e instanceof ItemDetailsUpdatedEvent d) {
            db.tenants().bind(d.tenantId());
            projection.on(d);
        } else if (e instanceof UserRegisteredEvent u) {
            db.tenants().bind(u.tenantId());
            projection.on(u);
        } else {
            throw new IllegalArgumentException(e.toString());
        }
    }

    /** Outside a processor's batch: every statement goes out as its handler runs. */
    private static void handle(TenantId tenant, List<EventMessage<?>> events) {
        db.handle(tenant, () -> events.forEach(LedgerProjectionIT::dispatch));
    }

    private static List<TransactionView> lines(TenantId tenant) {
        return db.read(
                        tenant,
                        () -> projection.handle(new FindTransactionsQuery(tenant, null, null, null, null, 1, 50)))
                .transactions();
    }

    /** An item, a user, two movements by that user (the second back-dated) and a rename. */
    private record Story(
            TenantId tenant,
            ItemId item,
            UserId user,
            TransactionId in,
            TransactionId out,
            List<EventMessage<?>> events) {
        static Story of(TenantId tenant) {
            ItemId item = ItemId.random();
            UserId user = UserId.random();
            TransactionId in = TransactionId.random();
            TransactionId out = TransactionId.random();
            return new Story(
                    tenant,
                    item,
                    user,
                    in,
                    out,
                    List.of(
                            event(registered(user, tenant, "ann"), 0, "2026-12-01T07:00:00Z", null),
                            event(created(item, tenant, "Drill"), 0, "2026-12-01T08:00:00Z", user),
                            event(moved(item, tenant, in, 0, 10, "delivery", null), 1, "2026-12-01T09:00:00Z", user),
                            event(
                                    moved(item, tenant, out, 10, 7, null, "2026-11-30T16:00:00Z"),
                                    2,
                                    "2026-12-02T09:00:00Z",
                                    user),
                            event(
                                    new ItemDetailsUpdatedEvent(
                                            item, tenant, "Cordless drill", "A1", null, null, null, null),
                                    3,
                                    "2026-12-02T10:00:00Z",
                                    user)));
        }

        List<TransactionView> expectedLines() {
            return List.of(
                    new TransactionView(
                            out.toString(),
                            Instant.parse("2026-12-02T09:00:00Z"),
                            Instant.parse("2026-11-30T16:00:00Z"),
                            item.toString(),
                            "Cordless drill",
                            "SKU-Drill",
                            user.toString(),
                            "ann",
                            -3,
                            3,
                            "",
                            AdjustmentType.DEDUCTION,
                            "adjustment",
                            7),
                    new TransactionView(
                            in.toString(),
                            Instant.parse("2026-12-01T09:00:00Z"),
                            Instant.parse("2026-12-01T09:00:00Z"),
                            item.toString(),
                            "Cordless drill",
                            "SKU-Drill",
                            user.toString(),
                            "ann",
                            10,
                            10,
                            "delivery",
                            AdjustmentType.ADDITION,
                            "adjustment",
                            10));
        }
    }

    @Test
    void shouldWriteOneLinePerMovementWithTodaysNamesWhenStockMoves() {
        Story story = Story.of(TenantId.random());
        TenantId tenant = story.tenant();

        handle(tenant, story.events());

        assertThat(lines(tenant)).isEqualTo(story.expectedLines());
        assertThat(db.read(tenant, () -> projection.handle(new FindTransactionQuery(tenant, story.in()))))
                .contains(story.expectedLines().get(1));
        TransactionPage history =
                db.read(tenant, () -> projection.handle(new FindItemHistoryQuery(tenant, story.item(), 1, 1)));
        assertThat(history).isEqualTo(new TransactionPage(story.expectedLines().subList(0, 1), 2, 1, 2));
        assertThat(db.read(
                        tenant,
                        () -> projection.handle(
                                new CountTransactionsQuery(tenant, Instant.parse("2026-12-02T00:00:00Z")))))
                .isEqualTo(1L);
        MovementTrend trend = db.read(
                tenant, () -> projection.handle(new MovementTrendQuery(tenant, LocalDate.parse("2026-11-30"), 3)));
        assertThat(trend.days())
                .as("per day the movement took effect (back-dating included)")
                .containsExactly(
                        new DayMovements(LocalDate.parse("2026-11-30"), 1, 0, 3),
                        new DayMovements(LocalDate.parse("2026-12-01"), 1, 10, 0),
                        new DayMovements(LocalDate.parse("2026-12-02"), 0, 0, 0));
        assertThat(trend.topMovers())
                .containsExactly(new TopMover(story.item().toString(), "Cordless drill", "SKU-Drill", 2, 13));
    }

    @Test
    void shouldWriteTheSameLinesWhenTheEventsArriveInOneProcessorBatch() {
        Story story = Story.of(TenantId.random());

        List<Integer> linesSeenInTheBatch = new ArrayList<>();
        db.handleAsBatch(story.events(), m -> {
            dispatch(m);
            linesSeenInTheBatch.add(db.dsl().fetchCount(LEDGER_TRANSACTION));
        });

        assertThat(linesSeenInTheBatch)
                .as("a line waits for the next unbuffered handler or the commit")
                .containsExactly(0, 0, 0, 0, 2);
        assertThat(lines(story.tenant())).isEqualTo(story.expectedLines());
    }

    @Test
    void shouldChangeNothingWhenTheSameEventsAreHandledAgain() {
        Story story = Story.of(TenantId.random());
        handle(story.tenant(), story.events());

        handle(story.tenant(), story.events());
        db.handleAsBatch(story.events(), LedgerProjectionIT::dispatch);

        assertThat(lines(story.tenant())).isEqualTo(story.expectedLines());
    }

    @Test
    void shouldSeeOnlyItsOwnOrganisationsLinesWhenAnotherHasSome() {
        Story mine = Story.of(TenantId.random());
        Story theirs = Story.of(TenantId.random());
        db.handleAsBatch(
                List.of(
                        mine.events().get(0),
                        theirs.events().get(0),
                        mine.events().get(1),
                        theirs.events().get(1),
                        mine.events().get(2),
                        theirs.events().get(2),
                        mine.events().get(3),
                        theirs.events().get(3),
                        mine.events().get(4),
                        theirs.events().get(4)),
                LedgerProjectionIT::dispatch);

        assertThat(lines(mine.tenant())).isEqualTo(mine.expectedLines());
        assertThat(lines(theirs.tenant())).isEqualTo(theirs.expectedLines());
        assertThat(db.read(
                        mine.tenant(), () -> projection.handle(new FindTransactionQuery(theirs.tenant(), theirs.in()))))
                .as("the other organisation's id asked for under one's own binding")
                .isEmpty();
        assertThat(db.visibleRows(mine.tenant(), LEDGER_TRANSACTION)).isEqualTo(2);
        assertThat(db.visibleRows(mine.tenant(), LEDGER_ITEM)).isEqualTo(1);
        assertThat(db.visibleRows(mine.tenant(), LEDGER_USER)).isEqualTo(1);
    }

    @Test
    void shouldEmptyTheLedgerOfEveryOrganisationWhenReset() {
        Story story = Story.of(TenantId.random());
        handle(story.tenant(), story.events());

        db.reset(projection::reset);

        assertThat(lines(story.tenant())).isEmpty();
        assertThat(db.allRows(LEDGER_TRANSACTION)).isZero();
        assertThat(db.allRows(LEDGER_ITEM)).isZero();
        assertThat(db.allRows(LEDGER_USER)).isZero();
    }
}
