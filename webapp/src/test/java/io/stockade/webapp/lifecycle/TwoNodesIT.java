package io.stockade.webapp.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.platform.db.DatabaseProvisioner.Provisioned;
import io.stockade.testsupport.TestServices;
import io.stockade.testsupport.process.ClusterSecrets;
import io.stockade.testsupport.process.DataDirs;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.JarProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
        String keep = System.getProperty("stockade.nodes.keepLogs");
        if (keep != null) {
            // The node logs are the evidence of a failing run: kept where asked before the data directory goes.
            Path target = Files.createDirectories(Path.of(keep).resolve(String.valueOf(System.currentTimeMillis())));
            try (var logs = Files.list(dir)) {
                for (Path log : logs.filter(f -> f.toString().endsWith(".log")).toList()) {
                    Files.copy(log, target.resolve(log.getFileName()));
                }
            }
        }
        TestServices.drop(db);
        DataDirs.delete(dir);
    }

    private JarProcess node(String name, Map<String, String> extra) throws Exception {
        Path data = Files.createDirectories(dir.resolve(name));
        Map<String, String> env = JarProcess.onDatabase(db, data, PASSWORD);
        env.putAll(extra);
        // Two jars start at once on a shared machine: well beyond the default two minutes under load.
        JarProcess node = new JarProcess(dir.resolve(name + ".log"), env).startTimeout(Duration.ofMinutes(8));
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

    /**
     * Each node keeps the items it decided on in its own cache. A node whose copy misses the other node's
     * movements decides on the stored item: an addition is accepted (no 409 after the retries), a deduction only
     * the other node's addition covers is accepted, and a deduction the stored item cannot afford is refused as
     * insufficient stock, never as a conflict (issue 15).
     */
    @Test
    void shouldDecideOnTheStoredItemWhenTheOtherNodeMovedItSinceThisNodeCachedIt() throws Exception {
        Map<String, String> env = ClusterSecrets.generate("shared-link-key-for-both-nodes");
        JarProcess a = node("a", env);
        JarProcess b = node("b", env);
        JarProcess.startTogether(a, b);
        warmUp(a);
        warmUp(b);
        Api onA = a.login("admin", PASSWORD);
        Api onB = new Api(b.port()).as(onA.token());
        String id = onA.post("/api/inventory", Map.of("name", "Stale", "location", "S", "currentStock", 5))
                .at("/item/id")
                .asText();
        List<String> wrong = new ArrayList<>();
        // A caches the item at 6; B moves it on three times; then a plain addition on A's stale copy, and on B's.
        expect(wrong, "A+1", move(onA, id, "addition", 1), 200, 6);
        expect(wrong, "B+1", move(onB, id, "addition", 1), 200, 7);
        expect(wrong, "B+1", move(onB, id, "addition", 1), 200, 8);
        expect(wrong, "B+1", move(onB, id, "addition", 1), 200, 9);
        expect(wrong, "A+1 stale", move(onA, id, "addition", 1), 200, 10);
        expect(wrong, "B+10 stale", move(onB, id, "addition", 10), 200, 20);
        // A's copy (10) cannot afford 15, the stored item (20) can: accepted, not refused on the cached copy.
        expect(wrong, "A-15 stale", move(onA, id, "deduction", 15), 200, 5);
        // B's copy (20) would afford 6, the stored item (5) cannot: refused as insufficient stock, nothing appended.
        expect(wrong, "B-6 stale", move(onB, id, "deduction", 6), 400, -1);
        expect(wrong, "B-5", move(onB, id, "deduction", 5), 200, 0);
        expect(wrong, "A+2 stale", move(onA, id, "addition", 2), 200, 2);
        // Each time the item runs out, the low-stock saga sends the item a command of its own, on whichever node
        // holds its segment, while people keep moving stock on both nodes.
        for (int round = 0; round < 5; round++) {
            expect(wrong, round + " B-2", move(onB, id, "deduction", 2), 200, 0);
            expect(wrong, round + " A+1", move(onA, id, "addition", 1), 200, 1);
            expect(wrong, round + " B+1", move(onB, id, "addition", 1), 200, 2);
            expect(wrong, round + " A-2", move(onA, id, "deduction", 2), 200, 0);
            expect(wrong, round + " B+2", move(onB, id, "addition", 2), 200, 2);
        }
        assertThat(wrong)
                .as("answers that differ from a decision on the stored item")
                .isEmpty();
    }

    /** The API document is built on its first request, slowly on a loaded machine; the checked client reads it. */
    private static void warmUp(JarProcess node) throws Exception {
        HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/api/docs"))
                                .timeout(Duration.ofMinutes(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
    }

    private static Api.Response move(Api node, String id, String type, int quantity) {
        return node.post(
                "/api/inventory/" + id + "/stock", Map.of("quantity", quantity, "reason", "stale copy", "type", type));
    }

    private static void expect(List<String> wrong, String step, Api.Response r, int status, int stockAfter) {
        boolean right = r.status() == status
                && (status != 200 || r.at("/item/currentStock").asInt() == stockAfter)
                && (status != 400 || r.at("/type").asText().endsWith("/insufficient-stock"));
        if (!right) {
            wrong.add(step + " -> " + r);
        }
    }

    @Test
    void shouldRefuseToStartInProductionModeWithGeneratedSecretsAndSayWhy() throws Exception {
        JarProcess prod = node("prod", Map.of("STOCKADE_MODE", "production"));
        assertThat(prod.startExpectingExit(Duration.ofSeconds(90))).isNotZero();
        assertThat(prod.log())
                .contains("Production mode refuses to start")
                .contains("STOCKADE_JWT_PRIVATE_KEY")
                .contains("STOCKADE_AUDIT_SIGNING_KEY")
                .contains("personal-data key would be stored in clear")
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
