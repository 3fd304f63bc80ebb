package io.stockade.webapp.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.TransactionId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.UserRegisteredEvent;
import io.stockade.api.inventory.AdjustmentType;
import io.stockade.api.inventory.InventoryEvents.StockAdjustedEvent;
import io.stockade.api.inventory.MovementSource;
import io.stockade.testsupport.TestServices;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import io.stockade.webapp.support.TestDatabaseInitializer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A poison event (one its projection cannot store) is parked in the dead-letter queue with its
 * cause while the events after it go on; an Admin of its organisation, and only that Admin, sees
 * it and can retry it.
 */
class DeadLettersIT extends ApiTestBase {
    @Autowired
    EventGateway events;

    private static TenantId defaultTenant() throws Exception {
        try (Connection c = TestServices.postgres()
                        .connect(TestDatabaseInitializer.database().database());
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT tenant_id FROM command.user_account WHERE username_key = 'admin'")) {
            rs.next();
            return new TenantId((UUID) rs.getObject(1));
        }
    }

    @Test
    void shouldParkAPoisonEventLetTheOthersThroughAndRetryItOnRequest() throws Exception {
        UserId poisoned = UserId.random();
        // 60 characters: the user list stores at most 50, so its projection fails on this event.
        String tooLong = "x".repeat(60);
        events.publish(new UserRegisteredEvent(
                poisoned,
                defaultTenant(),
                PersonalValue.of(poisoned, tooLong),
                PersonalValue.of(poisoned, tooLong + "@example.test"),
                PersonalValue.of(poisoned, "{bcrypt}x"),
                Role.STAFF,
                false));

        JsonNode parked = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> {
                            for (JsonNode d : admin().get("/api/admin/dead-letters")
                                    .body()
                                    .get("deadLetters")) {
                                if (d.get("processingGroup").asText().equals("identity-users")
                                        && d.get("eventType").asText().equals("UserRegisteredEvent")) {
                                    return d;
                                }
                            }
                            return null;
                        },
                        d -> d != null);
        assertThat(parked.at("/cause/type").asText()).isNotBlank();
        assertThat(parked.get("firstInSequence").asBoolean()).isTrue();

        String later = "after-poison-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(admin().post(
                                "/api/auth/register",
                                Map.of(
                                        "username",
                                        later,
                                        "email",
                                        later + "@example.test",
                                        "password",
                                        PASSWORD,
                                        "role",
                                        "Staff"))
                        .status())
                .isEqualTo(201);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> admin().get("/api/users").body().toString().contains(later));

        assertThat(otherOrganisationAdmin()
                        .get("/api/admin/dead-letters")
                        .body()
                        .toString())
                .doesNotContain(parked.get("id").asText());
        assertThat(otherOrganisationAdmin()
                        .post("/api/admin/dead-letters/" + parked.get("id").asText() + "/retry", "")
                        .status())
                .isEqualTo(404);
        assertThat(manager().get("/api/admin/dead-letters").status()).isEqualTo(403);

        Api.Response retried =
                admin().post("/api/admin/dead-letters/" + parked.get("id").asText() + "/retry", "");
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.body().get("processed").asBoolean())
                .as("still poison: it fails again")
                .isFalse();
        assertThat(admin().get("/api/admin/dead-letters").body().toString())
                .contains(parked.get("id").asText());
        assertThat(admin().post("/api/admin/dead-letters/no-such-letter/retry", "")
                        .status())
                .isEqualTo(404);
    }

    /**
     * The ledger writes its lines behind, a batch at a time: a poison movement in a batch (one dated past
     * PostgreSQL's range fails only when the batch is sent; one without a source fails in its handler)
     * rolls the batch back, the retry goes event by event, parks both and applies every other movement.
     */
    @Test
    void shouldParkPoisonMovementsOfAWriteBehindBatchAndApplyTheRest() throws Exception {
        TenantId tenant = defaultTenant();
        String id = createItem("Batched " + shortId(), 10, 2).get("id").asText();
        ItemId ghost = new ItemId(UUID.randomUUID());
        events.publish(new StockAdjustedEvent(
                ghost,
                tenant,
                TransactionId.random(),
                AdjustmentType.ADDITION,
                1,
                0,
                1,
                null,
                Instant.parse("+300000-01-01T00:00:00Z"),
                MovementSource.ADJUSTMENT,
                null));
        events.publish(new StockAdjustedEvent(
                ghost, tenant, TransactionId.random(), AdjustmentType.ADDITION, 1, 1, 2, null, null, null, null));
        for (int i = 0; i < 5; i++) {
            Api.Response r = admin().post(
                            "/api/inventory/" + id + "/stock",
                            Map.of("type", "addition", "quantity", 1, "reason", "after the poison " + i));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode history =
                    admin().get("/api/inventory/" + id + "/history?limit=50").body();
            assertThat(history.toString()).contains("after the poison 0", "after the poison 4");
            assertThat(admin().get("/api/inventory/" + id)
                            .at("/item/currentStock")
                            .asInt())
                    .isEqualTo(15);
            long parked = 0;
            for (JsonNode d : admin().get("/api/admin/dead-letters").body().get("deadLetters")) {
                if (d.get("processingGroup").asText().equals("inventory-ledger")
                        && d.get("eventType").asText().equals("StockAdjustedEvent")) {
                    parked++;
                }
            }
            assertThat(parked).as("both poison movements parked by the ledger").isEqualTo(2);
        });

        // Handled again on request, each still fails (one when its line is sent, one in its handler): each
        // answers "not processed" and stays parked, and the ledger goes on.
        for (JsonNode d : admin().get("/api/admin/dead-letters").body().get("deadLetters")) {
            if (d.get("processingGroup").asText().equals("inventory-ledger")) {
                Api.Response retried =
                        admin().post("/api/admin/dead-letters/" + d.get("id").asText() + "/retry", "");
                assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
                assertThat(retried.body().get("processed").asBoolean()).isFalse();
            }
        }
        assertThat(admin().post(
                                "/api/inventory/" + id + "/stock",
                                Map.of("type", "deduction", "quantity", 5, "reason", "after the retries"))
                        .status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(admin().get("/api/inventory/" + id + "/history?limit=50")
                                .body()
                                .toString())
                        .contains("after the retries"));
    }
}
