package io.stockade.webapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchAndLimitsIT extends ApiTestBase {

    @Test
    void shouldCreateManyItemsInOneRequestAndReportConflictsPerItem() {
        String tag = shortId();
        String sku = "BATCH-" + tag;
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            items.add(Map.of("name", "Batch " + tag + " " + i, "location", "B", "currentStock", i, "minThreshold", 3));
        }
        items.add(Map.of("name", "Batch dup a", "location", "B", "sku", sku));
        items.add(Map.of("name", "Batch dup b", "location", "B", "sku", sku));
        Api.Response r = manager().post("/api/inventory/batch", Map.of("items", items));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.at("/created").asInt()).isEqualTo(51);
        // Items run a few at a time: whichever of the two claims the SKU first wins, the other is reported.
        assertThat(r.at("/errors").size()).isEqualTo(1);
        assertThat(r.at("/errors/0/index").asInt()).isIn(50, 51);
        assertThat(r.at("/errors/0/field").asText()).isEqualTo("sku");
        assertThat(staff().post("/api/inventory/batch", Map.of("items", items)).status())
                .isEqualTo(403);
        Api.Response invalid =
                manager().post("/api/inventory/batch", Map.of("items", List.of(Map.of("location", "B"))));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.at("/errors/0/field").asText()).contains("name");
        assertThat(manager()
                        .post("/api/inventory/batch", Map.of("items", List.of()))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void shouldRefuseOversizedBodiesWith413() {
        String huge = "{\"name\":\"" + "x".repeat(3 * 1024 * 1024) + "\",\"location\":\"A\"}";
        Api.Response r = admin().postRaw("/api/inventory", "application/json", huge);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void shouldPublishTheOpenApiDocumentInEmbeddedMode() {
        Api.Response docs = anonymous().get("/api/docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.at("/openapi").asText()).startsWith("3.");
        assertThat(docs.at("/paths").has("/api/inventory/{id}/stock")).isTrue();
    }
}
