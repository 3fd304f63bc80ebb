package io.stockade.webapp.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockade.command.identity.Organisations;
import io.stockade.testsupport.TestServices;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import io.stockade.webapp.support.TestDatabaseInitializer;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Low-stock alerts end to end, in an organisation of its own: the saga raises one alert per low-stock
 * episode to the people who want it (by role, channel and category), as in-app notifications and as
 * e-mails in the outbox (escaped), acknowledgements, and the daily digest queued once per day.
 */
class AlertsIT extends ApiTestBase {
    @Autowired
    ApplicationContext context;

    record Mail(String kind, String recipient, String subject, String text, String html) {}

    private static List<Mail> mails(String recipientDomain) throws Exception {
        List<Mail> found = new ArrayList<>();
        try (Connection c = TestServices.postgres()
                        .connect(TestDatabaseInitializer.database().database());
                PreparedStatement st = c.prepareStatement("SELECT kind, recipient, subject, body_text, body_html "
                        + "FROM command.email_outbox WHERE recipient LIKE ? ORDER BY created_at, recipient")) {
            st.setString(1, "%@" + recipientDomain);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    found.add(new Mail(
                            rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        return found;
    }

    private Api register(Api admin, String username, String domain, String role) {
        Api.Response r = admin.post(
                "/api/auth/register",
                Map.of("username", username, "email", username + "@" + domain, "password", PASSWORD, "role", role));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return anonymous().login(username, PASSWORD);
    }

    private static JsonNode inbox(Api who) {
        Api.Response r = who.get("/api/notifications");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body();
    }

    @Test
    void shouldAlertTheRightPeopleOncePerEpisodeInAppAndByEmail() throws Exception {
        String tag = shortId();
        String domain = "alerts-" + tag + ".test";
        organisations.create(
                "Alerts " + tag,
                new Organisations.FirstAdmin("alert-admin-" + tag, "alert-admin-" + tag + "@" + domain, PASSWORD));
        Api admin = anonymous().login("alert-admin-" + tag, PASSWORD);
        Api inAppOnly = register(admin, "alert-mgr-" + tag, domain, "Manager");
        Api narrowed = register(admin, "alert-mgr2-" + tag, domain, "Manager");
        Api staff = register(admin, "alert-staff-" + tag, domain, "Staff");
        Api optedInStaff = register(admin, "alert-staff2-" + tag, domain, "Staff");

        String tools = admin.post("/api/categories", Map.of("name", "Tools"))
                .at("/category/id")
                .asText();
        String paint = admin.post("/api/categories", Map.of("name", "Paint"))
                .at("/category/id")
                .asText();

        JsonNode defaults = staff.get("/api/notifications/preferences").body();
        assertThat(defaults.get("email").asBoolean())
                .as("Staff hear nothing by default")
                .isFalse();
        assertThat(defaults.get("custom").asBoolean()).isFalse();
        assertThat(inAppOnly.get("/api/notifications/preferences").at("/email").asBoolean())
                .as("Managers do")
                .isTrue();

        assertThat(inAppOnly
                        .put(
                                "/api/notifications/preferences",
                                Map.of("email", false, "inApp", true, "categoryIds", List.of()))
                        .status())
                .isEqualTo(200);
        JsonNode paintOnly = narrowed.put(
                        "/api/notifications/preferences",
                        Map.of("email", true, "inApp", true, "categoryIds", List.of(paint)))
                .body();
        assertThat(paintOnly.get("categoryIds").get(0).asText()).isEqualTo(paint);
        assertThat(paintOnly.get("custom").asBoolean()).isTrue();
        assertThat(optedInStaff
                        .put(
                                "/api/notifications/preferences",
                                Map.of("email", true, "inApp", false, "categoryIds", List.of()))
                        .status())
                .isEqualTo(200);

        // Bad input changes nothing.
        Api.Response unknown = staff.put(
                "/api/notifications/preferences",
                Map.of(
                        "email",
                        true,
                        "inApp",
                        true,
                        "categoryIds",
                        List.of(UUID.randomUUID().toString())));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.at("/errors/0/field").asText()).isEqualTo("categoryIds[0]");
        assertThat(staff.put("/api/notifications/preferences", Map.of("email", true))
                        .status())
                .isEqualTo(400);
        assertThat(staff.put(
                                "/api/notifications/preferences",
                                Map.of("email", "yes", "inApp", true, "categoryIds", List.of()))
                        .status())
                .isEqualTo(400);
        assertThat(otherOrganisationAdmin()
                        .put(
                                "/api/notifications/preferences",
                                Map.of("email", true, "inApp", true, "categoryIds", List.of(tools)))
                        .status())
                .as("another organisation's category")
                .isEqualTo(400);
        assertThat(staff.get("/api/notifications/preferences").at("/custom").asBoolean())
                .isFalse();
        assertThat(anonymous().get("/api/notifications").status()).isEqualTo(401);

        String name = "<b>Hammer</b> \"claw\" & co";
        String item = admin.post(
                        "/api/inventory",
                        Map.of(
                                "name",
                                name,
                                "location",
                                "A-1",
                                "currentStock",
                                5,
                                "minThreshold",
                                3,
                                "categoryId",
                                tools))
                .at("/item/id")
                .asText();
        // Under an Idempotency-Key, as the SPA sends it: the alert the saga raises must not inherit that key.
        assertThat(admin.post(
                                "/api/inventory/" + item + "/stock",
                                Map.of("quantity", 3, "reason", "picked", "type", "deduction"),
                                Map.of("Idempotency-Key", "alerts-" + tag))
                        .status())
                .isEqualTo(200);

        JsonNode adminInbox = await().atMost(Duration.ofSeconds(20))
                .until(() -> inbox(admin), b -> b.get("total").asInt() == 1);
        JsonNode n = adminInbox.at("/items/0");
        assertThat(n.get("kind").asText()).isEqualTo("LOW_STOCK");
        assertThat(n.get("itemId").asText()).isEqualTo(item);
        assertThat(n.get("itemName").asText()).isEqualTo(name);
        assertThat(n.get("currentStock").asInt()).isEqualTo(2);
        assertThat(n.get("minThreshold").asInt()).isEqualTo(3);
        assertThat(n.get("readAt").isNull()).isTrue();
        assertThat(adminInbox.get("unread").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> inbox(inAppOnly).get("total").asInt() == 1);

        String adminAddress = "alert-admin-" + tag + "@" + domain;
        List<Mail> sent = await().atMost(Duration.ofSeconds(20)).until(() -> mails(domain), m -> m.size() == 2);
        assertThat(sent)
                .extracting(Mail::recipient)
                .containsExactlyInAnyOrder(adminAddress, "alert-staff2-" + tag + "@" + domain);
        Mail mail = sent.get(0);
        assertThat(mail.kind()).isEqualTo("low-stock-alert");
        assertThat(mail.subject()).isEqualTo("Low on stock: " + name);
        assertThat(mail.text())
                .contains(name)
                .contains("In stock: 2")
                .contains("Minimum: 3")
                .contains("/inventory/" + item);
        assertThat(mail.html())
                .contains("&lt;b&gt;Hammer&lt;/b&gt; &quot;claw&quot; &amp; co")
                .doesNotContain("<b>Hammer");

        // Still low: a further deduction alerts nobody again. Nobody else hears of it.
        assertThat(admin.post(
                                "/api/inventory/" + item + "/stock",
                                Map.of("quantity", 1, "reason", "picked", "type", "deduction"))
                        .status())
                .isEqualTo(200);
        Thread.sleep(1500);
        assertThat(inbox(admin).get("total").asInt()).isEqualTo(1);
        assertThat(mails(domain)).hasSize(2);
        assertThat(inbox(narrowed).get("total").asInt()).as("Paint only").isZero();
        assertThat(inbox(staff).get("total").asInt()).isZero();
        assertThat(inbox(optedInStaff).get("total").asInt()).as("e-mail only").isZero();
        assertThat(otherOrganisationAdmin().get("/api/notifications").body().toString())
                .doesNotContain(item);

        // Acknowledging: one, then all; someone else's notification is not found.
        String id = n.get("id").asText();
        assertThat(inAppOnly.post("/api/notifications/" + id + "/read", "").status())
                .isEqualTo(404);
        assertThat(admin.post("/api/notifications/" + id + "/read", "").status())
                .isEqualTo(204);
        JsonNode read = inbox(admin);
        assertThat(read.get("unread").asInt()).isZero();
        assertThat(read.at("/items/0/readAt").isNull()).isFalse();
        assertThat(admin.get("/api/notifications?unread=true").at("/total").asInt())
                .isZero();
        assertThat(admin.get("/api/notifications?unread=maybe").status()).isEqualTo(400);
        assertThat(inbox(inAppOnly).get("unread").asInt()).isEqualTo(1);
        assertThat(inAppOnly.post("/api/notifications/read-all", "").status()).isEqualTo(204);
        assertThat(inbox(inAppOnly).get("unread").asInt()).isZero();

        // Replenished: the episode ends. Low again: a new episode, a new alert.
        assertThat(admin.post(
                                "/api/inventory/" + item + "/stock",
                                Map.of("quantity", 10, "reason", "delivery", "type", "addition"))
                        .status())
                .isEqualTo(200);
        assertThat(admin.post(
                                "/api/inventory/" + item + "/stock",
                                Map.of("quantity", 10, "reason", "picked", "type", "deduction"))
                        .status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> inbox(admin).get("unread").asInt() == 1);
        assertThat(inbox(admin).get("total").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> mails(domain).size() == 4);

        // The daily digest: once per person and day, however often it runs; items of their categories only.
        String paintItem = admin.post(
                        "/api/inventory",
                        Map.of(
                                "name",
                                "Primer",
                                "location",
                                "B-2",
                                "currentStock",
                                0,
                                "minThreshold",
                                2,
                                "categoryId",
                                paint))
                .at("/item/id")
                .asText();
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        admin.get("/api/inventory/low-stock").body().toString().contains(paintItem));
        // The digest reads alerting's own item table, kept by its own processor: let it reach what the board shows.
        long head =
                context.getBean(EventStore.class).createHeadToken().position().orElseThrow();
        StreamingEventProcessor alertItems = context.getBean(EventProcessingConfiguration.class)
                .eventProcessor("alerts-items", StreamingEventProcessor.class)
                .orElseThrow();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !alertItems.processingStatus().isEmpty()
                        && alertItems.processingStatus().values().stream()
                                .allMatch(s -> s.getCurrentPosition().orElse(-1) >= head));
        Object digest = context.getBean(Class.forName("io.stockade.alerting.LowStockDigest$DigestRun"));
        Method run = digest.getClass().getDeclaredMethod("run");
        run.setAccessible(true);
        run.invoke(digest);
        run.invoke(digest);
        List<Mail> digests = mails(domain).stream()
                .filter(m -> m.kind().equals("low-stock-digest"))
                .toList();
        assertThat(digests)
                .extracting(Mail::recipient)
                .containsExactlyInAnyOrder(
                        adminAddress, "alert-staff2-" + tag + "@" + domain, "alert-mgr2-" + tag + "@" + domain);
        Mail forNarrowed = digests.stream()
                .filter(m -> m.recipient().startsWith("alert-mgr2-"))
                .findFirst()
                .orElseThrow();
        assertThat(forNarrowed.text()).contains("Primer").doesNotContain("Hammer");
        Mail forAdmin = digests.stream()
                .filter(m -> m.recipient().equals(adminAddress))
                .findFirst()
                .orElseThrow();
        assertThat(forAdmin.text()).contains("Primer").contains("Hammer");
        assertThat(forAdmin.subject()).endsWith(": 2 items");
    }
}
