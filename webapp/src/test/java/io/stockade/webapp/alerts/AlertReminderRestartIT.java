package io.stockade.webapp.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockade.testsupport.process.DataDirs;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.JarProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The low-stock reminder is a persistent deadline: the packaged jar is killed ({@code kill -9}) while
 * the reminder is pending, and after the restart the reminder still goes out, once, not before it is due.
 */
class AlertReminderRestartIT {
    private static final String PASSWORD = "Reminder-Test-Pass1!";
    private static final Duration REMINDER_AFTER = Duration.ofSeconds(30);
    private Path dataDir;
    private JarProcess app;

    @BeforeEach
    void setUp() throws Exception {
        dataDir = DataDirs.create("stockade-reminder-");
        app = new JarProcess(
                dataDir.resolve("app.log"),
                Map.of(
                        "STOCKADE_DATA_DIR",
                        dataDir.toString(),
                        "STOCKADE_BOOTSTRAP_ADMIN_USERNAME",
                        "admin",
                        "STOCKADE_BOOTSTRAP_ADMIN_EMAIL",
                        "admin@example.test",
                        "STOCKADE_BOOTSTRAP_ADMIN_PASSWORD",
                        PASSWORD,
                        "STOCKADE_ALERTS_REMINDER_AFTER",
                        REMINDER_AFTER.toString(),
                        "STOCKADE_ALERTS_MAX_REMINDERS",
                        "1"));
    }

    @AfterEach
    void tearDown() throws Exception {
        app.stopQuietly();
        DataDirs.delete(dataDir);
    }

    private static JsonNode awaitInbox(Api admin, int total, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode inbox;
        do {
            inbox = admin.get("/api/notifications").body();
            if (inbox.get("total").asInt() >= total) {
                return inbox;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return inbox;
    }

    @Test
    void shouldSendThePendingReminderOnceAfterAKill9() throws Exception {
        app.start();
        Api admin = app.login("admin", PASSWORD);
        String item = admin.post(
                        "/api/inventory",
                        Map.of("name", "Pallet wrap", "location", "D-4", "currentStock", 5, "minThreshold", 3))
                .at("/item/id")
                .asText();
        assertThat(admin.post(
                                "/api/inventory/" + item + "/stock",
                                Map.of("quantity", 3, "reason", "wrapped", "type", "deduction"))
                        .status())
                .isEqualTo(200);
        JsonNode first = awaitInbox(admin, 1, Duration.ofSeconds(20));
        assertThat(first.get("total").asInt()).isEqualTo(1);
        Instant alerted = Instant.parse(first.at("/items/0/createdAt").asText());

        assertThat(app.kill()).isEqualTo(137);
        app.start();
        admin = app.login("admin", PASSWORD);

        JsonNode reminded = awaitInbox(admin, 2, Duration.ofSeconds(90));
        assertThat(reminded.get("total").asInt()).as(app.log()).isEqualTo(2);
        JsonNode reminder = reminded.at("/items/0");
        assertThat(reminder.get("kind").asText()).isEqualTo("LOW_STOCK_REMINDER");
        assertThat(reminder.get("reminder").asInt()).isEqualTo(1);
        assertThat(reminder.get("escalated").asBoolean()).isTrue();
        assertThat(reminder.get("itemId").asText()).isEqualTo(item);
        Instant remindedAt = Instant.parse(reminder.get("createdAt").asText());
        assertThat(Duration.between(alerted, remindedAt))
                .as("not before it was due")
                .isGreaterThanOrEqualTo(REMINDER_AFTER);
        System.out.printf(
                "reminder after restart: due %s after the alert, raised after %s%n",
                REMINDER_AFTER, Duration.between(alerted, remindedAt));

        // Once: the limit is one reminder, and a restart does not repeat it.
        assertThat(app.stop()).isIn(0, 143);
        app.start();
        admin = app.login("admin", PASSWORD);
        Thread.sleep(REMINDER_AFTER.plusSeconds(5).toMillis());
        assertThat(admin.get("/api/notifications").at("/total").asInt()).isEqualTo(2);
    }
}
