package io.stockade.webapp.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockade.command.identity.Organisations;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/dashboard/trends}: movements per day, the low-stock count at the end of each day
 * and the top movers, from projections, in an organisation of its own so every number is exact.
 */
class TrendsIT extends ApiTestBase {

    @Test
    void shouldReportMovementsLowStockOverTimeAndTopMovers() {
        String username = "trends-" + UUID.randomUUID().toString().substring(0, 8);
        organisations.create(
                "Trends " + username, new Organisations.FirstAdmin(username, username + "@example.test", PASSWORD));
        Api admin = anonymous().login(username, PASSWORD);

        String busy = admin.post(
                        "/api/inventory",
                        Map.of("name", "Busy bolt", "location", "A", "currentStock", 5, "minThreshold", 3))
                .at("/item/id")
                .asText();
        String quiet = admin.post(
                        "/api/inventory",
                        Map.of("name", "Quiet nut", "location", "A", "currentStock", 9, "minThreshold", 1))
                .at("/item/id")
                .asText();
        for (Object[] move : new Object[][] {{3, "deduction"}, {5, "addition"}, {6, "deduction"}}) {
            assertThat(admin.post(
                                    "/api/inventory/" + busy + "/stock",
                                    Map.of("quantity", move[0], "reason", "trend", "type", move[1]))
                            .status())
                    .isEqualTo(200);
        }
        assertThat(admin.post(
                                "/api/inventory/" + quiet + "/stock",
                                Map.of("quantity", 2, "reason", "trend", "type", "deduction"))
                        .status())
                .isEqualTo(200);

        // busy: 5 -> 2 (low) -> 7 (recovered) -> 1 (low again); quiet: 9 -> 7 (never low).
        JsonNode trends = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> admin.get("/api/dashboard/trends?days=7").body(),
                        t -> t.get("lowStockPerDay").size() == 7
                                && t.at("/lowStockPerDay/6/count").asLong() == 1
                                && t.at("/topMovers/0/movements").asLong() >= 3
                                // every deduction applied (the trends are a projection, caught up in batches)
                                && t.at("/movementsPerDay/6/unitsOut").asLong() == 3 + 6 + 2);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(trends.get("to").asText()).isEqualTo(today.toString());
        assertThat(trends.get("from").asText()).isEqualTo(today.minusDays(6).toString());
        assertThat(trends.at("/lowStockPerDay/5/count").asLong())
                .as("nothing was low yesterday")
                .isZero();
        JsonNode todays = trends.at("/movementsPerDay/6");
        assertThat(todays.get("day").asText()).isEqualTo(today.toString());
        // Two projections (the trends and the ledger) catch up independently: equal once both have every movement.
        eventually(() -> assertThat(admin.get("/api/dashboard/trends?days=7")
                        .at("/movementsPerDay/6/movements")
                        .asLong())
                .isEqualTo(admin.get("/api/transactions?limit=100").at("/total").asLong()));
        assertThat(todays.get("unitsOut").asLong()).isEqualTo(3 + 6 + 2);
        assertThat(trends.at("/topMovers/0/itemId").asText()).isEqualTo(busy);
        assertThat(trends.at("/topMovers/0/name").asText()).isEqualTo("Busy bolt");
        assertThat(trends.at("/topMovers/1/itemId").asText()).isEqualTo(quiet);

        assertThat(admin().get("/api/dashboard/trends").body().toString())
                .as("other organisations see none of it")
                .doesNotContain(busy);
        for (String bad : new String[] {"0", "366", "abc", "-1"}) {
            Api.Response r = admin.get("/api/dashboard/trends?days=" + bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.at("/errors/0/field").asText()).isEqualTo("days");
        }
    }
}
