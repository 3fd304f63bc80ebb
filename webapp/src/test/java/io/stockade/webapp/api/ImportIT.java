package io.stockade.webapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code POST /api/inventory/import}: every row checked like a single create, two modes, idempotent. */
class ImportIT extends ApiTestBase {
    private static final String HEADER =
            "name,sku,location,category,subCategory,shelf,description,currentStock,minThreshold\r\n";

    private static Map<String, String> key() {
        return Map.of("Idempotency-Key", "import-" + UUID.randomUUID());
    }

    private List<JsonNode> items(String search) {
        Api.Response r =
                admin().get("/api/inventory?limit=100&search=" + URLEncoder.encode(search, StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.at("/items").forEach(out::add);
        return out;
    }

    private JsonNode awaitFinished(String id) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            Api.Response r = manager().get("/api/inventory/import/" + id);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            if (!r.at("/status").asText().equals("running")) {
                return r.body();
            }
            assertThat(System.currentTimeMillis())
                    .as("import still running: " + r)
                    .isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void shouldReportEveryInvalidRowOnADryRunAndCreateNothing() {
        String tag = "Imp" + shortId();
        String category = "Tools " + tag;
        String parent = manager()
                .post("/api/categories", Map.of("name", category))
                .at("/category/id")
                .asText();
        manager().post("/api/categories", Map.of("name", "Drills " + tag, "parentId", parent));
        manager().post("/api/categories", Map.of("name", "Other " + tag));
        String existingSku = "EX-" + shortId();
        admin().post("/api/inventory", Map.of("name", "Existing " + tag, "location", "A1", "sku", existingSku));

        String csv = HEADER
                + tag + " ok,," + "A1,\"" + category + "\",Drills " + tag + ",S1,\"Quoted, with comma\",5,2\r\n"
                + ",,A1,,,,,1,1\r\n" // 3: no name
                + tag + " bad number,,A1,,,,,lots,1\r\n" // 4: stock not a number
                + tag + " negative,,A1,,,,,-4,1\r\n" // 5: negative stock
                + tag + " unknown category,,A1,Nowhere " + tag + ",,,,1,1\r\n" // 6
                + tag + " wrong sub,,A1,Other " + tag + ",Drills " + tag + ",,,1,1\r\n" // 7
                + tag + " sku 1,DUP-" + tag + ",A1,,,,,1,1\r\n" // 8
                + tag + " sku 2,dup-" + tag + ",A1,,,,,1,1\r\n" // 9: same SKU, other case
                + tag + " taken,\"" + existingSku + "\",A1,,,,,1,1\r\n" // 10: SKU of another item
                + tag + " short row,,A1\r\n"; // 11: cells missing
        Api.Response dry = manager().postRaw("/api/inventory/import?dryRun=true", "text/csv", csv, key());
        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        assertThat(dry.at("/status").asText()).isEqualTo("validated");
        assertThat(dry.at("/totalRows").asInt()).isEqualTo(10);
        assertThat(dry.at("/validRows").asInt()).isEqualTo(2);
        assertThat(dry.at("/invalidRows").asInt()).isEqualTo(8);
        Map<Integer, String> fields = new TreeMap<>();
        dry.at("/errors")
                .forEach(e -> fields.put(e.get("row").asInt(), e.get("field").asText()));
        // Rows are numbered as a spreadsheet shows the file: the header is row 1.
        assertThat(fields)
                .containsEntry(3, "name")
                .containsEntry(4, "currentStock")
                .containsEntry(5, "currentStock")
                .containsEntry(6, "category")
                .containsEntry(7, "subCategory")
                .containsEntry(9, "sku")
                .containsEntry(10, "sku")
                .containsEntry(11, "*")
                .doesNotContainKeys(1, 2, 8);
        assertThat(items(tag)).extracting(i -> i.get("name").asText()).containsExactly("Existing " + tag);

        String report = new String(
                manager()
                        .getBytes("/api/inventory/import/" + dry.at("/id").asText() + "/errors.csv")
                        .body(),
                StandardCharsets.UTF_8);
        assertThat(report).startsWith("row,field,message\r\n").contains("9,sku,SKU 'dup-" + tag + "' is also on row 8");
        assertThat(report.split("\r\n")).hasSize(9);
    }

    @Test
    void shouldRefuseTheWholeFileInAllOrNothingModeAndCreateOnlyValidRowsOtherwise() {
        String tag = "Imp" + shortId();
        String csv =
                HEADER + tag + " one,,A1,,,,,3,1\r\n" + tag + " two,,A1,,,,,-1,1\r\n" + tag + " three,,B2,,,,,0,0\r\n";

        Api.Response refused = manager().postRaw("/api/inventory/import?mode=all-or-nothing", "text/csv", csv, key());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.at("/import/status").asText()).isEqualTo("failed");
        assertThat(refused.at("/errors/0/field").asText()).isEqualTo("rows[3].currentStock");
        assertThat(items(tag)).isEmpty();

        Map<String, String> key = key();
        Api.Response accepted = manager().postRaw("/api/inventory/import?mode=valid-rows-only", "text/csv", csv, key);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String id = accepted.at("/id").asText();
        assertThat(accepted.header("Location")).isEqualTo("/api/inventory/import/" + id);
        JsonNode done = awaitFinished(id);
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("created").asInt()).isEqualTo(2);
        assertThat(done.get("processed").asInt()).isEqualTo(2);
        eventually(() -> assertThat(items(tag))
                .extracting(i -> i.get("name").asText())
                .containsExactlyInAnyOrder(tag + " one", tag + " three"));

        // The same upload again (a retry after a lost response) is the same job: nothing is created twice.
        Api.Response again = manager().postRaw("/api/inventory/import?mode=valid-rows-only", "text/csv", csv, key);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.at("/id").asText()).isEqualTo(id);
        Api.Response other = manager()
                .postRaw(
                        "/api/inventory/import?mode=valid-rows-only",
                        "text/csv",
                        csv + tag + " four,,A1,,,,,1,1\r\n",
                        key);
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.at("/type").asText()).endsWith("idempotency-key-reused");
        assertThat(items(tag)).hasSize(2);
    }

    @Test
    void shouldKeepFormulaLikeTextAsDataAndDefuseItInEveryCsvItWrites() {
        String tag = "Imp" + shortId();
        // Exported cells come back with the apostrophe the export put before them; it is taken off again.
        String csv = "Name,Location,Current Stock\n"
                + "\"=HYPERLINK(\"\"http://evil.test\"\",\"\"" + tag + "\"\")\",A1,1\n"
                + "+SUM(1) " + tag + ",A1,1\n"
                + "-10 " + tag + ",A1,1\n"
                + "@cmd " + tag + ",A1,1\n"
                + "'=1+1 " + tag + ",A1,1\n";
        Api.Response accepted = manager().postRaw("/api/inventory/import?mode=all-or-nothing", "text/csv", csv, key());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(awaitFinished(accepted.at("/id").asText()).get("created").asInt())
                .isEqualTo(5);
        eventually(() -> assertThat(items(tag))
                .extracting(i -> i.get("name").asText())
                .containsExactlyInAnyOrder(
                        "=HYPERLINK(\"http://evil.test\",\"" + tag + "\")",
                        "+SUM(1) " + tag,
                        "-10 " + tag,
                        "@cmd " + tag,
                        "=1+1 " + tag));

        eventually(() -> {
            String export = new String(
                    manager().getBytes("/api/transactions?format=csv").body(), StandardCharsets.UTF_8);
            assertThat(export)
                    .contains("\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"" + tag + "\"\")\"")
                    .contains("\"'+SUM(1) " + tag + "\"")
                    .contains("\"'-10 " + tag + "\"")
                    .contains("\"'@cmd " + tag + "\"")
                    .contains("\"'=1+1 " + tag + "\"");
            for (String line : export.split("\r\n")) {
                for (String cell : line.split(",")) {
                    assertThat(cell).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("@");
                }
            }
        });
    }

    @Test
    void shouldRefuseBadRequestsClearly() {
        String csv = HEADER + "X,,A1,,,,,1,1\r\n";
        assertThat(staff().postRaw("/api/inventory/import", "text/csv", csv, key())
                        .status())
                .isEqualTo(403);
        assertThat(auditor()
                        .postRaw("/api/inventory/import", "text/csv", csv, key())
                        .status())
                .isEqualTo(403);

        Api.Response noKey = manager().postRaw("/api/inventory/import", "text/csv", csv);
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.at("/errors/0/field").asText()).isEqualTo("Idempotency-Key");

        Api.Response unknownColumn =
                manager().postRaw("/api/inventory/import", "text/csv", "name,location,colour\nX,A1,red\n", key());
        assertThat(unknownColumn.status()).isEqualTo(422);
        assertThat(unknownColumn.at("/detail").asText()).contains("colour");
        assertThat(unknownColumn.at("/errors/0/field").asText()).isEqualTo("file");

        Api.Response broken =
                manager().postRaw("/api/inventory/import", "text/csv", "name,location\n\"never closed,A1\n", key());
        assertThat(broken.status()).isEqualTo(422);
        assertThat(broken.at("/detail").asText()).contains("never closed");

        Api.Response empty = manager().postRaw("/api/inventory/import", "text/csv", "", key());
        assertThat(empty.status()).isEqualTo(400);
        Api.Response badMode = manager().postRaw("/api/inventory/import?mode=some", "text/csv", csv, key());
        assertThat(badMode.status()).isEqualTo(400);
        assertThat(badMode.at("/errors/0/field").asText()).isEqualTo("mode");

        Api.Response other = otherOrganisationAdmin()
                .get("/api/inventory/import/"
                        + manager()
                                .postRaw("/api/inventory/import?dryRun=true", "text/csv", csv, key())
                                .at("/id")
                                .asText());
        assertThat(other.status()).isEqualTo(404);
    }
}
