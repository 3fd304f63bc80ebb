package io.stockade.query.host;

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
 * The query-side service as an operator runs it: {@code java -jar target/stockade-query.jar} alone on a fresh
 * PostgreSQL database and Redis, configured by the environment only. A token from the command side, read with it:
 * command-side's {@code CommandServiceIT}, which starts both jars.
 */
class QueryServiceIT {
    static final Path JAR = Path.of("target", "stockade-query.jar");

    private static final String PASSWORD = "Query-Side-Pass1!";
    private Provisioned db;
    private Path dir;
    private String redisPrefix;
    private final List<JarProcess> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        db = TestServices.newDatabase();
        dir = DataDirs.create("stockade-query-");
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
    void shouldAnswerHealthBehindThePlatformDefencesAndRunOnlyTheProjectionsWhenStartedAlone() throws Exception {
        JarProcess query = service(JAR, "query", environment("query", ClusterSecrets.generate("query-link-key")));
        query.start();
        Http http = new Http(query.port());

        Http.Response health = http.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.header("Content-Security-Policy")).isNotBlank();
        assertThat(health.header("X-Content-Type-Options")).isEqualTo("nosniff");
        Http.Response anonymous = http.get("/api/inventory");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");
        Http.Response forged = http.as("not-a-token").get("/api/inventory");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.header("Content-Type")).startsWith("application/problem+json");

        assertThat(new Http(query.managementPort()).runningProcessors())
                .as("every projection, and none of alerting's (the command side runs those)")
                .contains(
                        "inventory-items",
                        "inventory-ledger",
                        "category-tree",
                        "identity-users",
                        "security-events",
                        "audit-index",
                        "audit-asof",
                        "dashboard-trends",
                        "reporting")
                .doesNotContain("alerts-mail", "alerts-items", "alerts-notifications", "LowStockAlertSagaProcessor");
    }

    @Test
    void shouldRefuseToStartAndNameTheVariableWhenSpringDatasourceUrlIsMissing() throws Exception {
        Map<String, String> env = environment("refused", ClusterSecrets.generate("refused-link-key"));
        env.remove("SPRING_DATASOURCE_URL");
        JarProcess query = service(JAR, "refused", env);
        assertThat(query.startExpectingExit(Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(query.log())
                .contains("Stockade refused to start: SPRING_DATASOURCE_URL")
                .contains("starts no embedded one")
                .doesNotContain("EmbeddedPostgres")
                .doesNotContain(db.appPassword());
    }
}
