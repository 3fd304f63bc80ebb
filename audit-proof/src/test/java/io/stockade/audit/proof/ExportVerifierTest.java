package io.stockade.audit.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An honest export verifies with the key alone; a change to any one byte of it fails, naming where. */
class ExportVerifierTest {
    private static final String ORIGIN = "stockade/7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private final NoteSigner signer = NoteSigner.generate("stockade-audit", new SecureRandom());

    private String export(int size, List<Integer> rows) throws Exception {
        List<StoredEvent> events = new ArrayList<>();
        TreeFrontier frontier = TreeFrontier.empty();
        InMemoryHashStore store = new InMemoryHashStore();
        for (int i = 0; i < size; i++) {
            StoredEvent e = new StoredEvent(
                    100 + 3L * i,
                    "0b3f6c2e-8d7a-4f6e-9a51-2c7d1e0f4a" + String.format("%02d", i),
                    "item-" + (i % 3),
                    i / 3,
                    "InventoryItem",
                    "stockade.inventory.StockAdjusted",
                    i % 2 == 0 ? null : "1",
                    "2026-12-06T10:15:30.123Z",
                    ("{\"quantity\":" + i + ",\"reason\":\"sealed:\\u00e9\"}").getBytes(StandardCharsets.UTF_8),
                    i % 4 == 0 ? null : "{\"tenantId\":\"7c9e6679\"}".getBytes(StandardCharsets.UTF_8));
            events.add(e);
            frontier.append(LeafEncoding.leafHash(e), store::put);
        }
        String note = new Checkpoint(ORIGIN, size, frontier.root(), List.of("time 2026-12-07T03:00:00Z")).sign(signer);
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put("aggregateId", "item-1");
        StringWriter out = new StringWriter();
        ExportWriter writer = new ExportWriter(out, ORIGIN, filter, Instant.parse("2026-12-07T03:00:01Z"), note);
        MerkleLog log = new MerkleLog(store);
        for (int i : rows) {
            writer.event(i, events.get(i), log.inclusionProof(i, size), "{\"quantity\":" + i + "}");
        }
        assertThat(writer.finish()).isEqualTo(rows.size());
        return out.toString();
    }

    private ExportVerifier.Result verify(String export) throws Exception {
        return ExportVerifier.verify(new BufferedReader(new StringReader(export)), Set.of(signer.verifierKey()));
    }

    @Test
    void shouldPassAnHonestExportWithTheKeyAlone() throws Exception {
        ExportVerifier.Result result = verify(export(11, List.of(1, 4, 7, 10)));
        assertThat(result.events()).isEqualTo(4);
        assertThat(result.treeSize()).isEqualTo(11);
        assertThat(result.origin()).isEqualTo(ORIGIN);
    }

    @Test
    void shouldPassAnExportOfNoRowsAndOfEveryRow() throws Exception {
        assertThat(verify(export(5, List.of())).events()).isZero();
        assertThat(verify(export(5, List.of(0, 1, 2, 3, 4))).events()).isEqualTo(5);
    }

    @Test
    void shouldFailWhenOneByteOfAStoredEventChangesAndNameTheRow() throws Exception {
        String honest = export(11, List.of(1, 4, 7, 10));
        String[] lines = honest.split("\n", -1);
        // Decode row 2's stored bytes, change one payload byte, encode again (a valid base64 of other bytes).
        String line = lines[2];
        String stored = line.replaceAll(".*\"stored\":\"([^\"]+)\".*", "$1");
        byte[] bytes = Base64.getDecoder().decode(stored);
        bytes[bytes.length - 30] ^= 1;
        lines[2] = line.replace(stored, Base64.getEncoder().encodeToString(bytes));
        String tampered = String.join("\n", lines);
        assertThatThrownBy(() -> verify(tampered))
                .isInstanceOf(ProofException.class)
                .hasMessageStartingWith("line 3 (position 112): ");
    }

    @Test
    void shouldFailOnEveryOneByteChangeAnywhereInTheFile() throws Exception {
        String honest = export(4, List.of(0, 3));
        byte[] bytes = honest.getBytes(StandardCharsets.UTF_8);
        int failures = 0;
        List<Integer> passed = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            byte[] copy = bytes.clone();
            copy[i] = (byte) (copy[i] == 'A' ? 'B' : 'A');
            String text = new String(copy, StandardCharsets.UTF_8);
            try {
                verify(text);
                passed.add(i);
            } catch (ProofException e) {
                failures++;
            }
        }
        // Only bytes nothing is proven about may change: the export time, the filter and the decoded copy for people.
        // Everything proven fails.
        String unproven = honest;
        for (int i : passed) {
            assertThat(isInUnprovenField(unproven, i))
                    .as("byte %d (%s) changed and the export still verified", i, around(unproven, i))
                    .isTrue();
        }
        assertThat(failures).isGreaterThan(bytes.length / 2);
    }

    @Test
    void shouldRefuseAnExportSignedByAnotherKeyOrTruncated() throws Exception {
        String honest = export(6, List.of(0, 2, 5));
        NoteVerifierKey other =
                NoteSigner.generate("stockade-audit", new SecureRandom()).verifierKey();
        assertThatThrownBy(() -> ExportVerifier.verify(new BufferedReader(new StringReader(honest)), Set.of(other)))
                .hasMessageContaining("line 1: the checkpoint does not verify");
        String truncated = honest.substring(0, honest.lastIndexOf("{\"type\":\"end\""));
        assertThatThrownBy(() -> verify(truncated)).hasMessageContaining("without its end line");
    }

    private static boolean isInUnprovenField(String text, int index) {
        for (String field : List.of("\"exportedAt\":\"", "\"filter\":{", "\"event\":{")) {
            int from = 0;
            while ((from = text.indexOf(field, from)) >= 0) {
                int end = text.indexOf(field.endsWith("{") ? "}" : "\"", from + field.length());
                if (index >= from && index <= end) {
                    return true;
                }
                from = end;
            }
        }
        return false;
    }

    private static String around(String text, int i) {
        return text.substring(Math.max(0, i - 20), Math.min(text.length(), i + 20));
    }
}
