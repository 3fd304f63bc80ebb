package io.stockade.alerting;

import io.stockade.api.alerts.AlertMessages.AlertAudience;
import io.stockade.api.alerts.AlertMessages.AlertChannel;
import io.stockade.api.alerts.AlertMessages.RaiseLowStockAlertCommand;
import io.stockade.api.common.CategoryId;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.inventory.InventoryEvents.ItemArchivedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemBecameLowOnStockEvent;
import io.stockade.api.inventory.InventoryEvents.ItemStockRecoveredEvent;
import java.time.Duration;
import java.util.List;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

class LowStockAlertSagaTest {
    private static final ItemId ITEM = ItemId.random();
    private static final TenantId TENANT = TenantId.random();
    private static final Duration DAY = Duration.ofHours(24);

    private static final UserId ADMIN = UserId.random();
    /** The first alert goes by people's own choices; a reminder also to every Admin. */
    private static final List<AlertAudience> FIRST = List.of(new AlertAudience(
            UserId.random(), Role.MANAGER, List.of(), List.of(AlertChannel.EMAIL, AlertChannel.IN_APP), List.of()));

    private static final List<AlertAudience> ESCALATED = List.of(
            FIRST.get(0),
            new AlertAudience(
                    ADMIN,
                    Role.ADMIN,
                    List.of(CategoryId.random()),
                    List.of(AlertChannel.EMAIL, AlertChannel.IN_APP),
                    List.of(AlertChannel.EMAIL, AlertChannel.IN_APP)));

    private SagaTestFixture<LowStockAlertSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(LowStockAlertSaga.class);
        fixture.registerResource(new AlertSettings(DAY, 2));
        AlertRecipientRepository people = Mockito.mock(AlertRecipientRepository.class);
        Mockito.when(people.audience(TENANT, false)).thenReturn(FIRST);
        Mockito.when(people.audience(TENANT, true)).thenReturn(ESCALATED);
        fixture.registerResource(people);
    }

    private static RaiseLowStockAlertCommand raise(int reminder) {
        return new RaiseLowStockAlertCommand(ITEM, TENANT, reminder, reminder > 0 ? ESCALATED : FIRST);
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
                .expectDispatchedCommands(raise(0))
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
                .expectDispatchedCommands(raise(1))
                .expectScheduledDeadlineWithName(DAY, LowStockAlertSaga.REMINDER);
    }

    @Test
    void shouldStopRemindingAtTheLimit() throws Exception {
        fixture.givenAggregate(ITEM.toString())
                .published(low())
                .andThenTimeElapses(DAY)
                .whenTimeElapses(DAY)
                .expectDispatchedCommands(raise(2))
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
                .expectDispatchedCommands(raise(0));
    }
}
