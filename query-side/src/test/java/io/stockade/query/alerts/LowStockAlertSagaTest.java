package io.stockade.query.alerts;

import io.stockade.api.alerts.AlertMessages.RaiseLowStockAlertCommand;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.TenantId;
import io.stockade.api.inventory.InventoryEvents.ItemArchivedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemBecameLowOnStockEvent;
import io.stockade.api.inventory.InventoryEvents.ItemStockRecoveredEvent;
import java.time.Duration;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LowStockAlertSagaTest {
    private static final ItemId ITEM = ItemId.random();
    private static final TenantId TENANT = TenantId.random();
    private static final Duration DAY = Duration.ofHours(24);

    private SagaTestFixture<LowStockAlertSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(LowStockAlertSaga.class);
        fixture.registerResource(new AlertSettings(DAY, 2));
    }

    private static ItemBecameLowOnStockEvent low() {
        return new ItemBecameLowOnStockEvent(ITEM, TENANT, 2, 5);
    }

    @Test
    void shouldStartRaiseTheAlertAndScheduleAReminderWhenAnItemBecomesLow() {
        fixture.givenAggregate(ITEM.toString())
                .published()
                .whenAggregate(ITEM.toString())
                .publishes(low())
                .expectActiveSagas(1)
                .expectDispatchedCommands(new RaiseLowStockAlertCommand(ITEM, TENANT, 0))
                .expectScheduledDeadlineWithName(DAY, LowStockAlertSaga.REMINDER);
    }

    @Test
    void shouldNotAlertTwiceWhenTheStartEventComesAgain() {
        fixture.givenAggregate(ITEM.toString())
                .published(low())
                .whenAggregate(ITEM.toString())
                .publishes(low())
                .expectActiveSagas(1)
                .expectNoDispatchedCommands();
    }

    @Test
    void shouldRemindAndEscalateWhenStillLowAfterTheDeadlineUpToTheLimit() {
        fixture.givenAggregate(ITEM.toString())
                .published(low())
                .whenTimeElapses(DAY)
                .expectTriggeredDeadlinesWithName(LowStockAlertSaga.REMINDER)
                .expectDispatchedCommands(new RaiseLowStockAlertCommand(ITEM, TENANT, 1))
                .expectScheduledDeadlineWithName(DAY, LowStockAlertSaga.REMINDER);
    }

    @Test
    void shouldStopRemindingAtTheLimit() throws Exception {
        fixture.givenAggregate(ITEM.toString())
                .published(low())
                .andThenTimeElapses(DAY)
                .whenTimeElapses(DAY)
                .expectDispatchedCommands(new RaiseLowStockAlertCommand(ITEM, TENANT, 2))
                .expectNoScheduledDeadlines();
    }

    @Test
    void shouldEndAndCancelTheReminderWhenReplenished() {
        fixture.givenAggregate(ITEM.toString())
                .published(low())
                .whenAggregate(ITEM.toString())
                .publishes(new ItemStockRecoveredEvent(ITEM, TENANT, 9, 5))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
    }

    @Test
    void shouldEndWhenArchived() {
        fixture.givenAggregate(ITEM.toString())
                .published(low())
                .whenAggregate(ITEM.toString())
                .publishes(new ItemArchivedEvent(ITEM, TENANT))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void shouldStartANewEpisodeAfterTheItemRecovered() {
        fixture.givenAggregate(ITEM.toString())
                .published(low(), new ItemStockRecoveredEvent(ITEM, TENANT, 9, 5))
                .whenAggregate(ITEM.toString())
                .publishes(low())
                .expectActiveSagas(1)
                .expectDispatchedCommands(new RaiseLowStockAlertCommand(ITEM, TENANT, 0));
    }
}
