package io.stockade.webapp.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockade.audit.proof.Checkpoint;
import io.stockade.audit.proof.ExportCsvVerifier;
import io.stockade.audit.proof.ExportVerifier;
import io.stockade.audit.proof.NoteVerifierKey;
import io.stockade.audit.proof.ProofException;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The export of the audit history (issue 14 §1): NDJSON that the offline verifier (the code path of {@code java -jar
 * stockade.jar audit verify-export}) accepts with the public key the API serves and refuses, naming the line, once one
 * byte changes; CSV with the same proofs in formula-defused cells; roles, bad input, and another organisation.
 */
class AuditExportIT extends ApiTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An item with three movements (one with a reason a spreadsheet would run), all indexed. */
    private String itemWithMovements() {
        String item = createItem("Exported " + shortId(), 5, 1).get("id").asText();
        for (Map<String, Object> move : List.of(
                Map.<String, Object>of("quantity", 3, "reason", "delivery", "type", "addition"),
                Map.<String, Object>of("quantity", 1, "reason", "=HYPERLINK(\"http://x\")", "type", "deduction"),
                Map.<String, Object>of("quantity", 2, "reason", "+sold, twice", "type", "deduction"))) {
            Api.Response r = manager().post("/api/inventory/" + item + "/stock", move);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
        eventually(() -> assertThat(auditor()
                        .get("/api/audit/events?aggregateId=" + item + "&type=StockAdjusted")
                        .body()
                        .get("events")
                        .size())
                .isGreaterThanOrEqualTo(3));
        return item;
    }

    private NoteVerifierKey publicKey() {
        Api.Response key = auditor().get("/api/audit/public-key");
        assertThat(key.status()).isEqualTo(200);
        return NoteVerifierKey.parse(key.raw().strip());
    }

    private static ExportVerifier.Result verify(String export, NoteVerifierKey key) throws Exception {
        return ExportVerifier.verify(new BufferedReader(new StringReader(export)), List.of(key));
    }

    private static List<Long> positions(JsonNode page) {
        List<Long> positions = new ArrayList<>();
        page.get("events").forEach(e -> positions.add(e.get("position").asLong()));
        return positions;
    }

    @Test
    void shouldExportFilteredEventsAsNdjsonThatVerifyOfflineAndFailNamingTheRowWhenOneByteChanges() throws Exception {
        String item = itemWithMovements();
        NoteVerifierKey key = publicKey();
        List<Long> expected = positions(
                auditor().get("/api/audit/events?limit=500&aggregateId=" + item).body());

        Api.Response export = auditor().get("/api/audit/events?format=ndjson&aggregateId=" + item);
        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("application/x-ndjson");
        assertThat(export.header("Content-Disposition")).startsWith("attachment; filename=\"audit-events-");
        String file = export.raw();

        ExportVerifier.Result result = verify(file, key);
        assertThat(result.events()).isEqualTo(expected.size());

        String[] lines = file.split("\n", -1);
        JsonNode header = JSON.readTree(lines[0]);
        assertThat(header.get("format").asText()).isEqualTo("stockade-audit-export/1");
        assertThat(header.get("origin").asText()).startsWith("stockade/").isEqualTo(result.origin());
        assertThat(header.at("/filter/aggregateId").asText()).isEqualTo(item);
        assertThat(header.get("exportedAt").asText()).isNotBlank();
        List<Long> exported = new ArrayList<>();
        for (int i = 1; i <= expected.size(); i++) {
            JsonNode row = JSON.readTree(lines[i]);
            exported.add(row.get("position").asLong());
            assertThat(row.at("/event/aggregateId").asText()).isEqualTo(item);
            assertThat(row.at("/event/payload").isObject()).isTrue();
        }
        assertThat(exported)
                .as("the checkpoint the export forced covers its last row")
                .isEqualTo(expected);
        assertThat(file).contains("\"reason\":\"=HYPERLINK(\\\"http://x\\\")\"");

        // One byte of one row's stored bytes changed: the leaf hash no longer matches, and the line is named.
        JsonNode third = JSON.readTree(lines[2]);
        String stored = third.get("stored").asText();
        byte[] bytes = Base64.getDecoder().decode(stored);
        bytes[bytes.length - 3] ^= 0x01;
        lines[2] = lines[2].replace(stored, Base64.getEncoder().encodeToString(bytes));
        String tampered = String.join("\n", lines);
        assertThatThrownBy(() -> verify(tampered, key))
                .isInstanceOf(ProofException.class)
                .hasMessageStartingWith(
                        "line 3 (position " + third.get("position").asLong());

        // The Accept header asks for the same file.
        Api.Response byAccept =
                admin().get("/api/audit/events?aggregateId=" + item, Map.of("Accept", "application/x-ndjson"));
        assertThat(byAccept.status()).as(byAccept.toString()).isEqualTo(200);
        assertThat(byAccept.header("Content-Type")).startsWith("application/x-ndjson");
        assertThat(verify(byAccept.raw(), key).events()).isEqualTo(expected.size());

        JsonNode log =
                auditor().get("/api/audit/access-log?order=desc&limit=20").body();
        boolean recorded = false;
        for (JsonNode entry : log.get("entries")) {
            if (entry.get("endpoint").asText().equals("GET /api/audit/events")
                    && "ndjson".equals(entry.at("/parameters/format").asText())
                    && item.equals(entry.at("/parameters/aggregateId").asText())) {
                recorded = true;
            }
        }
        assertThat(recorded).as("the export is in the access log: %s", log).isTrue();
    }

    /** The cells of one CSV record starting at {@code text[at]}; answers the index after it. */
    private static int record(String text, int at, List<String> cells) {
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        int i = at;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && text.startsWith("\r\n", i)) {
                cells.add(cell.toString());
                return i + 2;
            } else {
                cell.append(c);
            }
            i++;
        }
        cells.add(cell.toString());
        return i;
    }

    private static List<List<String>> csv(String text) {
        List<List<String>> rows = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            List<String> cells = new ArrayList<>();
            at = record(text, at, cells);
            rows.add(cells);
        }
        return rows;
    }

    /** Undoes the apostrophe formula defusing put before a cell a spreadsheet would run. */
    private static String undefused(String cell) {
        return cell.startsWith("'") && cell.length() > 1 && "=+-@\t\r".indexOf(cell.charAt(1)) >= 0
                ? cell.substring(1)
                : cell;
    }

    @Test
    void shouldExportCsvWithTheSameProofsAndDefusedCells() throws Exception {
        String item = itemWithMovements();
        NoteVerifierKey key = publicKey();
        Api.Response export = auditor().get("/api/audit/events?format=csv&aggregateId=" + item + "&type=StockAdjusted");
        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("text/csv");
        List<List<String>> rows = csv(export.raw());

        assertThat(rows.get(0)).containsExactly("#format", "stockade-audit-export-csv/1");
        Map<String, String> head = new LinkedHashMap<>();
        int r = 0;
        while (rows.get(r).get(0).startsWith("#")) {
            head.put(rows.get(r).get(0), rows.get(r).size() > 1 ? rows.get(r).get(1) : "");
            r++;
        }
        assertThat(head).containsKeys("#origin", "#organisation", "#exportedAt", "#filter", "#treeSize", "#checkpoint");
        assertThat(head.get("#origin")).isEqualTo("stockade/" + head.get("#organisation"));
        assertThat(JSON.readTree(head.get("#filter")).get("type").asText()).isEqualTo("StockAdjusted");
        Checkpoint checkpoint = Checkpoint.open(head.get("#checkpoint"), List.of(key));
        assertThat(checkpoint.treeSize()).isEqualTo(Long.parseLong(head.get("#treeSize")));

        List<String> columns = rows.get(r);
        assertThat(columns)
                .startsWith("position", "leafIndex", "aggregateType", "aggregateId")
                .endsWith("payload", "leafHash", "stored", "proof");
        List<List<String>> data = rows.subList(r + 1, rows.size() - 1);
        assertThat(rows.get(rows.size() - 1)).containsExactly("#end", Integer.toString(data.size()));
        assertThat(data).hasSizeGreaterThanOrEqualTo(3);
        List<String> reasons = new ArrayList<>();
        for (List<String> row : data) {
            assertThat(row).hasSize(columns.size());
            assertThat(row.get(columns.indexOf("aggregateId"))).isEqualTo(item);
            reasons.add(row.get(columns.indexOf("reason")));
        }

        // The same proofs, checked by the offline verifier's CSV reader (what verify-export runs on a CSV file).
        ExportVerifier.Result result =
                ExportCsvVerifier.verify(new BufferedReader(new StringReader(export.raw())), List.of(key));
        assertThat(result.events()).isEqualTo(data.size());
        assertThat(result.treeSize()).isEqualTo(checkpoint.treeSize());
        List<String> second = data.get(1);
        String stored = undefused(second.get(columns.indexOf("stored")));
        byte[] bytes = Base64.getDecoder().decode(stored);
        bytes[bytes.length - 3] ^= 0x01;
        String tampered = export.raw().replace(stored, Base64.getEncoder().encodeToString(bytes));
        assertThatThrownBy(() -> ExportCsvVerifier.verify(new BufferedReader(new StringReader(tampered)), List.of(key)))
                .isInstanceOf(ProofException.class)
                .hasMessageStartingWith("record " + (r + 3) + " (position " + second.get(columns.indexOf("position")));
        assertThat(reasons).contains("'=HYPERLINK(\"http://x\")", "'+sold, twice", "delivery");
    }

    @Test
    void shouldRefuseOtherRolesAndBadInputAndShowAnotherOrganisationNothingOfOurs() throws Exception {
        String item = itemWithMovements();
        for (String path : List.of("/api/audit/events?format=ndjson", "/api/audit/events?format=csv")) {
            assertThat(staff().get(path).status()).as(path).isEqualTo(403);
            assertThat(manager().get(path).status()).as(path).isEqualTo(403);
            assertThat(anonymous().get(path).status()).as(path).isEqualTo(401);
        }
        assertThat(staff().get("/api/audit/events", Map.of("Accept", "application/x-ndjson"))
                        .status())
                .isEqualTo(403);

        Map<String, String> bad = Map.of(
                "/api/audit/events?format=xml", "format",
                "/api/audit/events?format=ndjson&userId=nobody", "userId",
                "/api/audit/events?format=csv&from=yesterday", "from");
        bad.forEach((path, field) -> {
            Api.Response refused = auditor().get(path);
            assertThat(refused.status()).as(path).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.at("/errors/0/field").asText()).as(path).isEqualTo(field);
        });

        Api other = otherOrganisationAdmin();
        Api.Response theirs = other.get("/api/audit/events?format=ndjson&aggregateId=" + item);
        assertThat(theirs.status()).as(theirs.toString()).isEqualTo(200);
        ExportVerifier.Result result = verify(theirs.raw(), publicKey());
        assertThat(result.events())
                .as("our item's events are not in their export")
                .isZero();
        Api.Response all = other.get("/api/audit/events?format=csv");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.raw()).doesNotContain(item);
        String ours = verify(
                        auditor()
                                .get("/api/audit/events?format=ndjson&aggregateId=" + item)
                                .raw(),
                        publicKey())
                .origin();
        assertThat(result.origin()).as("their export is of their own log").isNotEqualTo(ours);
    }
}
