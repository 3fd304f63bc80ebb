package io.stockade.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.audit.proof.Checkpoint;
import io.stockade.audit.proof.ExportWriter;
import io.stockade.audit.proof.InMemoryHashStore;
import io.stockade.audit.proof.LeafEncoding;
import io.stockade.audit.proof.MerkleLog;
import io.stockade.audit.proof.NoteSigner;
import io.stockade.audit.proof.NoteVerifierKey;
import io.stockade.audit.proof.StoredEvent;
import io.stockade.audit.proof.TreeFrontier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar's audit commands, run as main runs them: no Spring context, no data directory, no database. */
class AuditCommandsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int run(String... args) {
        out.reset();
        err.reset();
        return AuditCommands.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPrintAFreshSigningKeyAndItsVerifierKey() {
        assertThat(run("audit", "new-key", "acme-audit")).isZero();
        String[] lines = out().split("\n");
        String secret = lines[0].substring("STOCKADE_AUDIT_SIGNING_KEY=".length());
        NoteSigner signer = NoteSigner.parse(secret);
        assertThat(signer.name()).isEqualTo("acme-audit");
        assertThat(NoteVerifierKey.parse(lines[1].substring("verifier key: ".length())))
                .isEqualTo(signer.verifierKey());
        assertThat(run("audit", "new-key")).isZero();
        assertThat(out()).isNotEqualTo(secret);
    }

    @Test
    void shouldVerifyAnHonestExportOfflineAndNameTheFirstProblemOfATamperedOne() throws Exception {
        NoteSigner signer = NoteSigner.generate("stockade-audit", new SecureRandom());
        String export = export(signer, 9);
        Path file = dir.resolve("export.ndjson");
        Files.writeString(file, export);
        Path keyFile = dir.resolve("audit.pub");
        Files.writeString(keyFile, signer.verifierKey() + "\n");

        assertThat(run(
                        "audit",
                        "verify-export",
                        file.toString(),
                        "--public-key",
                        signer.verifierKey().toString()))
                .as(err())
                .isZero();
        assertThat(out()).startsWith("VERIFIED ").contains("9 events of stockade/acme");
        assertThat(run("audit", "verify-export", file.toString(), "--public-key", keyFile.toString()))
                .isZero();

        String[] lines = export.split("\n", -1);
        lines[5] = lines[5].replace("\"position\":4,", "\"position\":5,");
        Files.writeString(file, String.join("\n", lines));
        assertThat(run("audit", "verify-export", file.toString(), "--public-key", keyFile.toString()))
                .isEqualTo(1);
        assertThat(err()).startsWith("FAILED ").contains("line 6 (position 5)");

        Files.writeString(file, export);
        NoteSigner other = NoteSigner.generate("stockade-audit", new SecureRandom());
        assertThat(run(
                        "audit",
                        "verify-export",
                        file.toString(),
                        "--public-key",
                        other.verifierKey().toString()))
                .isEqualTo(1);
        assertThat(err()).contains("line 1: the checkpoint does not verify");
    }

    @Test
    void shouldAnswerUsageForMissingArgumentsAndABadKey() {
        assertThat(run("audit")).isEqualTo(2);
        assertThat(run("audit", "verify-export", "x.ndjson")).isEqualTo(2);
        assertThat(err()).contains("usage:");
        assertThat(run("audit", "verify-export", "x.ndjson", "--public-key", "not+a+key"))
                .isEqualTo(2);
        assertThat(run("audit", "verify", "--url", "http://example.com")).isEqualTo(2);
    }

    private static String export(NoteSigner signer, int size) throws Exception {
        List<StoredEvent> events = new ArrayList<>();
        TreeFrontier frontier = TreeFrontier.empty();
        InMemoryHashStore store = new InMemoryHashStore();
        for (int i = 0; i < size; i++) {
            StoredEvent e = new StoredEvent(
                    i,
                    "event-" + i,
                    "item-1",
                    i,
                    "InventoryItem",
                    "stockade.inventory.StockAdjusted",
                    "1",
                    "2026-12-07T00:00:00Z",
                    ("{\"quantity\":" + i + "}").getBytes(StandardCharsets.UTF_8),
                    null);
            events.add(e);
            frontier.append(LeafEncoding.leafHash(e), store::put);
        }
        String note = new Checkpoint("stockade/acme", size, frontier.root(), List.of()).sign(signer);
        StringWriter text = new StringWriter();
        ExportWriter writer = new ExportWriter(text, "stockade/acme", Map.of(), Instant.now(), note);
        MerkleLog log = new MerkleLog(store);
        for (int i = 0; i < size; i++) {
            writer.event(i, events.get(i), log.inclusionProof(i, size), null);
        }
        writer.finish();
        return text.toString();
    }
}
