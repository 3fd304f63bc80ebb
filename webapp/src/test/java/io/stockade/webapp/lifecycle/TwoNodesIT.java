package io.stockade.webapp.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.platform.db.DatabaseProvisioner.Provisioned;
import io.stockade.testsupport.TestServices;
import io.stockade.testsupport.process.ClusterSecrets;
import io.stockade.testsupport.process.DataDirs;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.JarProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two application nodes on one external PostgreSQL, as production runs them without Axon Server:
 * one event store, processors whose segments are claimed by one node at a time, and aggregates that
 * either node may change. Deductions from both nodes at once never oversell.
 */
class TwoNodesIT {
    private static final String PASSWORD = "Two-Nodes-Pass1!";
    private Provisioned db;
    private Path dir;
    private final List<JarProcess> nodes = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        db = TestServices.newDatabase();
        dir = DataDirs.create("stockade-nodes-");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (JarProcess node : nodes) {
            node.stopQuietly();
        }
        TestServices.drop(db);
        DataDirs.delete(dir);
    }

    private JarProcess node(String name, Map<String, String> extra) throws Exception {
        Path data = Files.createDirectories(dir.resolve(name));
        Map<String, String> env = JarProcess.onDatabase(db, data, PASSWORD);
        env.putAll(extra);
        JarProcess node = new JarProcess(dir.resolve(name + ".log"), env);
        nodes.add(node);
        return node;
    }

    @Test
    void shouldNeverOversellWhenTwoNodesDeductFromOneItemAtOnce() throws Exception {
        Map<String, String> secrets = ClusterSecrets.generate("shared-link-key-for-both-nodes");
        JarProcess a = node("a", secrets);
        JarProcess b = node("b", secrets);
        JarProcess.startTogether(a, b);

        Api onA = a.login("admin", PASSWORD);
        Api onB = new Api(b.port()).as(onA.token());
        int initial = 120;
        String id = onA.post("/api/inventory", Map.of("name", "Shared", "location", "S", "currentStock", initial))
                .at("/item/id")
                .asText();
        assertThat(onB.get("/api/inventory/" + id).at("/item/currentStock").asInt())
                .isEqualTo(initial);

        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        List<String> unexpected = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
            Api client = c % 2 == 0 ? onA : onB;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 10; i++) {
                    Api.Response r = client.post(
                            "/api/inventory/" + id + "/stock",
                            Map.of("quantity", 1, "reason", "pick", "type", "deduction"));
                    if (r.status() == 200) {
                        accepted.incrementAndGet();
                    } else if (r.status() == 400 && r.at("/type").asText().endsWith("/insufficient-stock")) {
                        refused.incrementAndGet();
                    } else if (r.status() == 409 && r.at("/type").asText().endsWith("/concurrent-modification")) {
                        // A lost race that outlasted the retries: cleanly refused, nothing appended.
                        conflicts.incrementAndGet();
                    } else {
                        unexpected.add(r.toString());
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(unexpected).isEmpty();
        assertThat(accepted.get() + refused.get() + conflicts.get()).isEqualTo(160);
        assertThat(accepted.get()).isLessThanOrEqualTo(initial);
        if (refused.get() > 0) {
            assertThat(accepted.get())
                    .as("refusals only come once the stock is gone")
                    .isEqualTo(initial);
        }
        assertThat(conflicts.get()).as("retries absorb almost every lost race").isLessThan(16);
        int expectedStock = initial - accepted.get();

        long deadline = System.currentTimeMillis() + 20_000;
        int stockOnB;
        int lines;
        do {
            stockOnB = onB.get("/api/inventory/" + id).at("/item/currentStock").asInt();
            lines = onA.get("/api/inventory/" + id + "/history?limit=1")
                    .at("/total")
                    .asInt();
        } while ((stockOnB != expectedStock || lines != accepted.get() + 1) && System.currentTimeMillis() < deadline);
        assertThat(stockOnB).isEqualTo(expectedStock);
        assertThat(lines)
                .as("one ledger line per accepted deduction, plus the initial stock")
                .isEqualTo(accepted.get() + 1);
    }

    @Test
    void shouldRefuseToStartInProductionModeWithGeneratedSecretsAndSayWhy() throws Exception {
        JarProcess prod = node("prod", Map.of("STOCKADE_MODE", "production"));
        assertThat(prod.startExpectingExit(Duration.ofSeconds(90))).isNotZero();
        assertThat(prod.log())
                .contains("Production mode refuses to start")
                .contains("STOCKADE_JWT_PRIVATE_KEY")
                .contains("STOCKADE_AUDIT_SIGNING_KEY")
                .contains("plain HTTP")
                .doesNotContain(db.appPassword())
                .doesNotContain(db.ownerPassword());
    }

    @Test
    void shouldNameTheSettingAndTheRuleWhenTheBootstrapPasswordBreaksThePolicy() throws Exception {
        String badPassword = "admin-Warehouse-2026!";
        JarProcess refused = node("bad-bootstrap", Map.of("STOCKADE_BOOTSTRAP_ADMIN_PASSWORD", badPassword));
        assertThat(refused.startExpectingExit(Duration.ofSeconds(90))).isNotZero();
        assertThat(refused.log())
                .contains("APPLICATION FAILED TO START")
                .contains("STOCKADE_BOOTSTRAP_ADMIN_PASSWORD")
                .contains("Password must not contain the username")
                .contains("seed-003 password policy")
                .doesNotContain("ProblemException")
                .doesNotContain(badPassword);

        // The operator command starts the application too: it says that the default organisation's
        // settings failed, not the new organisation it was asked to create.
        Path passwordFile = dir.resolve("acme-password");
        Files.writeString(passwordFile, "Acme-Warehouse-2026!");
        int exit = refused.run(
                "org",
                "create",
                "--name",
                "Acme",
                "--admin-username",
                "acme-admin",
                "--admin-email",
                "admin@acme.test",
                "--admin-password-file",
                passwordFile.toString());
        assertThat(exit).isEqualTo(1);
        assertThat(refused.log())
                .contains("Could not start Stockade to create the organisation 'Acme' (it was not created)")
                .contains("the default organisation's first Admin cannot be created")
                .doesNotContain("Could not create the organisation 'Acme'")
                .doesNotContain(badPassword)
                .doesNotContain("Acme-Warehouse-2026!");
    }
}
