package io.stockade.webapp.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockade.platform.db.DatabaseProvisioner.Provisioned;
import io.stockade.testsupport.TestServices;
import io.stockade.testsupport.process.DataDirs;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.JarProcess;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Split mode with its Redis unreachable: the instance keeps serving and keeps limiting on its own
 * (the gates stay shut), and says so in /health/detailed.
 */
class RedisDownIT {
    private static final String PASSWORD = "Redis-Down-Pass1!";

    @Test
    void shouldKeepLimitingLocallyAndReportDegradedWhenRedisIsUnreachable() throws Exception {
        Provisioned db = TestServices.newDatabase();
        Path dir = DataDirs.create("stockade-redis-down-");
        Map<String, String> env = JarProcess.onDatabase(db, dir, PASSWORD);
        env.put("SPRING_PROFILES_ACTIVE", "default");
        env.put("STOCKADE_SECURITY_REDIS_URL", "redis://127.0.0.1:1"); // nothing listens on port 1
        env.put("STOCKADE_SECURITY_LIMITS_ANONYMOUS_REQUESTS", "20");
        JarProcess node = new JarProcess(dir.resolve("node.log"), env);
        try {
            node.start();
            Api admin = node.login("admin", PASSWORD);
            assertThat(admin.get("/api/inventory").status()).as("still serving").isEqualTo(200);

            Api.Response health = admin.get("/health/detailed");
            assertThat(health.status()).isEqualTo(503);
            JsonNode limits = health.body().get("rateLimits");
            assertThat(limits.get("store").asText()).isEqualTo("redis");
            assertThat(limits.get("status").asText()).startsWith("degraded");
            assertThat(new Api(node.port()).get("/health").status())
                    .as("liveness is not affected")
                    .isEqualTo(200);

            Api anonymous = new Api(node.port());
            int refusedAt = -1;
            for (int i = 1; i <= 30 && refusedAt < 0; i++) {
                Api.Response r = anonymous.get("/api/inventory");
                assertThat(r.header("X-RateLimit-Limit")).isEqualTo("20");
                if (r.status() == 429) {
                    refusedAt = i;
                }
            }
            assertThat(refusedAt)
                    .as("local buckets still refuse: the gates stay shut")
                    .isBetween(15, 21);
        } finally {
            node.stopQuietly();
            TestServices.drop(db);
            DataDirs.delete(dir);
        }
    }
}
