package io.stockade.alerting;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Low-stock reminders ({@code STOCKADE_ALERTS_*}).
 *
 * @param reminderAfter how long an item may stay low before a reminder goes out (and again after each one)
 * @param maxReminders  how many reminders one low-stock episode gets at most (0: none)
 */
@ConfigurationProperties(prefix = "stockade.alerts")
public record AlertSettings(Duration reminderAfter, Integer maxReminders) {
    public AlertSettings {
        reminderAfter = reminderAfter == null ? Duration.ofHours(24) : reminderAfter;
        maxReminders = maxReminders == null ? 3 : maxReminders;
        if (reminderAfter.isNegative() || reminderAfter.isZero()) {
            throw new IllegalArgumentException("stockade.alerts.reminder-after must be positive");
        }
        if (maxReminders < 0) {
            throw new IllegalArgumentException("stockade.alerts.max-reminders must be 0 or more");
        }
    }
}
