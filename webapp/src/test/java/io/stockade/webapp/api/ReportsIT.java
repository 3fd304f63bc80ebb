package io.stockade.webapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockade.command.identity.Organisations;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/reports/*}: stock by category and location, movements, dead stock and stockouts, in an
 * organisation of its own so every number is exact.
 */
class ReportsIT extends ApiTestBase {

    @Test
    void shouldReportStockMovementsDeadStockAndStockoutsOfTheOwnOrganisationOnly() {
        String suffix = shortId();
        String adminName = "reports-" + suffix;
        organisations.create(
                "Reports " + suffix, new Organisations.FirstAdmin(adminName, adminName + "@example.test", PASSWORD));
        Api admin = anonymous().login(adminName, PASSWORD);
        Api manager = member(admin, "Manager", "rmgr-" + suffix);
        Api staff = member(admin, "Staff", "rstf-" + suffix);
        Api auditor = member(admin, "Auditor", "raud-" + suffix);
        String managerId = manager.get("/api/auth/me").at("/user/id").asText();

        String tools = admin.post("/api/categories", Map.of("name", "Tools"))
                .at("/category/id")
                .asText();
        String hand = admin.post("/api/categories", Map.of("name", "Hand tools", "parentId", tools))
                .at("/category/id")
                .asText();
        String hammer = item(admin, "Hammer", "Aisle 1", 10, 2, tools, hand);
        String saw = item(admin, "Saw", "Aisle 1", 3, 5, tools, null);
        String glue = item(admin, "=cmd|' /C calc'!A0", "=cmd", 0, 1, null, null);
        String nails = item(admin, "Old nails", "Bay 2", 0, 1, tools, hand);
        String gone = item(admin, "Archived thing", "Bay 2", 0, 1, null, null);
        assertThat(admin.delete("/api/inventory/" + gone).status()).isEqualTo(200);

        Instant fiveDaysAgo = Instant.now().minus(Duration.ofDays(5)).truncatedTo(ChronoUnit.SECONDS);
        move(admin, nails, 6, "addition", "delivery", fiveDaysAgo);
        move(manager, hammer, 4, "deduction", "sale", null);
        move(manager, saw, 3, "deduction", "sale", null); // Saw 3 -> 0: out
        move(admin, saw, 2, "addition", "delivery", null); // Saw 0 -> 2: recovered, low
        move(staff, hammer, 6, "deduction", "sale", null); // Hammer 6 -> 0: still out

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate backDay = LocalDate.ofInstant(fiveDaysAgo, ZoneOffset.UTC);
        eventually(() -> assertThat(auditor.get("/api/reports/movements")
                        .at("/rows/1/movements")
                        .asLong())
                .isEqualTo(6));

        // stock by category: a category, its sub-category, then the uncategorised; archived items left out
        JsonNode byCategory = auditor.get("/api/reports/stock-by-category").body();
        assertThat(byCategory.at("/total").asLong()).isEqualTo(3);
        assertThat(byCategory.at("/pages").asInt()).isEqualTo(1);
        assertRow(
                byCategory.at("/rows/0"),
                Map.of(
                        "categoryId",
                        tools,
                        "categoryName",
                        "Tools",
                        "items",
                        1,
                        "units",
                        2,
                        "lowStock",
                        1,
                        "outOfStock",
                        0));
        assertThat(byCategory.at("/rows/0/parentId").isNull()).isTrue();
        assertRow(
                byCategory.at("/rows/1"),
                Map.of(
                        "categoryId",
                        hand,
                        "categoryName",
                        "Hand tools",
                        "parentId",
                        tools,
                        "parentName",
                        "Tools",
                        "items",
                        2,
                        "units",
                        6,
                        "lowStock",
                        0,
                        "outOfStock",
                        1));
        assertRow(
                byCategory.at("/rows/2"),
                Map.of("categoryName", "Uncategorised", "items", 1, "units", 0, "lowStock", 0, "outOfStock", 1));
        assertThat(byCategory.at("/rows/2/categoryId").isNull()).isTrue();
        assertThat(auditor.get("/api/reports/stock-by-category?category=" + tools)
                        .at("/total")
                        .asLong())
                .isEqualTo(2);
        JsonNode onlyHand =
                auditor.get("/api/reports/stock-by-category?category=" + hand).body();
        assertThat(onlyHand.at("/total").asLong()).isEqualTo(1);
        assertThat(onlyHand.at("/rows/0/categoryId").asText()).isEqualTo(hand);
        JsonNode secondPage =
                auditor.get("/api/reports/stock-by-category?limit=2&page=2").body();
        assertThat(secondPage.at("/rows").size()).isEqualTo(1);
        assertThat(secondPage.at("/pages").asInt()).isEqualTo(2);
        assertThat(secondPage.at("/rows/0/categoryName").asText()).isEqualTo("Uncategorised");

        // stock by location
        JsonNode byLocation = manager.get("/api/reports/stock-by-location").body();
        assertThat(byLocation.at("/total").asLong()).isEqualTo(3);
        Map<String, JsonNode> locations = new HashMap<>();
        byLocation.get("rows").forEach(r -> locations.put(r.get("location").asText(), r));
        assertRow(locations.get("Aisle 1"), Map.of("items", 2, "units", 2, "lowStock", 1, "outOfStock", 1));
        assertRow(locations.get("Bay 2"), Map.of("items", 1, "units", 6, "lowStock", 0, "outOfStock", 0));
        assertRow(locations.get("=cmd"), Map.of("items", 1, "units", 0, "lowStock", 0, "outOfStock", 1));
        JsonNode searched =
                manager.get("/api/reports/stock-by-location?search=aIsLe").body();
        assertThat(searched.at("/total").asLong()).isEqualTo(1);
        assertThat(searched.at("/rows/0/location").asText()).isEqualTo("Aisle 1");
        assertThat(manager.get("/api/reports/stock-by-location?search=%25")
                        .at("/total")
                        .asLong())
                .as("% is literal")
                .isZero();

        // movements: 2 initial stock lines, the back-dated delivery, 3 sales, 1 delivery
        JsonNode perDay = auditor.get("/api/reports/movements?groupBy=day").body();
        assertThat(perDay.at("/total").asLong()).isEqualTo(2);
        assertRow(
                perDay.at("/rows/0"),
                Map.of(
                        "key",
                        backDay.toString(),
                        "label",
                        backDay.toString(),
                        "movements",
                        1,
                        "unitsIn",
                        6,
                        "unitsOut",
                        0));
        assertRow(perDay.at("/rows/1"), Map.of("key", today.toString(), "movements", 6, "unitsIn", 15, "unitsOut", 13));
        JsonNode lastDayOnly =
                auditor.get("/api/reports/movements?groupBy=day&limit=1&page=2").body();
        assertThat(lastDayOnly.at("/pages").asInt()).isEqualTo(2);
        assertThat(lastDayOnly.at("/rows/0/key").asText()).isEqualTo(today.toString());
        // partial days at both ends come from the movements themselves, whole days from the daily sums
        String partialFrom = backDay.minusDays(1) + "T12:00:00Z";
        JsonNode mixed = auditor.get("/api/reports/movements?from=" + partialFrom + "&to=" + today)
                .body();
        assertThat(mixed.at("/total").asLong()).isEqualTo(2);
        assertThat(mixed.at("/rows/1/unitsOut").asLong()).isEqualTo(13);
        JsonNode lastHour = auditor.get(
                        "/api/reports/movements?from=" + Instant.now().minus(Duration.ofHours(1)) + "&to="
                                + Instant.now().plus(Duration.ofMinutes(1)))
                .body();
        assertThat(lastHour.at("/total").asLong()).isEqualTo(1);
        assertRow(lastHour.at("/rows/0"), Map.of("movements", 6, "unitsIn", 15, "unitsOut", 13));
        assertThat(auditor.get("/api/reports/movements?from=" + today.plusDays(1) + "&to=" + today.plusDays(2))
                        .at("/total")
                        .asLong())
                .isZero();

        JsonNode perType = auditor.get("/api/reports/movements?groupBy=type").body();
        assertRow(
                perType.at("/rows/0"),
                Map.of("key", "ADDITION", "label", "Addition", "movements", 4, "unitsIn", 21, "unitsOut", 0));
        assertRow(
                perType.at("/rows/1"),
                Map.of("key", "DEDUCTION", "label", "Deduction", "movements", 3, "unitsIn", 0, "unitsOut", 13));
        JsonNode perUser = auditor.get("/api/reports/movements?groupBy=user").body();
        assertThat(perUser.at("/total").asLong()).isEqualTo(3);
        assertRow(perUser.at("/rows/0"), Map.of("label", adminName, "movements", 4, "unitsIn", 21, "unitsOut", 0));
        assertRow(
                perUser.at("/rows/1"),
                Map.of("key", managerId, "label", "rmgr-" + suffix, "movements", 2, "unitsOut", 7));
        assertRow(perUser.at("/rows/2"), Map.of("label", "rstf-" + suffix, "movements", 1, "unitsOut", 6));
        JsonNode perReason =
                auditor.get("/api/reports/movements?groupBy=reason").body();
        assertRow(perReason.at("/rows/0"), Map.of("key", "sale", "label", "sale", "movements", 3, "unitsOut", 13));
        Map<String, JsonNode> reasons = new HashMap<>();
        perReason.get("rows").forEach(r -> reasons.put(r.get("key").asText(), r));
        assertThat(reasons).hasSize(3);
        assertRow(reasons.get("Initial stock"), Map.of("movements", 2, "unitsIn", 13, "unitsOut", 0));
        assertRow(reasons.get("delivery"), Map.of("movements", 2, "unitsIn", 8, "unitsOut", 0));
        Map<String, long[]> weeks = new TreeMap<>();
        weeks.computeIfAbsent(monday(backDay), k -> new long[1])[0] += 1;
        weeks.computeIfAbsent(monday(today), k -> new long[1])[0] += 6;
        JsonNode perWeek = auditor.get("/api/reports/movements?groupBy=week").body();
        assertThat(perWeek.at("/total").asLong()).isEqualTo(weeks.size());
        assertThat(perWeek.at("/rows/0/key").asText())
                .isEqualTo(weeks.keySet().iterator().next());
        assertThat(perWeek.at("/rows/0/label").asText()).matches("\\d{4}-W\\d{2}");
        assertThat(perWeek.at("/rows/0/movements").asLong())
                .isEqualTo(weeks.values().iterator().next()[0]);
        JsonNode perMonth = auditor.get("/api/reports/movements?groupBy=month").body();
        assertThat(perMonth.at("/total").asLong()).isEqualTo(backDay.getMonth() == today.getMonth() ? 1 : 2);
        assertThat(perMonth.at("/rows/0/key").asText())
                .isEqualTo(backDay.toString().substring(0, 7));

        JsonNode hammerOnly =
                auditor.get("/api/reports/movements?itemId=" + hammer).body();
        assertThat(hammerOnly.at("/total").asLong()).isEqualTo(1);
        assertRow(hammerOnly.at("/rows/0"), Map.of("movements", 3, "unitsIn", 10, "unitsOut", 10));
        assertRow(
                auditor.get("/api/reports/movements?type=DEDUCTION&groupBy=type")
                        .at("/rows/0"),
                Map.of("key", "DEDUCTION", "movements", 3, "unitsOut", 13));
        assertThat(auditor.get("/api/reports/movements?type=DEDUCTION&groupBy=type")
                        .at("/total")
                        .asLong())
                .isEqualTo(1);
        assertRow(
                auditor.get("/api/reports/movements?userId=" + managerId).at("/rows/0"),
                Map.of("movements", 2, "unitsOut", 7));

        // dead stock: never moved first, then the oldest movement; archived items never appear
        JsonNode dead = auditor.get("/api/reports/dead-stock?days=3").body();
        assertThat(dead.at("/total").asLong()).isEqualTo(2);
        assertRow(
                dead.at("/rows/0"),
                Map.of("itemId", glue, "name", "=cmd|' /C calc'!A0", "location", "=cmd", "currentStock", 0));
        assertThat(dead.at("/rows/0/lastMovementAt").isNull()).isTrue();
        assertRow(dead.at("/rows/1"), Map.of("itemId", nails, "name", "Old nails", "currentStock", 6));
        assertThat(Instant.parse(dead.at("/rows/1/lastMovementAt").asText())).isEqualTo(fiveDaysAgo);
        assertThat(auditor.get("/api/reports/dead-stock?days=6").at("/total").asLong())
                .isEqualTo(1);
        JsonNode deadTools =
                auditor.get("/api/reports/dead-stock?days=3&category=" + tools).body();
        assertThat(deadTools.at("/total").asLong()).isEqualTo(1);
        assertThat(deadTools.at("/rows/0/itemId").asText()).isEqualTo(nails);
        assertThat(auditor.get("/api/reports/dead-stock").at("/total").asLong())
                .as("90 days by default")
                .isEqualTo(1);

        // stockouts: newest first; the hammer is still out
        JsonNode outs = auditor.get("/api/reports/stockouts").body();
        assertThat(outs.at("/total").asLong()).isEqualTo(2);
        assertRow(outs.at("/rows/0"), Map.of("itemId", hammer, "name", "Hammer"));
        assertThat(outs.at("/rows/0/recoveredAt").isNull()).isTrue();
        assertThat(outs.at("/rows/0/durationSeconds").asLong()).isBetween(0L, 120L);
        assertRow(outs.at("/rows/1"), Map.of("itemId", saw, "name", "Saw"));
        Instant sawOut = Instant.parse(outs.at("/rows/1/outAt").asText());
        Instant sawBack = Instant.parse(outs.at("/rows/1/recoveredAt").asText());
        assertThat(sawBack).isAfterOrEqualTo(sawOut);
        assertThat(outs.at("/rows/1/durationSeconds").asLong())
                .isEqualTo(Duration.between(sawOut, sawBack).getSeconds());
        assertThat(outs.at("/rows/0/sku").asText()).isNotBlank();
        JsonNode sawOnly = auditor.get("/api/reports/stockouts?itemId=" + saw).body();
        assertThat(sawOnly.at("/total").asLong()).isEqualTo(1);
        JsonNode stillOutLater =
                auditor.get("/api/reports/stockouts?from=" + today.plusDays(1)).body();
        assertThat(stillOutLater.at("/total").asLong()).isEqualTo(1);
        assertThat(stillOutLater.at("/rows/0/itemId").asText()).isEqualTo(hammer);
        assertThat(auditor.get("/api/reports/stockouts?to=" + today.minusDays(1))
                        .at("/total")
                        .asLong())
                .isZero();

        // CSV: every row, formula cells defused
        Api.Response locationsCsv = auditor.get("/api/reports/stock-by-location?format=csv&limit=1");
        assertThat(locationsCsv.status()).isEqualTo(200);
        assertThat(locationsCsv.header("Content-Type")).startsWith("text/csv");
        assertThat(locationsCsv.header("Content-Disposition"))
                .contains("attachment")
                .contains("stock-by-location.csv");
        List<String> lines = new ArrayList<>(locationsCsv.raw().lines().toList());
        assertThat(lines).hasSize(4).first().isEqualTo("location,items,units,lowStock,outOfStock");
        assertThat(lines).contains("\"'=cmd\",1,0,0,1", "Aisle 1,2,2,1,1", "Bay 2,1,6,0,0");
        Api.Response deadCsv = manager.get("/api/reports/dead-stock?days=3&format=csv");
        assertThat(deadCsv.raw())
                .startsWith("itemId,sku,name,location,currentStock,lastMovementAt")
                .contains(glue + ",")
                .contains("\"'=cmd|' /C calc'!A0\"")
                .contains(",\"'=cmd\",0,\r\n")
                .doesNotContain(",=cmd");
        assertThat(deadCsv.raw().lines().count()).isEqualTo(3);
        assertThat(auditor.get("/api/reports/movements?groupBy=type&format=csv").raw())
                .isEqualTo(
                        "key,label,movements,unitsIn,unitsOut\r\nADDITION,Addition,4,21,0\r\nDEDUCTION,Deduction,3,0,13\r\n");
        assertThat(auditor.get("/api/reports/stock-by-category?format=csv")
                        .raw()
                        .lines()
                        .toList())
                .contains(
                        tools + ",Tools,,,1,2,1,0",
                        hand + ",Hand tools," + tools + ",Tools,2,6,0,1",
                        ",Uncategorised,,,1,0,0,1");
        assertThat(auditor.get("/api/reports/stockouts?format=csv")
                        .raw()
                        .lines()
                        .count())
                .isEqualTo(3);

        // roles: Manager, Admin, Auditor; Staff refused; a token is needed
        for (String report :
                new String[] {"stock-by-category", "stock-by-location", "movements", "dead-stock", "stockouts"}) {
            assertThat(admin.get("/api/reports/" + report).status()).as(report).isEqualTo(200);
            assertThat(staff.get("/api/reports/" + report).status()).as(report).isEqualTo(403);
            assertThat(staff.get("/api/reports/" + report + "?format=csv").status())
                    .as(report)
                    .isEqualTo(403);
            assertThat(anonymous().get("/api/reports/" + report).status())
                    .as(report)
                    .isEqualTo(401);
            assertThat(anonymous().get("/api/reports/" + report + "?format=csv").status())
                    .as(report)
                    .isEqualTo(401);
        }

        // other organisations see none of it, and this one sees nothing of theirs
        Api other = otherOrganisationAdmin();
        for (String report : new String[] {"stock-by-location", "dead-stock", "stockouts", "movements?groupBy=user"}) {
            String theirs = other.get("/api/reports/" + report).raw();
            assertThat(theirs)
                    .as(report)
                    .doesNotContain(hammer)
                    .doesNotContain(glue)
                    .doesNotContain("=cmd")
                    .doesNotContain(adminName);
        }
        assertThat(other.get("/api/reports/stockouts?format=csv").raw()).doesNotContain(hammer);
        assertThat(other.get("/api/reports/stock-by-category?category=" + tools)
                        .at("/total")
                        .asLong())
                .isZero();
        assertThat(admin().get("/api/reports/dead-stock?days=1&limit=100&format=csv")
                        .raw())
                .doesNotContain(glue);

        // bad parameters: 400 problem+json naming the field
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("stock-by-category?limit=0", "limit");
        bad.put("stock-by-category?limit=101", "limit");
        bad.put("stock-by-category?category=nope", "category");
        bad.put("stock-by-location?page=0", "page");
        bad.put("stock-by-location?format=xml", "format");
        bad.put("movements?groupBy=year", "groupBy");
        bad.put("movements?type=MOVE", "type");
        bad.put("movements?from=yesterday", "from");
        bad.put("movements?from=2026-02-01&to=2026-01-01", "to");
        bad.put("movements?itemId=42", "itemId");
        bad.put("movements?from=1990-01-01&to=2026-01-01", "to");
        bad.put("movements?format=csv&groupBy=year", "groupBy");
        bad.put("dead-stock?days=0", "days");
        bad.put("dead-stock?days=3651", "days");
        bad.put("dead-stock?days=ten", "days");
        bad.put("dead-stock?days=0&format=csv", "days");
        bad.put("stockouts?to=2026-13-01", "to");
        bad.put("stockouts?from=2026-02-01&to=2026-01-01", "to");
        bad.forEach((query, field) -> {
            Api.Response r = auditor.get("/api/reports/" + query);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.header("Content-Type")).as(query).startsWith("application/problem+json");
            assertThat(r.at("/errors/0/field").asText()).as(query).isEqualTo(field);
        });
    }

    private static String monday(LocalDate day) {
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
    }

    /** An item that changes category or location takes its whole share of the figures along, in both reports. */
    @Test
    void shouldMoveAnItemsFiguresWhenItChangesCategoryOrLocation() {
        String suffix = shortId();
        String adminName = "reports-move-" + suffix;
        organisations.create(
                "Reports move " + suffix,
                new Organisations.FirstAdmin(adminName, adminName + "@example.test", PASSWORD));
        Api admin = anonymous().login(adminName, PASSWORD);
        String paint = admin.post("/api/categories", Map.of("name", "Paint"))
                .at("/category/id")
                .asText();
        String glue = admin.post("/api/categories", Map.of("name", "Glue"))
                .at("/category/id")
                .asText();
        String primer = item(admin, "Primer", "Shelf A", 5, 2, paint, null);
        item(admin, "Varnish", "Shelf A", 1, 2, paint, null);
        move(admin, primer, 1, "deduction", "sample", null); // Primer 5 -> 4, not low

        Api.Response moved = admin.put("/api/inventory/" + primer, Map.of("categoryId", glue, "location", "Shelf B"));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);

        eventually(() -> {
            Map<String, JsonNode> byLocation = new HashMap<>();
            admin.get("/api/reports/stock-by-location")
                    .body()
                    .get("rows")
                    .forEach(r -> byLocation.put(r.get("location").asText(), r));
            assertThat(byLocation).containsOnlyKeys("Shelf A", "Shelf B");
            assertRow(byLocation.get("Shelf A"), Map.of("items", 1, "units", 1, "lowStock", 1, "outOfStock", 0));
            assertRow(byLocation.get("Shelf B"), Map.of("items", 1, "units", 4, "lowStock", 0, "outOfStock", 0));
            Map<String, JsonNode> byCategory = new HashMap<>();
            admin.get("/api/reports/stock-by-category")
                    .body()
                    .get("rows")
                    .forEach(r -> byCategory.put(r.get("categoryName").asText(), r));
            assertThat(byCategory).containsOnlyKeys("Paint", "Glue");
            assertRow(byCategory.get("Paint"), Map.of("items", 1, "units", 1, "lowStock", 1));
            assertRow(byCategory.get("Glue"), Map.of("items", 1, "units", 4, "lowStock", 0));
        });
    }

    private Api member(Api admin, String role, String username) {
        Api.Response created = admin.post(
                "/api/auth/register",
                Map.of("username", username, "email", username + "@example.test", "password", PASSWORD, "role", role));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return anonymous().login(username, PASSWORD);
    }

    private static String item(
            Api admin, String name, String location, int stock, int threshold, String category, String subCategory) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("location", location);
        body.put("currentStock", stock);
        body.put("minThreshold", threshold);
        if (category != null) {
            body.put("categoryId", category);
        }
        if (subCategory != null) {
            body.put("subCategoryId", subCategory);
        }
        Api.Response r = admin.post("/api/inventory", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.at("/item/id").asText();
    }

    private static void move(Api who, String item, int quantity, String type, String reason, Instant effectiveAt) {
        Map<String, Object> body = new HashMap<>(Map.of("quantity", quantity, "type", type, "reason", reason));
        if (effectiveAt != null) {
            body.put("effectiveAt", effectiveAt.toString());
        }
        Api.Response r = who.post("/api/inventory/" + item + "/stock", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    private static void assertRow(JsonNode row, Map<String, Object> expected) {
        assertThat(row).as("row").isNotNull();
        expected.forEach((field, value) -> {
            JsonNode actual = row.get(field);
            assertThat(actual).as(field + " of " + row).isNotNull();
            if (value instanceof Number n) {
                assertThat(actual.asLong()).as(field + " of " + row).isEqualTo(n.longValue());
            } else {
                assertThat(actual.asText()).as(field + " of " + row).isEqualTo(value);
            }
        });
    }
}
