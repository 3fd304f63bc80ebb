package io.stockade.webapp.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.UserRegisteredEvent;
import io.stockade.platform.privacy.SubjectKeys;
import io.stockade.testsupport.TestServices;
import io.stockade.webapp.support.ApiTestBase;
import io.stockade.webapp.support.TestDatabaseInitializer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/** Personal data in stored events is sealed per person; destroying the key erases it and leaves the event readable. */
class CryptoShreddingIT extends ApiTestBase {
    @Autowired
    @Qualifier("eventSerializer")
    Serializer events;

    @Autowired
    SubjectKeys keys;

    @Test
    void shouldShowErasedFieldsAndKeepTheEventReadableWhenThePersonsKeyIsDestroyed() {
        UserId person = UserId.random();
        TenantId tenant = TenantId.random();
        UserRegisteredEvent event = new UserRegisteredEvent(
                person,
                tenant,
                PersonalValue.of(person, "jane.doe"),
                PersonalValue.of(person, "jane@example.test"),
                PersonalValue.of(person, "{bcrypt-sha256}$2a$12$hash"),
                Role.STAFF,
                false);

        SerializedObject<byte[]> stored = events.serialize(event, byte[].class);
        String json = new String(stored.getData(), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("jane").doesNotContain("example.test").contains(person.toString());
        assertThat(stored.getType().getName()).isEqualTo("stockade.identity.UserRegistered");
        assertThat(stored.getType().getRevision()).isEqualTo("1");

        UserRegisteredEvent readable = events.deserialize(stored);
        assertThat(readable.email().value()).isEqualTo("jane@example.test");
        assertThat(readable.username().erased()).isFalse();

        keys.destroy(person);

        UserRegisteredEvent erased = events.deserialize(stored);
        assertThat(erased.userId()).isEqualTo(person);
        assertThat(erased.tenantId()).isEqualTo(tenant);
        assertThat(erased.role()).isEqualTo(Role.STAFF);
        assertThat(erased.username().erased()).isTrue();
        assertThat(erased.username().value()).isNull();
        assertThat(erased.email().displayValue()).isEqualTo(PersonalValue.ERASED);
    }

    @Test
    void shouldSealTheReasonAndClientDetailsOfStockMovementsInTheEventStore() throws Exception {
        String id = createItem("Sealed " + shortId(), 3, 1).get("id").asText();
        String reason = "handed to Mr Secret-" + shortId();
        staff().post("/api/inventory/" + id + "/stock", Map.of("quantity", 1, "reason", reason, "type", "deduction"));
        var db = TestDatabaseInitializer.database();
        try (var c = TestServices.postgres().connect(db.database());
                var ps = c.prepareStatement("select convert_from(payload, 'UTF8'), convert_from(meta_data, 'UTF8') "
                        + "from axon.domain_event_entry where aggregate_identifier = ? and payload_type = ?")) {
            ps.setString(1, id);
            ps.setString(2, "stockade.inventory.StockAdjusted");
            try (var rs = ps.executeQuery()) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    assertThat(rs.getString(1)).doesNotContain("Secret");
                    assertThat(rs.getString(2))
                            .contains("\"userId\"")
                            .contains("\"requestId\"")
                            .doesNotContain("127.0.0.1")
                            .doesNotContain("Java-http-client");
                }
                assertThat(rows).isEqualTo(2);
            }
        }
        eventually(() -> assertThat(admin().get("/api/inventory/" + id + "/history")
                        .at("/transactions/0/reason")
                        .asText())
                .isEqualTo(reason));
    }
}
