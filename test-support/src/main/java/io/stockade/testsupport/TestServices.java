package io.stockade.testsupport;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.stockade.platform.config.SecretFiles;
import io.stockade.platform.db.DatabaseProvisioner;
import io.stockade.platform.db.DatabaseProvisioner.Provisioned;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The one place that decides where tests get PostgreSQL from. {@code STOCKADE_TEST_SERVICES}
 * ({@code -Dstockade.test.services}) chooses: {@code containers} (Testcontainers, needs a Docker
 * engine), {@code local} (the machine's own server at {@code STOCKADE_TEST_PG_URL}, default
 * 127.0.0.1:5432 as postgres) or {@code auto} (the default: containers when a Docker engine answers,
 * local otherwise). Every test JVM gets its own database and roles and drops them at exit.
 */
public final class TestServices {
    private static final Logger log = LoggerFactory.getLogger(TestServices.class);
    private static volatile PostgresServer server;
    private static volatile String redisUrl;

    private TestServices() {}

    /** A superuser endpoint of a running PostgreSQL. */
    public record PostgresServer(String baseUrl, String user, String password, String origin) {
        public Connection connect(String database) throws SQLException {
            return DriverManager.getConnection(baseUrl + database, user, password);
        }

        @Override
        public String toString() {
            return "PostgresServer[" + baseUrl + " via " + origin + "]";
        }
    }

    public static synchronized PostgresServer postgres() {
        if (server == null) {
            server = startPostgres();
            log.info("Tests use {}", server);
        }
        return server;
    }

    /** A fresh database with an owner role and an application role, dropped when the JVM exits. */
    public static Provisioned newDatabase() {
        PostgresServer pg = postgres();
        String suffix =
                UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        Provisioned wanted = new Provisioned(
                "stockade_test_" + suffix,
                "stockade_test_" + suffix + "_owner",
                SecretFiles.randomToken(18),
                "stockade_test_" + suffix + "_app",
                SecretFiles.randomToken(18));
        try (Connection c = pg.connect("postgres")) {
            DatabaseProvisioner.provision(c, wanted);
            try (Connection target = pg.connect(wanted.database())) {
                DatabaseProvisioner.allowIndexedSearchUnderRowSecurity(target);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + pg + ": " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(wanted), "drop-" + wanted.database()));
        return wanted;
    }

    public static String jdbcUrl(Provisioned db) {
        return postgres().baseUrl() + db.database();
    }

    public static void drop(Provisioned db) {
        try (Connection c = postgres().connect("postgres")) {
            DatabaseProvisioner.drop(c, db);
        } catch (SQLException e) {
            log.warn("could not drop test database {}: {}", db.database(), e.getMessage());
        }
    }

    /** {@code redis://host:port} of a running Redis, from the same switch as PostgreSQL. */
    public static synchronized String redis() {
        if (redisUrl == null) {
            redisUrl = startRedis();
            log.info("Tests use Redis at {}", redisUrl);
        }
        return redisUrl;
    }

    /**
     * A key prefix of its own for one test application (so tests sharing a Redis never see each
     * other's counters); every key under it is deleted when the JVM exits.
     */
    public static String newRedisPrefix() {
        String prefix = "stockade-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        String url = redis();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteKeys(url, prefix), "drop-redis-" + prefix));
        return prefix;
    }

    public static void deleteKeys(String url, String prefix) {
        RedisClient client = RedisClient.create(url);
        try (var connection = client.connect()) {
            var commands = connection.sync();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = commands.scan(
                        cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
                if (!page.getKeys().isEmpty()) {
                    commands.del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } catch (RuntimeException e) {
            log.warn("could not delete test keys {}*: {}", prefix, e.getMessage());
        } finally {
            client.shutdown();
        }
    }

    private static String startRedis() {
        if (useContainers()) {
            GenericContainer<?> c = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            c.start();
            Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "stop-test-redis"));
            return "redis://" + c.getHost() + ":" + c.getMappedPort(6379);
        }
        String url = setting("stockade.test.redis.url", "STOCKADE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
        RedisClient client = RedisClient.create(url);
        try (var connection = client.connect()) {
            connection.sync().ping();
            return url;
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Redis is not reachable at " + url + " (start it: .ci/run does; "
                            + "or set STOCKADE_TEST_SERVICES=containers with a Docker engine): " + e.getMessage(),
                    e);
        } finally {
            client.shutdown();
        }
    }

    private static boolean useContainers() {
        String mode = setting("stockade.test.services", "STOCKADE_TEST_SERVICES", "auto");
        return switch (mode) {
            case "containers" -> true;
            case "local" -> false;
            case "auto" -> dockerAvailable();
            default -> throw new IllegalArgumentException("STOCKADE_TEST_SERVICES must be auto, containers or local");
        };
    }

    private static PostgresServer startPostgres() {
        if (useContainers()) {
            PostgreSQLContainer<?> c = new PostgreSQLContainer<>("postgres:16-alpine");
            c.start();
            Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "stop-test-postgres"));
            String url = c.getJdbcUrl();
            String base = url.substring(0, url.lastIndexOf('/') + 1);
            return new PostgresServer(base, c.getUsername(), c.getPassword(), "Testcontainers");
        }
        String url = setting("stockade.test.pg.url", "STOCKADE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
        String user = setting("stockade.test.pg.user", "STOCKADE_TEST_PG_USER", "postgres");
        String password = setting("stockade.test.pg.password", "STOCKADE_TEST_PG_PASSWORD", "");
        PostgresServer local =
                new PostgresServer(url.endsWith("/") ? url : url + "/", user, password, "the machine's server");
        try (Connection c = local.connect("postgres")) {
            return local;
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL is not reachable at " + url + " (start it: .ci/run does; "
                            + "or set STOCKADE_TEST_SERVICES=containers with a Docker engine): " + e.getMessage(),
                    e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
