package io.stockade.command.inventory;

import io.stockade.api.alerts.AlertMessages.AlertAudience;
import io.stockade.api.alerts.AlertMessages.AlertChannel;
import io.stockade.api.alerts.AlertMessages.AlertRecipient;
import io.stockade.api.alerts.AlertMessages.LowStockAlertRaisedEvent;
import io.stockade.api.alerts.AlertMessages.RaiseLowStockAlertCommand;
import io.stockade.api.common.CategoryId;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.TransactionId;
import io.stockade.api.common.UserId;
import io.stockade.api.inventory.AdjustmentType;
import io.stockade.api.inventory.InventoryCommands.AdjustStockCommand;
import io.stockade.api.inventory.InventoryCommands.ArchiveItemCommand;
import io.stockade.api.inventory.InventoryCommands.CountStockCommand;
import io.stockade.api.inventory.InventoryCommands.ItemState;
import io.stockade.api.inventory.InventoryCommands.StockMovementResult;
import io.stockade.api.inventory.InventoryCommands.UpdateItemDetailsCommand;
import io.stockade.api.inventory.InventoryEvents.ItemArchivedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemBecameLowOnStockEvent;
import io.stockade.api.inventory.InventoryEvents.ItemCreatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemDetailsUpdatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemStockRecoveredEvent;
import io.stockade.api.inventory.InventoryEvents.MinThresholdChangedEvent;
import io.stockade.api.inventory.InventoryEvents.StockAdjustedEvent;
import io.stockade.api.inventory.MovementSource;
import io.stockade.api.inventory.StockStatus;
import io.stockade.platform.axon.AuditMetadata;
import io.stockade.platform.errors.DomainRuleViolation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.CoreMatchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InventoryItemTest {
    private static final ItemId ITEM = ItemId.random();
    private static final TenantId TENANT = TenantId.random();
    private static final UserId ACTOR = UserId.random();
    private static final Instant WHEN = Instant.parse("2026-11-01T10:00:00Z");
    private static final Map<String, Object> META = Map.of(AuditMetadata.USER_ID, ACTOR.toString());

    private FixtureConfiguration<InventoryItem> fixture;
    private static final UserId MANAGER = UserId.random();
    private static final CategoryId TOOLS = CategoryId.random();
    private static final CategoryId POWER_TOOLS = CategoryId.random();
    /** Resolved by alerting: the item keeps those its categories concern. */
    private static final List<AlertAudience> AUDIENCE = List.of(
            new AlertAudience(
                    MANAGER, Role.MANAGER, List.of(), List.of(AlertChannel.EMAIL, AlertChannel.IN_APP), List.of()),
            new AlertAudience(UserId.random(), Role.STAFF, List.of(TOOLS), List.of(AlertChannel.EMAIL), List.of()));

    private static final List<AlertRecipient> PEOPLE =
            List.of(new AlertRecipient(MANAGER, Role.MANAGER, List.of(AlertChannel.EMAIL, AlertChannel.IN_APP)));

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(InventoryItem.class);
        fixture.registerAnnotatedCommandHandler(
                new ItemDetailsChange(fixture.getRepository(), new ItemCategories((tenant, id) -> Optional.empty())));
    }

    private static RaiseLowStockAlertCommand raise(TenantId tenant, int reminder) {
        return new RaiseLowStockAlertCommand(ITEM, tenant, reminder, AUDIENCE);
    }

    private static LowStockAlertRaisedEvent alert(int reminder, int stock, int threshold) {
        return new LowStockAlertRaisedEvent(
                ITEM, TENANT, reminder, reminder > 0, "Drill", "SKU-1", stock, threshold, PEOPLE);
    }

    // --- low-stock alerts ---

    @Test
    void shouldRaiseTheAlertNamingWhoIsToldWhenTheItemIsLow() {
        fixture.given(
                        created(5),
                        moved(
                                TransactionId.random(),
                                AdjustmentType.ADDITION,
                                3,
                                0,
                                3,
                                "in",
                                MovementSource.INITIAL,
                                null),
                        new ItemBecameLowOnStockEvent(ITEM, TENANT, 3, 5))
                .when(raise(TENANT, 0))
                .expectEvents(alert(0, 3, 5));
    }

    @Test
    void shouldEscalateRemindersAndNeverRaiseTheSameOneTwice() {
        fixture.given(created(5), new ItemBecameLowOnStockEvent(ITEM, TENANT, 0, 5), alert(0, 0, 5))
                .when(raise(TENANT, 0))
                .expectNoEvents();
        fixture.given(created(5), new ItemBecameLowOnStockEvent(ITEM, TENANT, 0, 5), alert(0, 0, 5))
                .when(raise(TENANT, 1))
                .expectEvents(alert(1, 0, 5));
    }

    @Test
    void shouldTellOnlyThePeopleTheItemsCategoriesConcernAndEscalatedAdminsAnyway() {
        UserId staff = UserId.random();
        UserId admin = UserId.random();
        UserId elsewhere = UserId.random();
        List<AlertAudience> audience = List.of(
                new AlertAudience(staff, Role.STAFF, List.of(POWER_TOOLS), List.of(AlertChannel.EMAIL), List.of()),
                new AlertAudience(
                        admin,
                        Role.ADMIN,
                        List.of(CategoryId.random()),
                        List.of(AlertChannel.EMAIL, AlertChannel.IN_APP),
                        List.of(AlertChannel.IN_APP)),
                new AlertAudience(
                        elsewhere, Role.MANAGER, List.of(CategoryId.random()), List.of(AlertChannel.EMAIL), List.of()));
        fixture.given(
                        new ItemCreatedEvent(
                                ITEM, TENANT, "Drill", "SKU-1", "STK1", "A1", TOOLS, POWER_TOOLS, null, null, 5),
                        new ItemBecameLowOnStockEvent(ITEM, TENANT, 0, 5),
                        alert(0, 0, 5))
                .when(new RaiseLowStockAlertCommand(ITEM, TENANT, 1, audience))
                .expectEvents(new LowStockAlertRaisedEvent(
                        ITEM,
                        TENANT,
                        1,
                        true,
                        "Drill",
                        "SKU-1",
                        0,
                        5,
                        List.of(
                                new AlertRecipient(staff, Role.STAFF, List.of(AlertChannel.EMAIL)),
                                new AlertRecipient(admin, Role.ADMIN, List.of(AlertChannel.IN_APP)))));
    }

    @Test
    void shouldRaiseNothingWhenTheItemRecoveredOrWasArchivedMeanwhile() {
        fixture.given(
                        created(5),
                        new ItemBecameLowOnStockEvent(ITEM, TENANT, 0, 5),
                        moved(
                                TransactionId.random(),
                                AdjustmentType.ADDITION,
                                9,
                                0,
                                9,
                                "in",
                                MovementSource.ADJUSTMENT,
                                null),
                        new ItemStockRecoveredEvent(ITEM, TENANT, 9, 5))
                .when(raise(TENANT, 0))
                .expectNoEvents();
        fixture.given(
                        created(5),
                        new ItemBecameLowOnStockEvent(ITEM, TENANT, 0, 5),
                        new ItemArchivedEvent(ITEM, TENANT))
                .when(raise(TENANT, 0))
                .expectNoEvents();
    }

    @Test
    void shouldAlertAgainInANewEpisodeAndNameTheItemAsItIsNow() {
        fixture.given(
                        created(5),
                        new ItemBecameLowOnStockEvent(ITEM, TENANT, 0, 5),
                        alert(0, 0, 5),
                        moved(
                                TransactionId.random(),
                                AdjustmentType.ADDITION,
                                9,
                                0,
                                9,
                                "in",
                                MovementSource.ADJUSTMENT,
                                null),
                        new ItemStockRecoveredEvent(ITEM, TENANT, 9, 5),
                        new ItemDetailsUpdatedEvent(ITEM, TENANT, "Cordless drill", "A1", null, null, null, null),
                        moved(
                                TransactionId.random(),
                                AdjustmentType.DEDUCTION,
                                7,
                                9,
                                2,
                                "out",
                                MovementSource.ADJUSTMENT,
                                null),
                        new ItemBecameLowOnStockEvent(ITEM, TENANT, 2, 5))
                .when(raise(TENANT, 0))
                .expectEvents(
                        new LowStockAlertRaisedEvent(ITEM, TENANT, 0, false, "Cordless drill", "SKU-1", 2, 5, PEOPLE));
    }

    @Test
    void shouldTreatAnAlertForAnotherOrganisationsItemAsNotFound() {
        fixture.given(created(5), new ItemBecameLowOnStockEvent(ITEM, TENANT, 0, 5))
                .when(raise(TenantId.random(), 0))
                .expectNoEvents()
                .expectException(DomainRuleViolation.class);
    }

    private static ItemCreatedEvent created(int threshold) {
        return new ItemCreatedEvent(ITEM, TENANT, "Drill", "SKU-1", "STK1", "A1", null, null, null, null, threshold);
    }

    private static StockAdjustedEvent moved(
            TransactionId tx,
            AdjustmentType type,
            int qty,
            int before,
            int after,
            String reason,
            MovementSource source,
            Integer counted) {
        return new StockAdjustedEvent(
                ITEM, TENANT, tx, type, qty, before, after, PersonalValue.of(ACTOR, reason), WHEN, source, counted);
    }

    @Test
    void shouldRecordADeductionWhenStockSuffices() {
        TransactionId tx = TransactionId.random();
        fixture.given(
                        created(2),
                        moved(
                                TransactionId.random(),
                                AdjustmentType.ADDITION,
                                10,
                                0,
                                10,
                                "in",
                                MovementSource.INITIAL,
                                null))
                .when(new AdjustStockCommand(ITEM, TENANT, tx, AdjustmentType.DEDUCTION, 4, "order 7", WHEN), META)
                .expectSuccessfulHandlerExecution()
                .expectEvents(moved(tx, AdjustmentType.DEDUCTION, 4, 10, 6, "order 7", MovementSource.ADJUSTMENT, null))
                .expectResultMessagePayloadMatching(
                        Matchers.predicate((StockMovementResult r) -> r.equals(new StockMovementResult(
                                        ITEM,
                                        tx,
                                        AdjustmentType.DEDUCTION,
                                        4,
                                        10,
                                        6,
                                        WHEN,
                                        2L,
                                        MovementSource.ADJUSTMENT,
                                        r.item()))
                                // The item in the result is the item right after this movement, not an earlier one.
                                && r.item().currentStock() == 6
                                && r.item().version() == 2L
                                && r.item().status() == StockStatus.IN_STOCK
                                && r.item().name().equals("Drill")
                                && r.item().location().equals("A1")));
    }

    @Test
    void shouldRefuseADeductionWhenItWouldTakeStockBelowZero() {
        fixture.given(
                        created(0),
                        moved(
                                TransactionId.random(),
                                AdjustmentType.ADDITION,
                                3,
                                0,
                                3,
                                "in",
                                MovementSource.INITIAL,
                                null))
                .when(
                        new AdjustStockCommand(
                                ITEM, TENANT, TransactionId.random(), AdjustmentType.DEDUCTION, 4, "x", WHEN),
                        META)
                .expectNoEvents()
                .expectException(DomainRuleViolation.class)
                .expectExceptionMessage("Cannot deduct 4: only 3 in stock");
    }

    @Test
    void shouldRefuseNonPositiveQuantitiesAndBlankReasons() {
        fixture.given(created(0))
                .when(
                        new AdjustStockCommand(
                                ITEM, TENANT, TransactionId.random(), AdjustmentType.ADDITION, 0, "x", WHEN),
                        META)
                .expectNoEvents()
                .expectException(DomainRuleViolation.class);
        fixture.given(created(0))
                .when(
                        new AdjustStockCommand(
                                ITEM, TENANT, TransactionId.random(), AdjustmentType.ADDITION, 1, "  ", WHEN),
                        META)
                .expectNoEvents()
                .expectException(DomainRuleViolation.class);
    }

    @Test
    void shouldAnnounceLowStockWhenADeductionReachesTheThreshold() {
        TransactionId tx = TransactionId.random();
        fixture.given(
                        created(5),
                        moved(
                                TransactionId.random(),
                                AdjustmentType.ADDITION,
                                8,
                                0,
                                8,
                                "in",
                                MovementSource.INITIAL,
                                null))
                .when(new AdjustStockCommand(ITEM, TENANT, tx, AdjustmentType.DEDUCTION, 3, "pick", WHEN), META)
                .expectEvents(
                        moved(tx, AdjustmentType.DEDUCTION, 3, 8, 5, "pick", MovementSource.ADJUSTMENT, null),
                        new ItemBecameLowOnStockEvent(ITEM, TENANT, 5, 5));
    }

    @Test
    void shouldAnnounceRecoveryOnceWhenStockRisesAboveTheThreshold() {
        TransactionId tx = TransactionId.random();
        fixture.given(created(5), new ItemBecameLowOnStockEvent(ITEM, TENANT, 0, 5))
                .when(new AdjustStockCommand(ITEM, TENANT, tx, AdjustmentType.ADDITION, 6, "delivery", WHEN), META)
                .expectEvents(
                        moved(tx, AdjustmentType.ADDITION, 6, 0, 6, "delivery", MovementSource.ADJUSTMENT, null),
                        new ItemStockRecoveredEvent(ITEM, TENANT, 6, 5));
    }

    @Test
    void shouldNotAnnounceLowStockTwiceWhileItStaysLow() {
        TransactionId tx = TransactionId.random();
        fixture.given(
                        created(5),
                        moved(
                                TransactionId.random(),
                                AdjustmentType.ADDITION,
                                4,
                                0,
                                4,
                                "in",
                                MovementSource.INITIAL,
                                null),
                        new ItemBecameLowOnStockEvent(ITEM, TENANT, 4, 5))
                .when(new AdjustStockCommand(ITEM, TENANT, tx, AdjustmentType.DEDUCTION, 1, "pick", WHEN), META)
                .expectEvents(moved(tx, AdjustmentType.DEDUCTION, 1, 4, 3, "pick", MovementSource.ADJUSTMENT, null));
    }

    @Test
    void shouldTurnACountIntoAVarianceMarkedAsACount() {
        TransactionId tx = TransactionId.random();
        fixture.given(
                        created(1),
                        moved(
                                TransactionId.random(),
                                AdjustmentType.ADDITION,
                                10,
                                0,
                                10,
                                "in",
                                MovementSource.INITIAL,
                                null))
                .when(new CountStockCommand(ITEM, TENANT, tx, 7, "stocktake", WHEN), META)
                .expectEvents(moved(tx, AdjustmentType.DEDUCTION, 3, 10, 7, "stocktake", MovementSource.COUNT, 7));
        TransactionId up = TransactionId.random();
        fixture.given(created(1), new ItemBecameLowOnStockEvent(ITEM, TENANT, 0, 1))
                .when(new CountStockCommand(ITEM, TENANT, up, 4, "found", WHEN), META)
                .expectEvents(
                        moved(up, AdjustmentType.ADDITION, 4, 0, 4, "found", MovementSource.COUNT, 4),
                        new ItemStockRecoveredEvent(ITEM, TENANT, 4, 1));
        fixture.given(created(1))
                .when(new CountStockCommand(ITEM, TENANT, TransactionId.random(), -1, "x", WHEN), META)
                .expectNoEvents()
                .expectException(DomainRuleViolation.class);
    }

    @Test
    void shouldAnnounceLowStockWhenTheThresholdIsRaisedAboveTheStock() {
        fixture.given(
                        created(2),
                        moved(
                                TransactionId.random(),
                                AdjustmentType.ADDITION,
                                5,
                                0,
                                5,
                                "in",
                                MovementSource.INITIAL,
                                null))
                .when(new UpdateItemDetailsCommand(ITEM, TENANT, null, "Drill", "A1", null, null, null, null, 5))
                .expectEvents(
                        new ItemDetailsUpdatedEvent(ITEM, TENANT, "Drill", "A1", null, null, null, null),
                        new MinThresholdChangedEvent(ITEM, TENANT, 2, 5),
                        new ItemBecameLowOnStockEvent(ITEM, TENANT, 5, 5));
    }

    @Test
    void shouldRefuseANegativeThreshold() {
        fixture.given(created(2))
                .when(new UpdateItemDetailsCommand(ITEM, TENANT, null, "Drill", "A1", null, null, null, null, -1))
                .expectNoEvents()
                .expectException(DomainRuleViolation.class);
    }

    @Test
    void shouldRefuseAStaleVersion() {
        fixture.given(
                        created(2),
                        moved(
                                TransactionId.random(),
                                AdjustmentType.ADDITION,
                                5,
                                0,
                                5,
                                "in",
                                MovementSource.INITIAL,
                                null))
                .when(new UpdateItemDetailsCommand(ITEM, TENANT, 0L, "New", "A1", null, null, null, null, null))
                .expectNoEvents()
                .expectException(DomainRuleViolation.class);
        fixture.given(
                        created(2),
                        moved(
                                TransactionId.random(),
                                AdjustmentType.ADDITION,
                                5,
                                0,
                                5,
                                "in",
                                MovementSource.INITIAL,
                                null))
                .when(new UpdateItemDetailsCommand(ITEM, TENANT, 1L, "New", "A1", null, null, null, null, null))
                .expectEvents(new ItemDetailsUpdatedEvent(ITEM, TENANT, "New", "A1", null, null, null, null));
    }

    @Test
    void shouldChangeOnlyTheFieldsTheCommandCarriesWhenOthersAreNull() {
        fixture.given(
                        new ItemCreatedEvent(ITEM, TENANT, "Drill", "SKU-1", "STK1", "A1", null, null, "S-3", "18V", 2),
                        new ItemDetailsUpdatedEvent(ITEM, TENANT, "Drill", "B7", null, null, "S-3", "18V"))
                .when(new UpdateItemDetailsCommand(
                        ITEM, TENANT, null, " Hammer drill ", null, null, null, null, "", null))
                .expectEvents(new ItemDetailsUpdatedEvent(ITEM, TENANT, "Hammer drill", "B7", null, null, "S-3", null))
                .expectResultMessagePayloadMatching(
                        Matchers.predicate((ItemState r) -> r.name().equals("Hammer drill")
                                && r.location().equals("B7")
                                && r.shelf().equals("S-3")
                                && r.description() == null
                                && r.version() == 2L));
    }

    @Test
    void shouldTreatAnArchivedItemAsGoneWhenItIsArchivedOrChangedAgain() {
        fixture.given(created(2), new ItemArchivedEvent(ITEM, TENANT))
                .when(new ArchiveItemCommand(ITEM, TENANT))
                .expectNoEvents()
                .expectException(DomainRuleViolation.class)
                .expectExceptionMessage("Item not found");
        fixture.given(created(2), new ItemArchivedEvent(ITEM, TENANT))
                .when(new UpdateItemDetailsCommand(ITEM, TENANT, null, "New", null, null, null, null, null, null))
                .expectNoEvents()
                .expectException(DomainRuleViolation.class);
    }

    @Test
    void shouldRefuseEveryChangeOnceArchived() {
        fixture.given(created(2), new ItemArchivedEvent(ITEM, TENANT))
                .when(
                        new AdjustStockCommand(
                                ITEM, TENANT, TransactionId.random(), AdjustmentType.ADDITION, 1, "x", WHEN),
                        META)
                .expectNoEvents()
                .expectException(DomainRuleViolation.class)
                .expectExceptionMessage("The item is archived and can no longer change");
        fixture.given(created(2))
                .when(new ArchiveItemCommand(ITEM, TENANT))
                .expectEvents(new ItemArchivedEvent(ITEM, TENANT));
    }

    @Test
    void shouldTreatAnotherOrganisationsItemAsNotFound() {
        fixture.given(created(2))
                .when(
                        new AdjustStockCommand(
                                ITEM, TenantId.random(), TransactionId.random(), AdjustmentType.ADDITION, 1, "x", WHEN),
                        META)
                .expectNoEvents()
                .expectException(DomainRuleViolation.class)
                .expectExceptionMessage("Item not found");
    }

    @Test
    void shouldCreateWithInitialStockAndLowStockAnnouncement() {
        fixture.givenNoPriorActivity()
                .whenConstructing(() -> new InventoryItem(created(5), 3, ACTOR, "Initial stock", WHEN))
                .expectEventsMatching(Matchers.exactSequenceOf(
                        Matchers.messageWithPayload(CoreMatchers.equalTo(created(5))),
                        Matchers.messageWithPayload(CoreMatchers.instanceOf(StockAdjustedEvent.class)),
                        Matchers.messageWithPayload(
                                CoreMatchers.equalTo(new ItemBecameLowOnStockEvent(ITEM, TENANT, 3, 5))),
                        Matchers.andNoMore()));
    }
}
