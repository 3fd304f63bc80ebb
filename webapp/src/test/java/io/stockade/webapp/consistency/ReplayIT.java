package io.stockade.webapp.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.testsupport.TestServices;
import io.stockade.webapp.support.ApiTestBase;
import io.stockade.webapp.support.TestDatabaseInitializer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Rebuilding every projection from the events gives exactly the tables the incremental build made. */
class ReplayIT extends ApiTestBase {
    private static final List<String> TABLES = List.of(
            "inventory_item",
            "inventory_category",
            "ledger_transaction",
            "ledger_item",
            "ledger_user",
            "category_node",
            "identity_user",
            "notification",
            "report_item",
            "report_category_stock",
            "report_location_stock",
            "report_category",
            "report_user",
            "report_movement",
            "audit_event",
            "report_movement_day",
            "report_stockout",
            "audit_asof_movement",
            "audit_asof_item_version",
            "alerting.alert_item");

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void shouldRebuildIdenticalReadModelsWhenEveryProjectionIsReplayed() throws Exception {
        String category = admin().post("/api/categories", Map.of("name", "Replay " + shortId()))
                .at("/category/id")
                .asText();
        String id = admin().post(
                        "/api/inventory",
                        Map.of(
                                "name",
                                "Replayed " + shortId(),
                                "location",
                                "R",
                                "categoryId",
                                category,
                                "currentStock",
                                9,
                                "minThreshold",
                                2))
                .at("/item/id")
                .asText();
        staff().post(
                        "/api/inventory/" + id + "/stock",
                        Map.of("quantity", 8, "reason", "big order", "type", "deduction"));
        manager().post("/api/inventory/" + id + "/count", Map.of("countedQuantity", 4, "reason", "found more"));
        staff().post(
                        "/api/inventory/" + id + "/stock",
                        Map.of("quantity", 4, "reason", "sold out", "type", "deduction"));
        manager()
                .post(
                        "/api/inventory/" + id + "/stock",
                        Map.of("quantity", 3, "reason", "restock", "type", "addition"));
        admin().put("/api/categories/" + category, Map.of("name", "Renamed " + shortId()));
        otherOrganisationAdmin().post("/api/inventory", Map.of("name", "Elsewhere", "location", "E"));
        awaitCaughtUp();

        Map<String, List<String>> before = snapshot();
        for (var entry : processing.eventProcessors().entrySet()) {
            // Sagas and the alert mailer do not replay (a replay must not alert or mail anyone again).
            if (entry.getValue() instanceof StreamingEventProcessor p && p.supportsReset()) {
                p.shutDown();
                p.resetTokens();
                p.start();
            }
        }
        awaitCaughtUp();
        Map<String, List<String>> after = snapshot();
        for (String table : TABLES) {
            assertThat(after.get(table)).as(table).isNotEmpty().containsExactlyElementsOf(before.get(table));
        }
    }

    private void awaitCaughtUp() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            var health = operator().get("/actuator/processors").body();
            boolean caughtUp = true;
            for (var p : health.get("processors")) {
                caughtUp &= p.get("lag").asLong() == 0 && !p.get("replaying").asBoolean();
            }
            if (caughtUp) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("projections did not catch up");
    }

    /** Every row of every read-model table, read as the owner (who is also bound by the FORCEd policy: so bypass it). */
    private Map<String, List<String>> snapshot() throws Exception {
        var db = TestDatabaseInitializer.database();
        Map<String, List<String>> rows = new HashMap<>();
        try (Connection c = TestServices.postgres().connect(db.database());
                Statement st = c.createStatement()) {
            for (String table : TABLES) {
                List<String> lines = new ArrayList<>();
                String qualified = table.contains(".") ? table : "read." + table;
                try (ResultSet rs = st.executeQuery("select t::text from " + qualified + " t order by t::text")) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
                rows.put(table, lines);
            }
        }
        return rows;
    }
}
