package io.stockade.audit.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The CSV form of an export (FORMAT.md §7) verifies with the key alone, its formula-defused cells read back, and one
 * changed byte, a reordered or missing record, or another key fails, naming the record.
 */
class ExportCsvVerifierTest {
    private static final String ORIGIN = "stockade/7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private final NoteSigner signer = NoteSigner.generate("stockade-audit", new SecureRandom());

    /** A CSV cell as the exports write it: a formula-like cell gets an apostrophe, and is quoted when needed. */
    private static String cell(String v) {
        String s = !v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.startsWith("'")
                ? "\"" + s.replace("\"", "\"\"") + "\""
                : s;
    }

    private static String row(String... cells) {
        List<String> out = new ArrayList<>();
        for (String c : cells) {
            out.add(cell(c));
        }
        return String.join(",", out) + "\r\n";
    }

    /** A log of {@code size} events and the CSV export of {@code rows} of them (a formula in every reason). */
    private String export(int size, List<Integer> rows) {
        List<StoredEvent> events = new ArrayList<>();
        TreeFrontier frontier = TreeFrontier.empty();
        InMemoryHashStore store = new InMemoryHashStore();
        for (int i = 0; i < size; i++) {
            StoredEvent e = new StoredEvent(
                    100 + 2L * i,
                    "event-" + i,
                    "item-" + (i % 3),
                    i / 3,
                    "InventoryItem",
                    "stockade.inventory.StockAdjusted",
                    null,
                    "2026-12-06T10:15:30.123Z",
                    ("{\"quantity\":" + i + "}").getBytes(StandardCharsets.UTF_8),
                    null);
            events.add(e);
            frontier.append(LeafEncoding.leafHash(e), store::put);
        }
        String note = new Checkpoint(ORIGIN, size, frontier.root(), List.of("time 2026-12-07T03:00:00Z")).sign(signer);
        StringBuilder csv = new StringBuilder()
                .append(row("#format", ExportCsvVerifier.FORMAT))
                .append(row("#origin", ORIGIN))
                .append(row("#exportedAt", Instant.parse("2026-12-07T03:00:01Z").toString()))
                .append(row("#filter", "{\"type\":\"StockAdjusted\"}"))
                .append(row("#treeSize", Long.toString(size)))
                .append(row("#checkpoint", note))
                .append(row("position", "leafIndex", "reason", "leafHash", "stored", "proof"));
        MerkleLog log = new MerkleLog(store);
        for (int i : rows) {
            byte[] leaf = LeafEncoding.encode(events.get(i));
            List<String> proof = new ArrayList<>();
            log.inclusionProof(i, size).forEach(h -> proof.add(h.toBase64()));
            csv.append(row(
                    Long.toString(events.get(i).globalIndex()),
                    Integer.toString(i),
                    "=SUM(A1:A" + i + "), sold",
                    MerkleHasher.leafHash(leaf).toHex(),
                    Base64.getEncoder().encodeToString(leaf),
                    String.join(" ", proof)));
        }
        return csv.append(row("#end", Integer.toString(rows.size()))).toString();
    }

    private ExportVerifier.Result verify(String export) throws Exception {
        return ExportCsvVerifier.verify(new BufferedReader(new StringReader(export)), Set.of(signer.verifierKey()));
    }

    @Test
    void shouldPassAnHonestCsvExportWithTheKeyAlone() throws Exception {
        ExportVerifier.Result result = verify(export(13, List.of(0, 4, 7, 12)));
        assertThat(result.events()).isEqualTo(4);
        assertThat(result.treeSize()).isEqualTo(13);
        assertThat(result.origin()).isEqualTo(ORIGIN);
        assertThat(verify(export(1, List.of(0))).events())
                .as("a tree of one leaf: an empty proof")
                .isEqualTo(1);
        assertThat(verify(export(5, List.of())).events()).isZero();
        assertThat(ExportCsvVerifier.undefused("'+abc")).isEqualTo("+abc");
        assertThat(ExportCsvVerifier.undefused("'abc")).isEqualTo("'abc");
    }

    @Test
    void shouldFailWhenOneByteOfAStoredCellChangesAndNameTheRecord() throws Exception {
        String honest = export(13, List.of(0, 4, 7, 12));
        String[] records = honest.split("\r\n", -1);
        // Records: 1-6 header (the note's line breaks are inside its cell), 7 columns, 8.. events.
        int at = -1;
        for (int i = 0; i < records.length; i++) {
            if (records[i].startsWith("114,7,")) {
                at = i;
            }
        }
        String[] cells = records[at].split(",", -1);
        String stored = cells[cells.length - 2];
        byte[] bytes = Base64.getDecoder().decode(stored);
        bytes[bytes.length - 6] ^= 0x20; // the payload's last byte (meta_data, NULL, is the last 4)
        String tampered = honest.replace(stored, Base64.getEncoder().encodeToString(bytes));
        assertThatThrownBy(() -> verify(tampered))
                .isInstanceOf(ProofException.class)
                .hasMessage("record 10 (position 114): the stored bytes do not hash to the row's leaf hash");
    }

    @Test
    void shouldRefuseAnotherKeyATruncatedFileAndRowsOutOfOrder() throws Exception {
        String honest = export(13, List.of(0, 4, 7, 12));
        NoteSigner other = NoteSigner.generate("stockade-audit", new SecureRandom());
        assertThatThrownBy(() -> ExportCsvVerifier.verify(
                        new BufferedReader(new StringReader(honest)), Set.of(other.verifierKey())))
                .isInstanceOf(ProofException.class)
                .hasMessageStartingWith("header: the checkpoint does not verify");
        String truncated = honest.substring(0, honest.indexOf("#end"));
        assertThatThrownBy(() -> verify(truncated))
                .isInstanceOf(ProofException.class)
                .hasMessageContaining("without its #end record");
        String counted = honest.replace("#end,4", "#end,3");
        assertThatThrownBy(() -> verify(counted))
                .isInstanceOf(ProofException.class)
                .hasMessageContaining("#end");
        String[] records = honest.split("\r\n", -1);
        List<String> swapped = new ArrayList<>(List.of(records));
        int first = swapped.indexOf(
                swapped.stream().filter(r -> r.startsWith("108,4,")).findFirst().orElseThrow());
        swapped.add(first + 1, swapped.remove(first));
        assertThatThrownBy(() -> verify(String.join("\r\n", swapped)))
                .isInstanceOf(ProofException.class)
                .hasMessageContaining("rows are not in log order");
    }
}
