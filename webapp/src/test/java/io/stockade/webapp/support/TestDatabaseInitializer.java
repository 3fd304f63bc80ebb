package io.stockade.webapp.support;

import io.stockade.platform.db.DatabaseProvisioner.Provisioned;
import io.stockade.testsupport.TestServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a test application context at a fresh database (owner and application roles, as in
 * production) from {@link TestServices}, and at a temporary data directory for generated keys.
 */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    private static Provisioned database;
    private static Path dataDir;

    public static synchronized Provisioned database() {
        if (database == null) {
            database = TestServices.newDatabase();
            try {
                dataDir = Files.createTempDirectory("stockade-it-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return database;
    }

    private static String redisPrefix;

    static synchronized String redisPrefix() {
        if (redisPrefix == null) {
            redisPrefix = TestServices.newRedisPrefix();
        }
        return redisPrefix;
    }

    public static String jdbcUrl() {
        return TestServices.jdbcUrl(database());
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Provisioned db = database();
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "stockade-test-database",
                        Map.ofEntries(
                                Map.entry("spring.datasource.url", TestServices.jdbcUrl(db)),
                                Map.entry("spring.datasource.username", db.appUser()),
                                Map.entry("spring.datasource.password", db.appPassword()),
                                Map.entry("stockade.db.migration-username", db.ownerUser()),
                                Map.entry("stockade.db.migration-password", db.ownerPassword()),
                                Map.entry("stockade.data-dir", dataDir.toString()),
                                Map.entry("stockade.https.port", "0"),
                                Map.entry("management.server.port", "0"),
                                Map.entry("management.server.address", "127.0.0.1"),
                                // Split-mode sharing for the whole suite: rate limits and revocations go through a real
                                // Redis.
                                Map.entry("stockade.security.redis-url", TestServices.redis()),
                                Map.entry("stockade.security.redis-key-prefix", redisPrefix()),
                                Map.entry("stockade.bootstrap.admin-username", "admin"),
                                Map.entry("stockade.bootstrap.admin-email", "admin@example.test"),
                                Map.entry("stockade.bootstrap.admin-password", Api.ADMIN_PASSWORD))));
    }
}
