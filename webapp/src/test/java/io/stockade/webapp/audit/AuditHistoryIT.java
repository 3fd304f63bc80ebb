package io.stockade.webapp.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockade.audit.proof.Hash;
import io.stockade.audit.proof.LeafEncoding;
import io.stockade.audit.proof.StoredEvent;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The audit history end to end (issue 14 §1): the organisation's events filtered and paged from the audit index,
 * their payloads decoded from the event store, an item's timeline, and the access log of every read.
 */
class AuditHistoryIT extends ApiTestBase {
    @Autowired
    private DSLContext dsl;

    /** An item with three movements: a delivery (with a correlation id), a sale by Staff, a back-dated count. */
    private record Story(String item, String correlation, Instant countEffective, String managerId, String staffId) {}

    private Story story() {
        String item = createItem("Audited " + shortId(), 5, 2).get("id").asText();
        String correlation = "audit-it-" + shortId();
        Api.Response delivery = manager()
                .post(
                        "/api/inventory/" + item + "/stock",
                        Map.of("quantity", 3, "reason", "delivery from Acme", "type", "addition"),
                        Map.of("X-Correlation-Id", correlation));
        assertThat(delivery.status()).as(delivery.toString()).isEqualTo(200);
        Api.Response sale = staff().post(
                        "/api/inventory/" + item + "/stock",
                        Map.of("quantity", 2, "reason", "sold", "type", "deduction"));
        assertThat(sale.status()).as(sale.toString()).isEqualTo(200);
        Instant effective = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Api.Response count = manager()
                .post(
                        "/api/inventory/" + item + "/count",
                        Map.of("countedQuantity", 4, "reason", "shelf count", "effectiveAt", effective.toString()));
        assertThat(count.status()).as(count.toString()).isEqualTo(200);
        Story s = new Story(
                item,
                correlation,
                effective,
                manager().get("/api/auth/me").at("/user/id").asText(),
                staff().get("/api/auth/me").at("/user/id").asText());
        // The index is a projection: it has the item's four stored movements moments later.
        eventually(() -> assertThat(events(auditor(), "aggregateId=" + item + "&type=StockAdjusted")
                        .at("/events")
                        .size())
                .isEqualTo(4));
        return s;
    }

    private static JsonNode events(Api as, String query) {
        Api.Response r = as.get("/api/audit/events?" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body();
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The stored row of an event, column for column, as the sealer reads it. */
    private StoredEvent stored(long position) {
        return dsl.resultQuery(
                        "SELECT global_index, event_identifier, aggregate_identifier, sequence_number, type,"
                                + " payload_type, payload_revision, time_stamp, payload, meta_data"
                                + " FROM axon.domain_event_entry WHERE global_index = ?",
                        position)
                .fetchSingle(r -> new StoredEvent(
                        r.get(0, Long.class),
                        r.get(1, String.class),
                        r.get(2, String.class),
                        r.get(3, Long.class),
                        r.get(4, String.class),
                        r.get(5, String.class),
                        r.get(6, String.class),
                        r.get(7, String.class),
                        r.get(8, byte[].class),
                        r.get(9, byte[].class)));
    }

    @Test
    void shouldAnswerEachEventsLeafHashRecomputedFromItsStoredRowOnceSealed() {
        Story s = story();
        String query = "aggregateType=item&aggregateId=" + s.item();

        // The sealer seals an event about a second after it is stored; until then its leaf hash is null.
        eventually(() -> assertThat(events(auditor(), query).get("events"))
                .allSatisfy(e -> assertThat(e.get("leafHash").isNull()).isFalse()));
        JsonNode events = events(auditor(), query).get("events");

        assertThat(events).hasSizeGreaterThanOrEqualTo(5);
        for (JsonNode e : events) {
            assertThat(Hash.fromBase64(e.get("leafHash").asText()))
                    .as("leaf of position %s", e.get("position"))
                    .isEqualTo(LeafEncoding.leafHash(stored(e.get("position").asLong())));
        }
    }

    @Test
    void shouldFilterTheOrganisationsEventsAndDecodeTheirPayloadsAndMetadata() {
        Story s = story();

        JsonNode all = events(auditor(), "aggregateType=item&aggregateId=" + s.item());
        assertThat(all.get("next").isNull()).isTrue();
        List<String> types = new ArrayList<>();
        long sequence = -1;
        for (JsonNode e : all.get("events")) {
            types.add(e.get("type").asText());
            assertThat(e.get("aggregateType").asText()).isEqualTo("item");
            assertThat(e.get("sequence").asLong()).isGreaterThan(sequence);
            sequence = e.get("sequence").asLong();
            assertThat(e.get("outcome").asText()).isEqualTo("accepted");
        }
        assertThat(types).first().isEqualTo("ItemCreated");
        assertThat(types).filteredOn("StockAdjusted"::equals).hasSize(4);

        JsonNode delivery =
                events(auditor(), "correlationId=" + s.correlation()).at("/events");
        assertThat(delivery).hasSize(1);
        JsonNode d = delivery.get(0);
        assertThat(d.get("type").asText()).isEqualTo("StockAdjusted");
        assertThat(d.at("/payload/reason").asText())
                .as("a personal value, unsealed")
                .isEqualTo("delivery from Acme");
        assertThat(d.at("/payload/quantity").asInt()).isEqualTo(3);
        assertThat(d.at("/payload/stockBefore").asInt()).isEqualTo(5);
        assertThat(d.at("/payload/stockAfter").asInt()).isEqualTo(8);
        assertThat(d.at("/metadata/userId").asText()).isEqualTo(s.managerId());
        assertThat(d.at("/metadata/username").asText()).startsWith("manager-");
        assertThat(d.at("/metadata/role").asText()).isEqualTo("Manager");
        assertThat(d.at("/metadata/clientIp").asText()).isEqualTo("127.0.0.1");
        assertThat(d.at("/metadata/userAgent").asText()).isNotBlank().doesNotStartWith("pd1:");
        assertThat(d.at("/metadata/requestId").asText()).isNotBlank();
        assertThat(d.at("/metadata/correlationId").asText()).isEqualTo(s.correlation());
        assertThat(d.at("/metadata/reason").asText()).isEqualTo("delivery from Acme");

        JsonNode byStaff = events(auditor(), "aggregateId=" + s.item() + "&userId=" + s.staffId())
                .at("/events");
        assertThat(byStaff).hasSize(1);
        assertThat(byStaff.get(0).at("/payload/reason").asText()).isEqualTo("sold");

        JsonNode count = events(admin(), "aggregateId=" + s.item() + "&type=StockAdjusted&order=desc")
                .at("/events/0");
        assertThat(count.get("effectiveAt").asText())
                .as("back-dated")
                .isEqualTo(s.countEffective().toString());
        Instant recorded = Instant.parse(count.get("recordedAt").asText());
        assertThat(recorded).isAfter(s.countEffective());
        JsonNode inRange = events(
                        auditor(),
                        "aggregateId=" + s.item() + "&from=" + q(recorded.toString()) + "&to="
                                + q(recorded.plusMillis(1).toString()))
                .at("/events");
        assertThat(inRange)
                .extracting(e -> e.get("position").asLong())
                .contains(count.get("position").asLong());
        assertThat(inRange)
                .allSatisfy(e ->
                        assertThat(Instant.parse(e.get("recordedAt").asText())).isEqualTo(recorded));
        assertThat(events(auditor(), "aggregateId=" + s.item() + "&outcome=rejected")
                        .at("/events"))
                .isEmpty();

        JsonNode registration = events(
                        auditor(), "aggregateType=user&aggregateId=" + s.managerId() + "&type=UserRegistered")
                .at("/events/0/payload");
        assertThat(registration.get("username").asText()).startsWith("manager-");
        assertThat(registration.get("passwordHash").asText())
                .as("a secret is never shown")
                .isEqualTo("[redacted]");
    }

    @Test
    void shouldPageThroughEveryEventInBothOrdersWithoutGapsOrRepeats() {
        Story s = story();
        String filter = "aggregateId=" + s.item();
        List<Long> all = new ArrayList<>();
        events(auditor(), filter + "&limit=500")
                .get("events")
                .forEach(e -> all.add(e.get("position").asLong()));
        assertThat(all).hasSizeGreaterThanOrEqualTo(5).isSorted();

        List<Long> ascending = pageThrough(filter + "&limit=2", "asc");
        List<Long> descending = pageThrough(filter + "&limit=2", "desc");

        assertThat(ascending).isEqualTo(all);
        List<Long> newestFirst = new ArrayList<>(all);
        Collections.reverse(newestFirst);
        assertThat(descending).isEqualTo(newestFirst);
    }

    private List<Long> pageThrough(String filter, String order) {
        List<Long> positions = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonNode page = events(auditor(), filter + "&order=" + order + (after == null ? "" : "&after=" + after));
            page.get("events").forEach(e -> positions.add(e.get("position").asLong()));
            after = page.get("next").isNull() ? null : page.get("next").asText();
            assertThat(++pages).isLessThan(50);
        } while (after != null);
        assertThat(new HashSet<>(positions)).hasSameSizeAs(positions);
        return positions;
    }

    @Test
    void shouldShowAnItemsLifeOldestFirstWithTheStockAroundEachEvent() {
        Story s = story();

        Api.Response r = auditor().get("/api/audit/items/" + s.item() + "/timeline");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode lines = r.body().get("lines");
        assertThat(lines.get(0).get("type").asText()).isEqualTo("ItemCreated");
        assertThat(lines.get(0).has("movement"))
                .as("no ledger line for an item change")
                .isFalse();
        List<String> stock = new ArrayList<>();
        int previous = 0;
        for (JsonNode line : lines) {
            assertThat(line.get("stockBefore").asInt())
                    .as("each line starts where the last ended")
                    .isEqualTo(previous);
            previous = line.get("stockAfter").asInt();
            if (line.get("type").asText().equals("StockAdjusted")) {
                stock.add(line.get("stockBefore").asInt() + "->"
                        + line.get("stockAfter").asInt());
                assertThat(line.at("/movement/stockAfter").asInt()).isEqualTo(previous);
            }
        }
        assertThat(stock).containsExactly("0->5", "5->8", "8->6", "6->4");
        JsonNode delivery = lines.findParents("movement").stream()
                .filter(l -> l.at("/movement/reason").asText().equals("delivery from Acme"))
                .findFirst()
                .orElseThrow();
        assertThat(delivery.at("/metadata/username").asText()).startsWith("manager-");
        assertThat(delivery.at("/movement/userName").asText())
                .isEqualTo(delivery.at("/metadata/username").asText());
        assertThat(delivery.at("/movement/quantityChange").asInt()).isEqualTo(3);
        JsonNode history = auditor()
                .get("/api/inventory/" + s.item() + "/history?limit=100")
                .body();
        JsonNode ledgerLine = null;
        for (JsonNode t : history.get("transactions")) {
            if (t.get("reason").asText().equals("delivery from Acme")) {
                ledgerLine = t;
            }
        }
        assertThat(ledgerLine).isNotNull();
        for (String field : List.of(
                "id",
                "timestamp",
                "effectiveAt",
                "productId",
                "productSku",
                "userId",
                "quantityChange",
                "quantity",
                "transactionType",
                "source",
                "stockAfter")) {
            assertThat(delivery.at("/movement/" + field)).as(field).isEqualTo(ledgerLine.get(field));
        }
        JsonNode count = lines.get(lines.size() - 1);
        assertThat(count.get("effectiveAt").asText())
                .isEqualTo(s.countEffective().toString());

        JsonNode firstTwo = auditor()
                .get("/api/audit/items/" + s.item() + "/timeline?limit=2")
                .body();
        JsonNode rest = auditor()
                .get("/api/audit/items/" + s.item() + "/timeline?after="
                        + firstTwo.get("next").asText())
                .body();
        assertThat(firstTwo.get("lines")).hasSize(2);
        assertThat(rest.get("lines")).hasSize(lines.size() - 2);
        assertThat(rest.at("/lines/0"))
                .as("a later page starts from the stock the earlier events left")
                .isEqualTo(lines.get(2));
    }

    @Test
    void shouldShowAnotherOrganisationNothingOfOurs() {
        Story s = story();
        Api other = otherOrganisationAdmin();

        assertThat(events(other, "aggregateId=" + s.item()).get("events")).isEmpty();
        assertThat(events(other, "correlationId=" + s.correlation()).get("events"))
                .isEmpty();
        JsonNode theirs = events(other, "limit=500").get("events");
        for (JsonNode e : theirs) {
            assertThat(e.get("aggregateId").asText()).isNotEqualTo(s.item()).isNotEqualTo(s.managerId());
        }
        Api.Response timeline = other.get("/api/audit/items/" + s.item() + "/timeline");
        assertThat(timeline.status()).isEqualTo(404);
        assertThat(timeline.header("Content-Type")).startsWith("application/problem+json");
        assertThat(admin().get("/api/audit/items/" + UUID.randomUUID() + "/timeline")
                        .status())
                .isEqualTo(404);
        String ourAuditor = auditor().get("/api/auth/me").at("/user/id").asText();
        events(auditor(), "aggregateId=" + s.item());
        JsonNode theirLog = other.get("/api/audit/access-log?limit=500").body().get("entries");
        assertThat(theirLog).isNotEmpty();
        for (JsonNode entry : theirLog) {
            assertThat(entry.get("userId").asText()).as("our reads stay ours").isNotEqualTo(ourAuditor);
        }
    }

    @Test
    void shouldRefuseManagersStaffAndStrangersAndBadInput() {
        for (String path : List.of(
                "/api/audit/events", "/api/audit/items/" + UUID.randomUUID() + "/timeline", "/api/audit/access-log")) {
            assertThat(manager().get(path).status()).as(path).isEqualTo(403);
            assertThat(staff().get(path).status()).as(path).isEqualTo(403);
            assertThat(anonymous().get(path).status()).as(path).isEqualTo(401);
        }
        Map<String, String> bad = Map.of(
                "aggregateType=invoice", "aggregateType",
                "outcome=maybe", "outcome",
                "limit=501", "limit",
                "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to",
                "after=garbage!", "after",
                "userId=nobody", "userId");
        bad.forEach((query, field) -> {
            Api.Response r = auditor().get("/api/audit/events?" + query);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.at("/errors/0/field").asText()).as(query).isEqualTo(field);
        });
        String descCursor = events(auditor(), "order=desc&limit=1").get("next").asText();
        Api.Response flipped = auditor().get("/api/audit/events?order=asc&after=" + descCursor);
        assertThat(flipped.status()).isEqualTo(400);
        assertThat(flipped.at("/errors/0/field").asText()).isEqualTo("after");
    }

    @Test
    void shouldListEveryReadOfTheAuditApiInTheAccessLog() {
        Story s = story();
        Api auditor = auditor();
        String marker = "audit-read-" + shortId();
        events(auditor, "aggregateId=" + s.item() + "&correlationId=" + marker);
        auditor.get("/api/audit/items/" + s.item() + "/timeline?limit=3");
        auditor.get("/api/audit/access-log?limit=1");
        int refused = manager().get("/api/audit/events?correlationId=" + marker).status();
        assertThat(refused).isEqualTo(403);

        JsonNode entries =
                admin().get("/api/audit/access-log?order=desc&limit=20").body().get("entries");

        Function<String, JsonNode> find = endpoint -> {
            for (JsonNode e : entries) {
                if (e.get("endpoint").asText().equals(endpoint)
                        && e.get("parameters").toString().contains(endpoint.contains("events") ? marker : "")) {
                    return e;
                }
            }
            return null;
        };
        JsonNode listed = find.apply("GET /api/audit/events");
        assertThat(listed).as(entries.toString()).isNotNull();
        assertThat(listed.at("/parameters/aggregateId").asText()).isEqualTo(s.item());
        assertThat(listed.at("/parameters/correlationId").asText()).isEqualTo(marker);
        assertThat(listed.get("role").asText()).isEqualTo("Auditor");
        assertThat(listed.get("username").asText()).startsWith("auditor-");
        assertThat(listed.get("clientIp").asText()).isEqualTo("127.0.0.1");
        assertThat(listed.get("userAgent").asText()).isNotBlank().doesNotStartWith("pd1:");
        assertThat(listed.get("readAt").asText()).isNotBlank();
        JsonNode timeline = find.apply("GET /api/audit/items/{id}/timeline");
        assertThat(timeline).isNotNull();
        assertThat(timeline.at("/parameters/itemId").asText()).isEqualTo(s.item());
        assertThat(find.apply("GET /api/audit/access-log")).isNotNull();
        Set<String> roles = new HashSet<>();
        entries.forEach(e -> roles.add(e.get("role").asText()));
        assertThat(roles).as("a refused read is not a read").doesNotContain("Manager");

        List<Long> ids = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = admin().get("/api/audit/access-log?limit=50" + (after == null ? "" : "&after=" + after))
                    .body();
            page.get("entries").forEach(e -> ids.add(e.get("id").asLong()));
            after = page.get("next").isNull() ? null : page.get("next").asText();
        } while (after != null);
        assertThat(ids).isSorted().doesNotHaveDuplicates();
    }
}
