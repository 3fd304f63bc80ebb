package io.stockade.webapp.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Stock as of a date on two time axes end to end (issue 14 §2): a back-dated count changes what the records say
 * about the past (the effective axis) but not what they said before it was recorded (knownAt); the whole inventory
 * at a point, as JSON and CSV; the anomalies; roles, other organisations and bad input.
 */
class AsOfIT extends ApiTestBase {

    private static String q(Instant at) {
        return URLEncoder.encode(at.toString(), StandardCharsets.UTF_8);
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body();
    }

    /** The recorded time of the item's newest movement, as the audit history lists it. */
    private Instant lastMovementRecorded(String item, int movements) {
        List<Instant> recorded = new ArrayList<>();
        eventually(() -> {
            JsonNode events = ok(auditor().get("/api/audit/events?aggregateId=" + item + "&type=StockAdjusted"))
                    .get("events");
            assertThat(events).hasSize(movements);
            recorded.add(
                    Instant.parse(events.get(movements - 1).get("recordedAt").asText()));
        });
        return recorded.get(recorded.size() - 1);
    }

    @Test
    void shouldShowABackDatedCountOnTheEffectiveAxisButNotAsKnownBeforeItWasRecorded() throws Exception {
        String item = createItem("As-of " + shortId(), 5, 2).get("id").asText();
        // The count will be dated to a whole second after the item was created and before the delivery.
        Instant effective = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Thread.sleep(Math.max(0, effective.toEpochMilli() - System.currentTimeMillis()) + 50);
        Api.Response delivery = manager()
                .post(
                        "/api/inventory/" + item + "/stock",
                        Map.of("quantity", 3, "reason", "delivery", "type", "addition"));
        assertThat(delivery.status()).as(delivery.toString()).isEqualTo(200);
        Instant known = lastMovementRecorded(item, 2);
        String path = "/api/audit/items/" + item + "/as-of?at=" + q(known);
        eventually(
                () -> assertThat(ok(auditor().get(path)).get("stock").asInt()).isEqualTo(8));
        Thread.sleep(20);

        Api.Response count = manager()
                .post(
                        "/api/inventory/" + item + "/count",
                        Map.of("countedQuantity", 4, "reason", "shelf count", "effectiveAt", effective.toString()));
        assertThat(count.status()).as(count.toString()).isEqualTo(200);
        Instant countRecorded = lastMovementRecorded(item, 3);
        assertThat(countRecorded).isAfter(known);

        eventually(() -> assertThat(ok(auditor().get(path)).get("stock").asInt())
                .as("at the delivery's time, as known now: the count took effect before it")
                .isEqualTo(4));
        JsonNode then = ok(auditor().get(path + "&knownAt=" + q(known)));
        assertThat(then.get("stock").asInt())
                .as("as the records showed before the count was recorded")
                .isEqualTo(8);
        assertThat(then.get("existed").asBoolean()).isTrue();
        assertThat(then.at("/details/name").asText()).startsWith("As-of ");
        assertThat(then.get("minThreshold").asInt()).isEqualTo(2);
        assertThat(then.get("archived").asBoolean()).isFalse();
        assertThat(then.get("anomalies")).isEmpty();
        JsonNode before =
                ok(admin().get("/api/audit/items/" + item + "/as-of?at=" + q(effective.minus(1, ChronoUnit.DAYS))));
        assertThat(before.get("existed").asBoolean()).as("not created yet").isFalse();
        assertThat(before.has("details")).as("no details before it existed").isFalse();
        assertThat(before.get("stock").asInt()).isZero();

        JsonNode inventory =
                ok(auditor().get("/api/audit/inventory/as-of?limit=500&at=" + q(countRecorded.plusSeconds(1))));
        assertThat(inventory.at("/totals/items").asLong()).isPositive();
        JsonNode line = null;
        int pages = inventory.get("totalPages").asInt();
        for (int page = 1; page <= pages && line == null; page++) {
            JsonNode p = page == 1
                    ? inventory
                    : ok(auditor()
                            .get("/api/audit/inventory/as-of?limit=500&page=" + page + "&at="
                                    + q(countRecorded.plusSeconds(1))));
            for (JsonNode l : p.get("items")) {
                if (l.get("itemId").asText().equals(item)) {
                    line = l;
                }
            }
        }
        assertThat(line).as("the item is listed").isNotNull();
        assertThat(line.get("stock").asInt()).isEqualTo(4);

        Api.Response csv =
                auditor().get("/api/audit/inventory/as-of?format=csv&at=" + q(known) + "&knownAt=" + q(known));
        assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.raw())
                .startsWith("itemId,name,sku,location,categoryId,subCategoryId,minThreshold,archived,stock");
        assertThat(csv.raw().lines().filter(l -> l.startsWith(item + ",")))
                .singleElement()
                .satisfies(l -> assertThat(l.split(",")[8]).isEqualTo("8"));
    }

    @Test
    void shouldFlagACountBackDatedBeforeTheItemExistedAndListItInTheAnomalies() {
        String item = createItem("Anomalous " + shortId(), 2, 1).get("id").asText();
        Instant yesterday = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Api.Response count = manager()
                .post(
                        "/api/inventory/" + item + "/count",
                        Map.of("countedQuantity", 0, "reason", "late count", "effectiveAt", yesterday.toString()));
        assertThat(count.status()).as(count.toString()).isEqualTo(200);

        eventually(() -> {
            JsonNode anomalies =
                    ok(auditor().get("/api/audit/anomalies?itemId=" + item)).get("anomalies");
            assertThat(anomalies).hasSize(1);
            JsonNode a = anomalies.get(0);
            assertThat(a.get("kinds"))
                    .extracting(JsonNode::asText)
                    .containsExactly("negative-balance", "before-creation");
            assertThat(a.get("balanceAfter").asInt()).isEqualTo(-2);
            assertThat(a.get("effectiveAt").asText()).isEqualTo(yesterday.toString());
        });
        JsonNode now = ok(auditor().get("/api/audit/items/" + item + "/as-of?at=" + q(Instant.now())));
        assertThat(now.get("stock").asInt()).isZero();
        assertThat(now.get("anomalies")).hasSize(1);
        JsonNode all = ok(admin().get("/api/audit/anomalies?limit=500")).get("anomalies");
        assertThat(all).extracting(a -> a.get("itemId").asText()).contains(item);
        assertThat(ok(otherOrganisationAdmin().get("/api/audit/anomalies?limit=500"))
                        .get("anomalies"))
                .extracting(a -> a.get("itemId").asText())
                .doesNotContain(item);
    }

    @Test
    void shouldRefuseManagersStaffStrangersOtherOrganisationsAndBadInputRecordingNothing() {
        String item = createItem("Guarded " + shortId(), 1, 0).get("id").asText();
        String at = q(Instant.now().plusSeconds(5));
        // The as-of rows are a projection the create's answer does not wait for (ADR 0006).
        eventually(() -> assertThat(admin().get("/api/audit/items/" + item + "/as-of?at=" + at)
                        .status())
                .isEqualTo(200));
        for (String path : List.of(
                "/api/audit/items/" + item + "/as-of?at=" + at,
                "/api/audit/inventory/as-of?at=" + at,
                "/api/audit/inventory/as-of?format=csv&at=" + at,
                "/api/audit/anomalies")) {
            assertThat(manager().get(path).status()).as(path).isEqualTo(403);
            assertThat(staff().get(path).status()).as(path).isEqualTo(403);
            assertThat(anonymous().get(path).status()).as(path).isEqualTo(401);
            assertThat(admin().get(path).status()).as(path).isEqualTo(200);
        }
        Api.Response foreign = otherOrganisationAdmin().get("/api/audit/items/" + item + "/as-of?at=" + at);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.header("Content-Type")).startsWith("application/problem+json");
        assertThat(auditor()
                        .get("/api/audit/items/" + UUID.randomUUID() + "/as-of?at=" + at)
                        .status())
                .isEqualTo(404);

        long lastRead = ok(admin().get("/api/audit/access-log?order=desc&limit=1"))
                .at("/entries/0/id")
                .asLong();
        Map<String, String> bad = Map.of(
                "/api/audit/items/" + item + "/as-of",
                "at",
                "/api/audit/items/" + item + "/as-of?at=last-tuesday",
                "at",
                "/api/audit/items/" + item + "/as-of?at=" + at + "&knownAt=2026-13-01T00:00:00Z",
                "knownAt",
                "/api/audit/inventory/as-of?at=" + at + "&limit=501",
                "limit",
                "/api/audit/inventory/as-of?limit=10",
                "at",
                "/api/audit/inventory/as-of?format=csv",
                "at",
                "/api/audit/inventory/as-of?at=" + at + "&category=tools",
                "category",
                "/api/audit/anomalies?limit=0",
                "limit");
        bad.forEach((path, field) -> {
            Api.Response r = auditor().get(path);
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.header("Content-Type")).as(path).startsWith("application/problem+json");
            assertThat(r.at("/errors/0/field").asText()).as(path).isEqualTo(field);
        });
        JsonNode reads =
                ok(admin().get("/api/audit/access-log?order=desc&limit=20")).get("entries");
        for (JsonNode e : reads) {
            if (e.get("id").asLong() > lastRead) {
                assertThat(e.get("endpoint").asText())
                        .as("a refused read is not recorded")
                        .isEqualTo("GET /api/audit/access-log");
            }
        }
        JsonNode recorded =
                ok(admin().get("/api/audit/access-log?order=desc&limit=100")).get("entries");
        assertThat(recorded)
                .extracting(e -> e.get("endpoint").asText())
                .contains(
                        "GET /api/audit/items/{id}/as-of",
                        "GET /api/audit/inventory/as-of",
                        "GET /api/audit/anomalies");
    }
}
