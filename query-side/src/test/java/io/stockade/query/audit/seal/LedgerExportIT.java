package io.stockade.query.audit.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockade.api.common.TenantId;
import io.stockade.audit.proof.ExportVerifier;
import io.stockade.audit.proof.NoteSigner;
import io.stockade.audit.proof.ProofException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * An export written from a real sealed ledger verifies offline with the public key alone, and one changed byte fails;
 * the database walk behind {@code audit verify --url} passes and then names a tampered row.
 */
class LedgerExportIT {
    private final LedgerDatabase db = new LedgerDatabase();
    private final UUID acme = UUID.randomUUID();
    private final NoteSigner signer = NoteSigner.generate("stockade-audit-test", new SecureRandom());

    @TempDir
    Path checkpointDir;

    @AfterEach
    void drop() {
        db.close();
    }

    private void seal(int events) {
        for (int i = 0; i < events; i++) {
            db.append(acme, "item-" + (i % 4), i / 4, "{\"quantity\":" + i + "}");
            db.append(UUID.randomUUID(), "item-x" + i, 0, "{}");
        }
        Sealer sealer = new Sealer(
                new StoredEventRepository(db.dsl),
                new LedgerRepository(db.dsl),
                db.tx,
                new Checkpoints(signer, checkpointDir),
                new SealSettings(1000L, Duration.ofSeconds(60), checkpointDir, null, 1000, null),
                Clock.fixed(Instant.parse("2026-12-07T03:00:00Z"), ZoneOffset.UTC));
        sealer.registerSigningKey();
        sealer.sealAndCheckpointAll();
    }

    @Test
    void shouldWriteAnExportFromARealLedgerThatVerifiesOfflineAndFailsWhenOneByteChanges() throws Exception {
        seal(13);
        StringWriter out = new StringWriter();
        long written = new LedgerExports(new LedgerRepository(db.dsl), db.tx)
                .writeAll(new TenantId(acme), out, Map.of("all", "true"), Instant.parse("2026-12-07T03:01:00Z"));
        assertThat(written).isEqualTo(13);
        String export = out.toString();
        ExportVerifier.Result result =
                ExportVerifier.verify(new BufferedReader(new StringReader(export)), List.of(signer.verifierKey()));
        assertThat(result.events()).isEqualTo(13);
        assertThat(result.origin()).isEqualTo("stockade/" + acme);

        String[] lines = export.split("\n", -1);
        int at = lines[5].indexOf("\"leafHash\":\"") + 14;
        char c = lines[5].charAt(at);
        lines[5] = lines[5].substring(0, at) + (c == '0' ? '1' : '0') + lines[5].substring(at + 1);
        String tampered = String.join("\n", lines);
        assertThatThrownBy(() -> ExportVerifier.verify(
                        new BufferedReader(new StringReader(tampered)), List.of(signer.verifierKey())))
                .isInstanceOf(ProofException.class)
                .hasMessageStartingWith("line 6 (position ");
    }

    @Test
    void shouldWalkTheDatabaseDirectlyAndNameATamperedRow() throws Exception {
        seal(6);
        DriverManagerDataSource ds = new DriverManagerDataSource(db.url, db.db.appUser(), db.db.appPassword());
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int honest = DatabaseAuditCheck.run(
                ds, List.of(signer.verifierKey()), true, new PrintStream(text, true, StandardCharsets.UTF_8));
        assertThat(honest).as(text.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("OK     stockade/" + acme + ": 6 events");

        long position =
                ((Number) db.dsl.fetchValue("select min(global_index) from axon.domain_event_entry")).longValue();
        try (var c = db.owner();
                var st = c.createStatement()) {
            st.execute("update axon.domain_event_entry set payload = convert_to('{\"quantity\":99}', 'UTF8')"
                    + " where global_index = " + position);
        }
        text.reset();
        int tampered = DatabaseAuditCheck.run(
                ds, List.of(signer.verifierKey()), true, new PrintStream(text, true, StandardCharsets.UTF_8));
        assertThat(tampered).isEqualTo(1);
        assertThat(text.toString(StandardCharsets.UTF_8))
                .contains("FAILED stockade/" + acme)
                .contains("edited at position " + position + " (item-0 #0)");
    }
}
