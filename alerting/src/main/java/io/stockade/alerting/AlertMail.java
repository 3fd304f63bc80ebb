package io.stockade.alerting;

import io.micrometer.core.instrument.MeterRegistry;
import io.stockade.api.alerts.AlertMessages.AlertChannel;
import io.stockade.api.alerts.AlertMessages.AlertRecipient;
import io.stockade.api.alerts.AlertMessages.LowStockAlertRaisedEvent;
import io.stockade.platform.mail.MailSettings;
import io.stockade.platform.mail.Outbox;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/**
 * Turns each raised alert into one e-mail per person who asked for e-mail. The outbox row is stored in
 * the processor's transaction together with its position, and keyed by (event, person): a crash before
 * the commit sends nothing yet, a retry after it stores nothing twice. A replay of this processor skips
 * these handlers altogether: rebuilding read models never writes to anyone.
 */
@Component
@ProcessingGroup("alerts-mail")
@DisallowReplay
class AlertMail {
    private final Outbox outbox;
    private final AlertRecipientRepository people;
    private final MailSettings settings;
    private final MeterRegistry meters;

    AlertMail(Outbox outbox, AlertRecipientRepository people, MailSettings settings, MeterRegistry meters) {
        this.outbox = outbox;
        this.people = people;
        this.settings = settings;
        this.meters = meters;
    }

    @EventHandler
    void on(LowStockAlertRaisedEvent e, EventMessage<?> message) {
        for (AlertRecipient r : e.recipients()) {
            if (!r.channels().contains(AlertChannel.EMAIL)) {
                continue;
            }
            // Deactivated since the alert was raised, or gone: nobody to write to.
            people.activeEmail(r.userId(), e.tenantId()).ifPresent(address -> {
                if (outbox.enqueueOnce(
                        e.tenantId(),
                        AlertTemplates.lowStock(e, address, settings.publicUrl()),
                        "alert:" + message.getIdentifier() + ":" + r.userId())) {
                    meters.counter("stockade.alerts.emails", "kind", e.escalated() ? "reminder" : "alert")
                            .increment();
                }
            });
        }
    }
}
