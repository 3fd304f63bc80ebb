package io.stockade.alerting;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.stockade.api.alerts.AlertMessages.LowStockReminderDue;
import io.stockade.api.alerts.AlertMessages.RaiseLowStockAlertCommand;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.TenantId;
import io.stockade.api.inventory.InventoryEvents.ItemArchivedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemBecameLowOnStockEvent;
import io.stockade.api.inventory.InventoryEvents.ItemStockRecoveredEvent;
import io.stockade.platform.axon.AuditMetadata;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

/**
 * One low-stock episode of one item: starts when the item becomes low, raises the alert, reminds (and
 * escalates to Admins) every {@code reminderAfter} while it stays low, up to {@code maxReminders}, and
 * ends when the item is replenished above its threshold or archived. The reminder is a persistent
 * deadline (db-scheduler's table): a restart in between neither loses it nor fires it twice.
 */
@Saga
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class LowStockAlertSaga {
    static final String REMINDER = "low-stock-reminder";
    static final String ACTOR = "low-stock-alerts";

    private ItemId itemId;
    private TenantId tenantId;
    private int reminder = -1;
    private String deadlineId;

    public LowStockAlertSaga() {
        // for Axon
    }

    /**
     * A repeat of the start event (a redelivery, or an item that crossed again before this episode ended)
     * reaches this same saga, which has alerted already: nothing is raised twice.
     */
    @StartSaga
    @SagaEventHandler(associationProperty = "itemId")
    void on(
            ItemBecameLowOnStockEvent e,
            CommandGateway commands,
            DeadlineManager deadlines,
            AlertSettings settings,
            AlertRecipientRepository people) {
        if (reminder >= 0) {
            return;
        }
        itemId = e.itemId();
        tenantId = e.tenantId();
        raise(commands, people, 0);
        schedule(deadlines, settings);
    }

    /** A deadline that is not the one this saga waits for (left over from a rolled-back step) does nothing. */
    @DeadlineHandler(deadlineName = REMINDER)
    void remind(
            LowStockReminderDue due,
            CommandGateway commands,
            DeadlineManager deadlines,
            AlertSettings settings,
            AlertRecipientRepository people) {
        if (due.reminder() != reminder + 1) {
            return;
        }
        deadlineId = null;
        raise(commands, people, due.reminder());
        schedule(deadlines, settings);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "itemId")
    void on(ItemStockRecoveredEvent e, DeadlineManager deadlines) {
        cancel(deadlines);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "itemId")
    void on(ItemArchivedEvent e, DeadlineManager deadlines) {
        cancel(deadlines);
    }

    /**
     * The command inherits who/where/why from the event that caused it (the person whose movement made the
     * item low), but not that request's Idempotency-Key: under it, this different command would be refused
     * as a reuse of the key, and the saga would retry it for ever. Who may be told is resolved here, from
     * the people's choices as they are now; the item keeps those its categories concern.
     */
    private void raise(CommandGateway commands, AlertRecipientRepository people, int level) {
        reminder = level;
        CommandMessage<RaiseLowStockAlertCommand> command = GenericCommandMessage.asCommandMessage(
                new RaiseLowStockAlertCommand(itemId, tenantId, level, people.audience(tenantId, level > 0)));
        Map<String, Object> metaData = new HashMap<>(command.getMetaData());
        metaData.remove(AuditMetadata.IDEMPOTENCY_KEY);
        metaData.put(AuditMetadata.SYSTEM_ACTOR, ACTOR);
        metaData.put(AuditMetadata.TENANT_ID, tenantId.toString());
        commands.sendAndWait(command.withMetaData(metaData));
    }

    private void schedule(DeadlineManager deadlines, AlertSettings settings) {
        if (reminder < settings.maxReminders()) {
            deadlineId = deadlines.schedule(
                    settings.reminderAfter(), REMINDER, new LowStockReminderDue(itemId, reminder + 1));
        }
    }

    private void cancel(DeadlineManager deadlines) {
        if (deadlineId != null) {
            deadlines.cancelSchedule(REMINDER, deadlineId);
        }
    }
}
