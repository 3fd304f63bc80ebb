package io.stockade.webapp.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.UserRegisteredEvent;
import io.stockade.testsupport.TestServices;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import io.stockade.webapp.support.TestDatabaseInitializer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
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
        try (Connection c = TestServices.postgres().connect(TestDatabaseInitializer.database().database());
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT tenant_id FROM command.user_account WHERE username_key = 'admin'")) {
            rs.next();
            return new TenantId((UUID) rs.getObject(1));
        }
    }

    @Test
    void shouldParkAPoisonEventLetTheOthersThroughAndRetryItOnRequest() throws Exception {
        UserId poisoned = UserId.random();
        // 60 characters: the user list stores at most 50, so its projection fails on this event.
        String tooLong = "x".repeat(60);
        events.publish(new UserRegisteredEvent(poisoned, defaultTenant(), PersonalValue.of(poisoned, tooLong),
                PersonalValue.of(poisoned, tooLong + "@example.test"), PersonalValue.of(poisoned, "{bcrypt}x"), Role.STAFF, false));

        JsonNode parked = await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (JsonNode d : admin().get("/api/admin/dead-letters").body().get("deadLetters")) {
                if (d.get("processingGroup").asText().equals("identity-users") && d.get("eventType").asText().equals("UserRegisteredEvent")) {
                    return d;
                }
            }
            return null;
        }, d -> d != null);
        assertThat(parked.at("/cause/type").asText()).isNotBlank();
        assertThat(parked.get("firstInSequence").asBoolean()).isTrue();

        String later = "after-poison-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(admin().post("/api/auth/register", Map.of("username", later, "email", later + "@example.test",
                "password", PASSWORD, "role", "Staff")).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> admin().get("/api/users").body().toString().contains(later));

        assertThat(otherOrganisationAdmin().get("/api/admin/dead-letters").body().toString())
                .doesNotContain(parked.get("id").asText());
        assertThat(otherOrganisationAdmin().post("/api/admin/dead-letters/" + parked.get("id").asText() + "/retry", "").status())
                .isEqualTo(404);
        assertThat(manager().get("/api/admin/dead-letters").status()).isEqualTo(403);

        Api.Response retried = admin().post("/api/admin/dead-letters/" + parked.get("id").asText() + "/retry", "");
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.body().get("processed").asBoolean()).as("still poison: it fails again").isFalse();
        assertThat(admin().get("/api/admin/dead-letters").body().toString()).contains(parked.get("id").asText());
        assertThat(admin().post("/api/admin/dead-letters/no-such-letter/retry", "").status()).isEqualTo(404);
    }
}
