package io.stockade.webapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransactionsAndDashboardIT extends ApiTestBase {

    @Test
    void shouldFilterTransactionsByProductUserAndDate() {
        String id = createItem("Ledger " + shortId(), 20, 2).get("id").asText();
        staff().post("/api/inventory/" + id + "/stock", Map.of("quantity", 2, "reason", "a", "type", "deduction"));
        String txId = manager()
                .post("/api/inventory/" + id + "/stock", Map.of("quantity", 3, "reason", "b", "type", "deduction"))
                .at("/transaction/id")
                .asText();
        String staffId = staff().get("/api/auth/me").at("/user/id").asText();

        eventually(() -> {
            Api.Response byItem = auditor().get("/api/transactions?productId=" + id);
            assertThat(byItem.status()).isEqualTo(200);
            assertThat(byItem.at("/total").asInt()).isEqualTo(3);
        });
        Api.Response byUser = auditor().get("/api/transactions?productId=" + id + "&userId=" + staffId);
        assertThat(byUser.at("/total").asInt()).isEqualTo(1);
        assertThat(byUser.at("/transactions/0/userName").asText()).startsWith("staff-");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(auditor()
                        .get("/api/transactions?productId=" + id + "&dateFrom=" + today + "&dateTo=" + today)
                        .at("/total")
                        .asInt())
                .isEqualTo(3);
        assertThat(auditor()
                        .get("/api/transactions?productId=" + id + "&dateTo=2000-01-01")
                        .at("/total")
                        .asInt())
                .isZero();
        assertThat(auditor().get("/api/transactions?dateFrom=yesterday").status())
                .isEqualTo(400);
        assertThat(auditor()
                        .get("/api/transactions?dateFrom=2026-02-01&dateTo=2026-01-01")
                        .status())
                .isEqualTo(400);

        Api.Response one = manager().get("/api/transactions/" + txId);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.at("/transaction/quantityChange").asInt()).isEqualTo(-3);
        assertThat(one.at("/transaction/reason").asText()).isEqualTo("b");
        assertThat(manager()
                        .get("/api/transactions/00000000-0000-0000-0000-000000000009")
                        .status())
                .isEqualTo(404);
        assertThat(otherOrganisationAdmin().get("/api/transactions/" + txId).status())
                .isEqualTo(404);
    }

    @Test
    void shouldExportCsvWithFormulasDefused() {
        String id = createItem("=HYPERLINK(\"http://evil\")", 5, 1).get("id").asText();
        staff().post(
                        "/api/inventory/" + id + "/stock",
                        Map.of("quantity", 1, "reason", "@SUM(1+1), \"quoted\"", "type", "deduction"));
        eventually(() -> assertThat(auditor()
                        .get("/api/transactions?format=csv&productId=" + id)
                        .raw()
                        .lines()
                        .count())
                .isEqualTo(3));
        Api.Response csv = auditor().get("/api/transactions?format=csv&productId=" + id);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("attachment");
        List<String> lines = new ArrayList<>(csv.raw().lines().toList());
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("id,timestamp,");
        assertThat(csv.raw())
                .contains("\"'=HYPERLINK(\"\"http://evil\"\")\"")
                .contains("\"'@SUM(1+1), \"\"quoted\"\"\"")
                .doesNotContain(",=HYPERLINK")
                .doesNotContain(",@SUM");
        assertThat(lines.get(1)).contains(",-1,deduction,adjustment,");
        assertThat(staff().get("/api/transactions?format=csv").status()).isEqualTo(403);
    }

    @Test
    void shouldCountProductsLowAndOutOfStockAndRecentMovementsOnTheDashboard() {
        Api.Response before = staff().get("/api/dashboard/metrics");
        assertThat(before.status()).isEqualTo(200);
        long total = before.at("/totalProducts").asLong();
        long low = before.at("/lowStockCount").asLong();
        long out = before.at("/outOfStockCount").asLong();
        long recent = before.at("/recentTransactions").asLong();
        createItem("Dash low " + shortId(), 1, 3);
        createItem("Dash out " + shortId(), 0, 3);
        createItem("Dash fine " + shortId(), 9, 3);
        eventually(() -> assertThat(staff().get("/api/dashboard/metrics")
                        .at("/recentTransactions")
                        .asLong())
                .isEqualTo(recent + 2));
        Api.Response after = staff().get("/api/dashboard/metrics");
        assertThat(after.at("/totalProducts").asLong()).isEqualTo(total + 3);
        assertThat(after.at("/lowStockCount").asLong()).isEqualTo(low + 1);
        assertThat(after.at("/outOfStockCount").asLong()).isEqualTo(out + 1);
        assertThat(after.at("/stockByCategory").isArray()).isTrue();
        Api.Response lowBoard = staff().get("/api/inventory/low-stock");
        assertThat(lowBoard.status()).isEqualTo(200);
        assertThat(lowBoard.at("/items").size()).isPositive();
        assertThat(otherOrganisationAdmin()
                        .get("/api/dashboard/metrics")
                        .at("/totalProducts")
                        .asLong())
                .isLessThan(after.at("/totalProducts").asLong());
    }
}
