package io.stockade.webapp.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Refused writes of signed-in callers are recorded on a stream of their own (issue 14 §1): who, what was asked,
 * why it was refused and the correlation id, listed with outcome=rejected, never in the item's stream, and sealed
 * into the organisation's verifiable log like every stored event.
 */
class RefusedCommandsIT extends ApiTestBase {
    @Autowired
    private DSLContext dsl;

    /** A Staff member of their own, so the refusals listed for them are exactly this test's. */
    private record Person(String id, String username, Api api) {}

    private Person freshStaff() {
        String username = "refused-staff-" + shortId();
        Api.Response created = admin().post(
                        "/api/auth/register",
                        Map.of(
                                "username",
                                username,
                                "email",
                                username + "@example.test",
                                "password",
                                PASSWORD,
                                "role",
                                "Staff"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Api api = new Api(port).login(username, PASSWORD);
        return new Person(api.get("/api/auth/me").at("/user/id").asText(), username, api);
    }

    private static JsonNode events(Api as, String query) {
        Api.Response r = as.get("/api/audit/events?" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body().get("events");
    }

    @Test
    void shouldRecordEachRefusedWriteWithWhoWhatWhyAndCorrelationOutsideTheItemsStream() {
        Person staff = freshStaff();
        String item = createItem("Refused " + shortId(), 3, 1).get("id").asText();
        String target = manager().get("/api/auth/me").at("/user/id").asText();
        String run = shortId();

        // A rule: the stock would go negative.
        Api.Response tooMany = staff.api()
                .post(
                        "/api/inventory/" + item + "/stock",
                        Map.of("quantity", 5, "type", "deduction", "reason", "customer order 77"),
                        Map.of("X-Correlation-Id", "refused-rule-" + run));
        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(400);
        assertThat(tooMany.at("/type").asText()).endsWith("/insufficient-stock");
        // Validation: a quantity below one.
        Api.Response invalid = staff.api()
                .post(
                        "/api/inventory/" + item + "/stock",
                        Map.of("quantity", -2, "type", "deduction", "reason", "broken pallet"),
                        Map.of("X-Correlation-Id", "refused-invalid-" + run));
        assertThat(invalid.status()).as(invalid.toString()).isEqualTo(400);
        // Authorization: changing a person's role is the Admin's.
        Api.Response forbidden = staff.api()
                .put(
                        "/api/users/" + target,
                        Map.of("role", "Admin"),
                        Map.of("X-Correlation-Id", "refused-role-" + run));
        assertThat(forbidden.status()).as(forbidden.toString()).isEqualTo(403);

        // Not recorded: a write that succeeds, and a refusal of a caller who is not signed in.
        Api.Response accepted = staff.api()
                .post(
                        "/api/inventory/" + item + "/stock",
                        Map.of("quantity", 1, "type", "deduction", "reason", "sold"),
                        Map.of("X-Correlation-Id", "accepted-" + run));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        Api.Response anonymous = anonymous()
                .post(
                        "/api/inventory/" + item + "/stock",
                        Map.of("quantity", 50, "type", "deduction", "reason", "x"),
                        Map.of("X-Correlation-Id", "refused-anonymous-" + run));
        assertThat(anonymous.status()).isEqualTo(401);

        String mine = "outcome=rejected&userId=" + staff.id();
        eventually(() -> assertThat(events(auditor(), mine)).hasSize(3));
        List<JsonNode> refusals = new ArrayList<>();
        events(auditor(), mine).forEach(refusals::add);
        Map<String, JsonNode> byCorrelation = new HashMap<>();
        for (JsonNode r : refusals) {
            assertThat(r.get("outcome").asText()).isEqualTo("rejected");
            assertThat(r.get("type").asText()).isEqualTo("CommandRefused");
            assertThat(r.get("aggregateType").asText()).isEqualTo("none");
            assertThat(r.get("aggregateId").asText()).isNotEqualTo(item).isNotEqualTo(target);
            assertThat(r.at("/metadata/userId").asText()).isEqualTo(staff.id());
            assertThat(r.at("/metadata/username").asText()).isEqualTo(staff.username());
            assertThat(r.at("/metadata/role").asText()).isEqualTo("Staff");
            assertThat(r.at("/metadata/clientIp").asText()).isEqualTo("127.0.0.1");
            assertThat(r.at("/metadata/userAgent").asText()).isNotBlank().doesNotStartWith("pd1:");
            assertThat(r.at("/metadata/requestId").asText()).isNotBlank();
            byCorrelation.put(r.at("/metadata/correlationId").asText(), r);
        }
        assertThat(byCorrelation)
                .containsOnlyKeys("refused-rule-" + run, "refused-invalid-" + run, "refused-role-" + run);

        JsonNode rule = byCorrelation.get("refused-rule-" + run);
        assertThat(rule.at("/payload/operation").asText()).isEqualTo("adjustStock");
        assertThat(rule.at("/payload/method").asText()).isEqualTo("POST");
        assertThat(rule.at("/payload/path").asText()).isEqualTo("/api/inventory/{id}/stock");
        assertThat(rule.at("/payload/targetId").asText()).isEqualTo(item);
        assertThat(rule.at("/payload/fields/quantity").asText()).isEqualTo("5");
        assertThat(rule.at("/payload/fields/type").asText()).isEqualTo("deduction");
        assertThat(rule.at("/payload/personalFields/reason").asText())
                .as("a personal value, unsealed for the reader")
                .isEqualTo("customer order 77");
        assertThat(rule.at("/payload/status").asInt()).isEqualTo(400);
        assertThat(rule.at("/payload/problemType").asText()).isEqualTo("insufficient-stock");
        assertThat(rule.at("/payload/detail").asText())
                .isEqualTo(tooMany.at("/detail").asText());
        assertThat(rule.at("/metadata/reason").asText())
                .isEqualTo(tooMany.at("/detail").asText());

        JsonNode validation = byCorrelation.get("refused-invalid-" + run);
        assertThat(validation.at("/payload/status").asInt()).isEqualTo(400);
        assertThat(validation.at("/payload/problemType").asText()).isEqualTo("validation");
        assertThat(validation.at("/payload/fields/quantity").asText()).isEqualTo("-2");
        assertThat(validation.at("/payload/errors/0/field").asText()).isEqualTo("quantity");
        assertThat(validation.at("/payload/errors/0/message").asText())
                .isEqualTo(invalid.at("/errors/0/message").asText());

        JsonNode role = byCorrelation.get("refused-role-" + run);
        assertThat(role.at("/payload/operation").asText()).isEqualTo("updateUser");
        assertThat(role.at("/payload/method").asText()).isEqualTo("PUT");
        assertThat(role.at("/payload/targetId").asText()).isEqualTo(target);
        assertThat(role.at("/payload/fields/role").asText()).isEqualTo("Admin");
        assertThat(role.at("/payload/status").asInt()).isEqualTo(403);
        assertThat(role.at("/payload/problemType").asText()).isEqualTo("forbidden");

        // Never in the item's stream: not in the event store under the item, its audit events or its stock history.
        assertThat(dsl.fetchCount(dsl.selectFrom("axon.domain_event_entry")
                        .where("aggregate_identifier = ? and payload_type like ?", item, "%CommandRefused%")))
                .isZero();
        for (JsonNode e : events(auditor(), "aggregateId=" + item)) {
            assertThat(e.get("outcome").asText()).isEqualTo("accepted");
        }
        // The ledger is a projection: a movement's answer does not wait for it (ADR 0006).
        eventually(() -> assertThat(staff.api()
                        .get("/api/inventory/" + item + "/history?limit=100")
                        .body()
                        .get("transactions"))
                .as("the initial stock and the sale")
                .hasSize(2)
                .extracting(t -> t.get("reason").asText())
                .contains("sold")
                .doesNotContain("customer order 77", "broken pallet"));

        // Stored sealed: the event store holds no clear personal value and no withheld secret.
        for (JsonNode r : refusals) {
            String stored = dsl.resultQuery(
                            "select convert_from(payload, 'UTF8') from axon.domain_event_entry where global_index = ?",
                            r.get("position").asLong())
                    .fetchSingle(0, String.class);
            assertThat(stored)
                    .doesNotContain("customer order 77", "broken pallet")
                    .contains("pd1:");
        }

        // Sealed into the organisation's log, and the log still verifies.
        eventually(() -> assertThat(events(auditor(), mine))
                .allSatisfy(e -> assertThat(e.get("leafHash").isNull()).isFalse()));
        Api.Response verify = auditor().post("/api/audit/verify", Map.of());
        assertThat(verify.status()).as(verify.toString()).isEqualTo(200);
        assertThat(verify.at("/verified").asBoolean()).as(verify.toString()).isTrue();
        assertThat(verify.at("/problems")).isEmpty();
    }
}
