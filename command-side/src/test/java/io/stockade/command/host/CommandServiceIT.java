package io.stockade.command.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.platform.db.DatabaseProvisioner.Provisioned;
import io.stockade.testsupport.TestServices;
import io.stockade.testsupport.process.ClusterSecrets;
import io.stockade.testsupport.process.DataDirs;
import io.stockade.testsupport.process.Http;
import io.stockade.testsupport.process.JarProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command-side service as an operator runs it ({@code java -jar target/stockade-command.jar}, configured by the
 * environment only), beside the query-side service: both jars started at once on one fresh PostgreSQL database
 * (they migrate under one advisory lock) and Redis, sharing only the environment's secrets. A token issued here is
 * accepted there; an item written here appears in the query side's read model, which only its processors build.
 */
class CommandServiceIT {
    static final Path JAR = Path.of("target", "stockade-command.jar");
    /** Built by query-side's package phase: command-side depends on it (provided), so the reactor builds it first. */
    static final Path QUERY_JAR = Path.of("..", "query-side", "target", "stockade-query.jar");
    /** What runs on this service besides its aggregates: alerting (ADR 0001). */
    static final String[] ALERTING = {
        "alerts-mail", "alerts-items", "alerts-notifications", "LowStockAlertSagaProcessor"
    };

    private static final String PASSWORD = "Command-Side-Pass1!";
    private Provisioned db;
    private Path dir;
    private String redisPrefix;
    private final List<JarProcess> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        db = TestServices.newDatabase();
        dir = DataDirs.create("stockade-command-");
        redisPrefix = TestServices.newRedisPrefix();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (JarProcess p : started) {
            p.stopQuietly();
        }
        TestServices.deleteKeys(TestServices.redis(), redisPrefix);
        TestServices.drop(db);
        DataDirs.delete(dir);
    }

    private JarProcess service(Path jar, String name, Map<String, String> env) {
        assertThat(jar)
                .as("the executable jar " + jar + ", built by its module's package phase")
                .exists();
        // Two services start at once on two shared cores, each migrating and starting its processors: more than the
        // all-in-one suites' 120 s was seen while other builds ran.
        JarProcess p = new JarProcess(jar, dir.resolve(name + ".log"), env).startTimeout(Duration.ofSeconds(300));
        started.add(p);
        return p;
    }

    private Map<String, String> environment(String name, Map<String, String> secrets) throws Exception {
        Map<String, String> env = JarProcess.onDatabase(db, Files.createDirectories(dir.resolve(name)), PASSWORD);
        env.putAll(secrets);
        env.put("STOCKADE_SECURITY_REDIS_URL", TestServices.redis());
        env.put("STOCKADE_SECURITY_REDIS_KEY_PREFIX", redisPrefix);
        return env;
    }

    @Test
    void shouldSignInHereAndReadOnTheQuerySideWithTheSameTokenWhenBothStartAtOnce() throws Exception {
        Map<String, String> secrets = ClusterSecrets.generate("split-services-link-key");
        JarProcess command = service(JAR, "command", environment("command", secrets));
        JarProcess query = service(QUERY_JAR, "query", environment("query", secrets));
        JarProcess.startTogether(command, query);

        String token = new Http(command.port()).login("admin", PASSWORD);
        Http writes = new Http(command.port()).as(token);
        Http reads = new Http(query.port()).as(token);

        Http.Response me = writes.get("/api/auth/me");
        assertThat(me.status()).as(me.body().toString()).isEqualTo(200);
        assertThat(me.header("X-RateLimit-Limit")).as("the per-user limit").isNotBlank();
        assertThat(me.header("Content-Security-Policy")).isNotBlank();
        assertThat(reads.get("/api/auth/me").status())
                .as("sign-in is the command side's")
                .isEqualTo(404);
        Http.Response anonymous = new Http(query.port()).get("/api/inventory");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");
        assertThat(anonymous.header("Content-Security-Policy")).isNotBlank();

        Http.Response created =
                writes.post("/api/inventory", Map.of("name", "Split", "location", "S-1", "currentStock", 7));
        assertThat(created.status()).as(created.body().toString()).isIn(200, 201);
        String id = created.at("/item/id").asText();

        // Reads are eventually consistent across the two services, and a creation with stock is two events (the
        // item, then its opening movement) that the query side may apply in two batches: wait for both.
        Http.Response item = reads.get("/api/inventory/" + id);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while ((item.status() != 200 || item.at("/item/currentStock").asInt() != 7) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            item = reads.get("/api/inventory/" + id);
        }
        assertThat(item.status()).as(item.body().toString()).isEqualTo(200);
        assertThat(item.at("/item/currentStock").asInt()).isEqualTo(7);
        assertThat(item.header("X-RateLimit-Limit")).as("the per-user limit").isNotBlank();
        assertThat(writes.get("/api/notifications").status())
                .as("alerting runs here")
                .isEqualTo(200);
        Http.Response list = writes.get("/api/inventory");
        assertThat(list.status()).as("reads are the query side's").isIn(404, 405);
        assertThat(list.header("Content-Type")).startsWith("application/problem+json");

        Http.Response write =
                reads.post("/api/inventory", Map.of("name", "Nope", "location", "S-1", "currentStock", 1));
        assertThat(write.status()).as("no command is handled on the query side").isIn(404, 405);
        assertThat(write.header("Content-Type")).startsWith("application/problem+json");

        assertThat(new Http(command.managementPort()).runningProcessors())
                .as("alerting's processors and saga, nothing else")
                .containsExactlyInAnyOrder(ALERTING);
        assertThat(new Http(query.managementPort()).runningProcessors())
                .as("every projection, and none of alerting's")
                .contains("inventory-items", "inventory-ledger", "audit-index", "reporting")
                .doesNotContain(ALERTING);
    }

    @Test
    void shouldRefuseToStartAndNameTheVariableWhenSpringDatasourceUrlIsMissing() throws Exception {
        Map<String, String> env = environment("refused", ClusterSecrets.generate("refused-link-key"));
        env.remove("SPRING_DATASOURCE_URL");
        JarProcess command = service(JAR, "refused", env);
        assertThat(command.startExpectingExit(Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(command.log())
                .contains("Stockade refused to start: SPRING_DATASOURCE_URL")
                .contains("starts no embedded one")
                .doesNotContain("EmbeddedPostgres")
                .doesNotContain(db.appPassword());
    }
}
