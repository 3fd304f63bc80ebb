package io.stockade.webapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class InventoryApiIT extends ApiTestBase {

    @Test
    void shouldCreateItemWithGeneratedSkuAndBarcodeWhenManagerPostsValidItem() {
        Api.Response r = manager()
                .post(
                        "/api/inventory",
                        Map.of(
                                "name",
                                "Cordless drill",
                                "location",
                                "B2",
                                "currentStock",
                                12,
                                "minThreshold",
                                4,
                                "shelf",
                                "S-3",
                                "description",
                                "18V"));
        assertThat(r.status()).isEqualTo(201);
        JsonNode item = r.at("/item");
        assertThat(item.get("sku").asText()).startsWith("SKU-");
        assertThat(item.get("barcode").asText())
                .startsWith("STK")
                .isEqualTo(r.at("/barcode").asText());
        assertThat(item.get("currentStock").asInt()).isEqualTo(12);
        assertThat(item.get("status").asText()).isEqualTo("In Stock");
        assertThat(r.header("Location"))
                .isEqualTo("/api/inventory/" + item.get("id").asText());
        assertThat(r.header("ETag")).isEqualTo("\"" + item.get("version").asLong() + "\"");

        Api.Response fetched = staff().get("/api/inventory/" + item.get("id").asText());
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.at("/item/name").asText()).isEqualTo("Cordless drill");
        Api.Response byBarcode =
                staff().get("/api/inventory/barcode/" + item.get("barcode").asText());
        assertThat(byBarcode.at("/item/id").asText()).isEqualTo(item.get("id").asText());
        // Typed from a label by hand: the SKU works too, in any case.
        Api.Response bySku =
                staff().get("/api/inventory/barcode/" + item.get("sku").asText().toLowerCase());
        assertThat(bySku.at("/item/id").asText()).isEqualTo(item.get("id").asText());
        assertThat(staff().get("/api/inventory/barcode/NO-SUCH-CODE").status()).isEqualTo(404);
    }

    @Test
    void shouldRefuseDuplicateSkuWith409WhenSkuIsTakenIgnoringCase() {
        String sku = "DUP-" + shortId();
        assertThat(admin().post("/api/inventory", Map.of("name", "One", "location", "A", "sku", sku))
                        .status())
                .isEqualTo(201);
        Api.Response r =
                admin().post("/api/inventory", Map.of("name", "Two", "location", "A", "sku", sku.toLowerCase()));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.at("/errors/0/field").asText()).isEqualTo("sku");
    }

    @Test
    void shouldAnswerProblemJsonWithFieldErrorsWhenInputIsBad() {
        Api.Response missing = admin().post("/api/inventory", Map.of("location", "A"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.at("/type").asText()).endsWith("/validation");
        assertThat(missing.at("/status").asInt()).isEqualTo(400);
        assertThat(missing.at("/message").asText()).isNotBlank();
        assertThat(missing.at("/errors/0/field").asText()).isEqualTo("name");

        Api.Response unknown = admin().post("/api/inventory", Map.of("name", "X", "location", "A", "price", 3));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.at("/errors/0/field").asText()).isEqualTo("price");

        Api.Response wrongType =
                admin().post("/api/inventory", Map.of("name", "X", "location", "A", "currentStock", "many"));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.at("/errors/0/field").asText()).isEqualTo("currentStock");

        Api.Response tooLong = admin().post("/api/inventory", Map.of("name", "x".repeat(256), "location", "A"));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.at("/errors/0/field").asText()).isEqualTo("name");

        Api.Response negative =
                admin().post("/api/inventory", Map.of("name", "X", "location", "A", "minThreshold", -1));
        assertThat(negative.status()).isEqualTo(400);

        Api.Response notJson = admin().postRaw("/api/inventory", "application/json", "{\"name\":");
        assertThat(notJson.status()).isEqualTo(400);

        Api.Response wrongMedia = admin().postRaw("/api/inventory", "text/plain", "name=x");
        assertThat(wrongMedia.status()).isEqualTo(415);

        Api.Response badId = admin().get("/api/inventory/not-a-uuid");
        assertThat(badId.status()).isEqualTo(400);
    }

    @Test
    void shouldAdjustStockAndRefuseOversellingWhenStaffMovesStock() {
        JsonNode item = createItem("Gloves " + shortId(), 10, 3);
        String id = item.get("id").asText();
        Api.Response out = staff().post(
                        "/api/inventory/" + id + "/stock",
                        Map.of("quantity", 8, "reason", "order 42", "type", "deduction"));
        assertThat(out.status()).as(out.toString()).isEqualTo(200);
        assertThat(out.at("/item/currentStock").asInt()).isEqualTo(2);
        assertThat(out.at("/item/status").asText()).isEqualTo("Low Stock");
        assertThat(out.at("/transaction/quantityChange").asInt()).isEqualTo(-8);
        assertThat(out.at("/transaction/transactionType").asText()).isEqualTo("deduction");

        Api.Response oversell = staff().post(
                        "/api/inventory/" + id + "/stock",
                        Map.of("quantity", 3, "reason", "order 43", "type", "deduction"));
        assertThat(oversell.status()).isEqualTo(400);
        assertThat(oversell.at("/type").asText()).endsWith("/insufficient-stock");

        Api.Response zero = staff().post(
                        "/api/inventory/" + id + "/stock", Map.of("quantity", 0, "reason", "x", "type", "addition"));
        assertThat(zero.status()).isEqualTo(400);
        Api.Response noReason = staff().post(
                        "/api/inventory/" + id + "/stock", Map.of("quantity", 1, "reason", " ", "type", "addition"));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.at("/errors/0/field").asText()).isEqualTo("reason");
        Api.Response badType = staff().post(
                        "/api/inventory/" + id + "/stock", Map.of("quantity", 1, "reason", "x", "type", "sideways"));
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.at("/errors/0/field").asText()).isEqualTo("type");

        Api.Response back = staff().post(
                        "/api/inventory/" + id + "/stock",
                        Map.of("quantity", 5, "reason", "return", "type", "addition"));
        assertThat(back.at("/item/currentStock").asInt()).isEqualTo(7);
        assertThat(back.at("/item/status").asText()).isEqualTo("In Stock");

        eventually(() -> {
            Api.Response history = staff().get("/api/inventory/" + id + "/history");
            assertThat(history.status()).isEqualTo(200);
            assertThat(history.at("/total").asInt()).isEqualTo(3);
            assertThat(history.at("/transactions/0/reason").asText()).isEqualTo("return");
        });
    }

    @Test
    void shouldRecordTheVarianceWhenManagerCountsStock() {
        JsonNode item = createItem("Bolts " + shortId(), 50, 5);
        String id = item.get("id").asText();
        Api.Response counted =
                manager().post("/api/inventory/" + id + "/count", Map.of("countedQuantity", 47, "reason", "stocktake"));
        assertThat(counted.status()).isEqualTo(200);
        assertThat(counted.at("/item/currentStock").asInt()).isEqualTo(47);
        assertThat(counted.at("/transaction/quantityChange").asInt()).isEqualTo(-3);
        assertThat(counted.at("/transaction/source").asText()).isEqualTo("count");
        assertThat(staff().post("/api/inventory/" + id + "/count", Map.of("countedQuantity", 1, "reason", "x"))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void shouldHonourEffectiveTimeRulesWhenBackdating() {
        String id = createItem("Tape " + shortId(), 5, 1).get("id").asText();
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        Api.Response byStaff = staff().post(
                        "/api/inventory/" + id + "/stock",
                        Map.of(
                                "quantity",
                                1,
                                "reason",
                                "late entry",
                                "type",
                                "addition",
                                "effectiveAt",
                                hourAgo.toString()));
        assertThat(byStaff.status()).isEqualTo(403);
        Api.Response byManager = manager()
                .post(
                        "/api/inventory/" + id + "/stock",
                        Map.of(
                                "quantity",
                                1,
                                "reason",
                                "late entry",
                                "type",
                                "addition",
                                "effectiveAt",
                                hourAgo.toString()));
        assertThat(byManager.status()).isEqualTo(200);
        assertThat(Instant.parse(byManager.at("/transaction/effectiveAt").asText()))
                .isEqualTo(hourAgo);
        Api.Response future = manager()
                .post(
                        "/api/inventory/" + id + "/stock",
                        Map.of(
                                "quantity",
                                1,
                                "reason",
                                "x",
                                "type",
                                "addition",
                                "effectiveAt",
                                Instant.now().plus(Duration.ofDays(1)).toString()));
        assertThat(future.status()).isEqualTo(400);
        Api.Response tooOld = manager()
                .post(
                        "/api/inventory/" + id + "/stock",
                        Map.of(
                                "quantity",
                                1,
                                "reason",
                                "x",
                                "type",
                                "addition",
                                "effectiveAt",
                                Instant.now().minus(Duration.ofDays(30)).toString()));
        assertThat(tooOld.status()).isEqualTo(400);
    }

    @Test
    void shouldUpdateDetailsWithIfMatchAndNeverTouchStock() {
        JsonNode item = createItem("Ladder " + shortId(), 3, 1);
        String id = item.get("id").asText();
        String etag = admin().get("/api/inventory/" + id).header("ETag");
        Api.Response updated = manager()
                .put(
                        "/api/inventory/" + id,
                        Map.of("name", "Step ladder", "minThreshold", 5),
                        Map.of("If-Match", etag));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.at("/item/name").asText()).isEqualTo("Step ladder");
        assertThat(updated.at("/item/status").asText()).isEqualTo("Low Stock");

        Api.Response stale = manager().put("/api/inventory/" + id, Map.of("name", "Again"), Map.of("If-Match", etag));
        assertThat(stale.status()).isEqualTo(412);

        Api.Response stock = manager().put("/api/inventory/" + id, Map.of("currentStock", 99));
        assertThat(stock.status()).isEqualTo(400);
        assertThat(stock.at("/errors/0/field").asText()).isEqualTo("currentStock");
        assertThat(stock.at("/message").asText()).contains("/stock");
        assertThat(admin().get("/api/inventory/" + id).at("/item/currentStock").asInt())
                .isEqualTo(3);

        assertThat(staff().put("/api/inventory/" + id, Map.of("name", "Nope")).status())
                .isEqualTo(403);
        assertThat(manager()
                        .put("/api/inventory/00000000-0000-0000-0000-000000000001", Map.of("name", "x"))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void shouldAcceptTheETagOfAGetAfterTheItemRanLowAndWasAlerted() {
        // Running low appends a low-stock episode and an alert to the item's own stream; the ETag a GET
        // shows must still be the aggregate's version, or every If-Match after an alert would be "stale".
        JsonNode item = createItem("Low rope " + shortId(), 10, 5);
        String id = item.get("id").asText();
        Api.Response moved = staff().post(
                        "/api/inventory/" + id + "/stock",
                        Map.of("quantity", 8, "reason", "picked", "type", "deduction"));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Api.Response current = admin().get("/api/inventory/" + id);
            assertThat(current.at("/item/version").asLong())
                    .as("the alert was appended after the movement and counted by the view")
                    .isGreaterThan(moved.at("/item/version").asLong());
        });
        String etag = admin().get("/api/inventory/" + id).header("ETag");
        Api.Response updated = manager().put("/api/inventory/" + id, Map.of("shelf", "S-9"), Map.of("If-Match", etag));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.at("/item/shelf").asText()).isEqualTo("S-9");
        assertThat(updated.at("/item/currentStock").asInt()).isEqualTo(2);
    }

    @Test
    void shouldArchiveOnlyAsAdminAndKeepTheHistory() {
        String id = createItem("Old stock " + shortId(), 2, 0).get("id").asText();
        assertThat(manager().delete("/api/inventory/" + id).status()).isEqualTo(403);
        Api.Response archived = admin().delete("/api/inventory/" + id);
        assertThat(archived.status()).isEqualTo(200);
        assertThat(archived.at("/message").asText()).isNotBlank();
        assertThat(admin().get("/api/inventory/" + id).status()).isEqualTo(404);
        eventually(() -> assertThat(admin().get("/api/transactions?productId=" + id)
                        .at("/total")
                        .asInt())
                .isEqualTo(1));
        assertThat(admin().delete("/api/inventory/" + id).status()).isEqualTo(404);
    }

    @Test
    void shouldSearchFilterSortAndPaginateTheList() {
        String tag = shortId();
        createItem("Zeta " + tag, 0, 2);
        createItem("Alpha " + tag, 1, 2);
        createItem("Mid " + tag, 10, 2);
        Api.Response page = staff().get("/api/inventory?search=" + tag + "&sort=name&order=asc&limit=2&page=1");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.at("/total").asInt()).isEqualTo(3);
        assertThat(page.at("/pages").asInt()).isEqualTo(2);
        assertThat(page.at("/items/0/name").asText()).isEqualTo("Alpha " + tag);
        assertThat(page.at("/items/1/name").asText()).isEqualTo("Mid " + tag);
        Api.Response second = staff().get("/api/inventory?search=" + tag + "&sort=name&order=asc&limit=2&page=2");
        assertThat(second.at("/items/0/name").asText()).isEqualTo("Zeta " + tag);
        Api.Response out = staff().get("/api/inventory?search=" + tag + "&status=Out%20of%20Stock");
        assertThat(out.at("/total").asInt()).isEqualTo(1);
        assertThat(out.at("/items/0/status").asText()).isEqualTo("Out of Stock");
        Api.Response low = staff().get("/api/inventory?search=" + tag + "&status=low-stock");
        assertThat(low.at("/total").asInt()).isEqualTo(1);
        Api.Response byStock = staff().get("/api/inventory?search=" + tag + "&sort=currentStock&order=desc");
        assertThat(byStock.at("/items/0/currentStock").asInt()).isEqualTo(10);
        assertThat(staff().get("/api/inventory?limit=1000").status()).isEqualTo(400);
        assertThat(staff().get("/api/inventory?page=0").status()).isEqualTo(400);
        assertThat(staff().get("/api/inventory?sort=price").status()).isEqualTo(400);
        assertThat(staff().get("/api/inventory?status=sold").status()).isEqualTo(400);
        assertThat(staff().get("/api/inventory?search=%25").status()).isEqualTo(200);
    }

    @Test
    void shouldReturnTheFirstResultAndAppendNothingWhenAnIdempotentRequestIsRetried() {
        String id = createItem("Retry " + shortId(), 10, 1).get("id").asText();
        Map<String, String> key = Map.of("Idempotency-Key", "retry-" + shortId() + "-0001");
        Map<String, Object> body = Map.of("quantity", 2, "reason", "pick", "type", "deduction");
        Api.Response first = staff().post("/api/inventory/" + id + "/stock", body, key);
        Api.Response again = staff().post("/api/inventory/" + id + "/stock", body, key);
        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.at("/transaction/id").asText())
                .isEqualTo(first.at("/transaction/id").asText());
        assertThat(first.at("/item/currentStock").asInt()).isEqualTo(8);
        // The item view is a projection: a movement's answer does not wait for it (ADR 0006).
        eventually(() -> assertThat(admin().get("/api/inventory/" + id)
                        .at("/item/currentStock")
                        .asInt())
                .isEqualTo(8));
        eventually(() -> assertThat(admin().get("/api/inventory/" + id + "/history")
                        .at("/total")
                        .asInt())
                .isEqualTo(2));

        Api.Response reused = staff().post(
                        "/api/inventory/" + id + "/stock",
                        Map.of("quantity", 3, "reason", "pick", "type", "deduction"),
                        key);
        assertThat(reused.status()).isEqualTo(422);

        Map<String, String> createKey = Map.of("Idempotency-Key", "create-" + shortId() + "-0001");
        Map<String, Object> item = new HashMap<>(Map.of("name", "Once " + shortId(), "location", "A"));
        Api.Response c1 = admin().post("/api/inventory", item, createKey);
        Api.Response c2 = admin().post("/api/inventory", item, createKey);
        assertThat(c1.status()).isEqualTo(201);
        assertThat(c2.at("/item/id").asText()).isEqualTo(c1.at("/item/id").asText());
        assertThat(admin().get("/api/inventory?search="
                                + item.get("name").toString().replace(" ", "%20"))
                        .at("/total")
                        .asInt())
                .isEqualTo(1);

        assertThat(staff().post("/api/inventory/" + id + "/stock", body, Map.of("Idempotency-Key", "bad key!"))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void shouldKeepOrganisationsApartWhenAnotherTenantAsksForAnItem() {
        JsonNode item = createItem("Private " + shortId(), 4, 1);
        String id = item.get("id").asText();
        Api other = otherOrganisationAdmin();
        assertThat(other.get("/api/inventory/" + id).status()).isEqualTo(404);
        assertThat(other.get("/api/inventory/barcode/" + item.get("barcode").asText())
                        .status())
                .isEqualTo(404);
        assertThat(other.get("/api/inventory/" + id + "/history").status()).isEqualTo(404);
        assertThat(other.post(
                                "/api/inventory/" + id + "/stock",
                                Map.of("quantity", 1, "reason", "x", "type", "addition"))
                        .status())
                .isEqualTo(404);
        assertThat(other.put("/api/inventory/" + id, Map.of("name", "mine")).status())
                .isEqualTo(404);
        assertThat(other.delete("/api/inventory/" + id).status()).isEqualTo(404);
        assertThat(other.get("/api/inventory?search=Private").at("/total").asInt())
                .isZero();
        // The same SKU is free in another organisation.
        assertThat(other.post(
                                "/api/inventory",
                                Map.of(
                                        "name",
                                        "Copy",
                                        "location",
                                        "A",
                                        "sku",
                                        item.get("sku").asText()))
                        .status())
                .isEqualTo(201);
        assertThat(admin().get("/api/inventory/" + id).at("/item/currentStock").asInt())
                .isEqualTo(4);
    }
}
