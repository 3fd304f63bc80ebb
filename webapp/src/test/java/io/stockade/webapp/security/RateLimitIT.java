package io.stockade.webapp.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stockade.platform.db.DatabaseProvisioner.Provisioned;
import io.stockade.testsupport.TestServices;
import io.stockade.testsupport.process.ClusterSecrets;
import io.stockade.testsupport.process.DataDirs;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.JarProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real limits (production mode, no test profile) on two instances that share one Redis: the
 * counters are common to both, every limited response carries the X-RateLimit headers, a refusal is
 * a 429 with Retry-After on either instance, health checks and static files are never limited, and
 * a signed-in user is limited per user, not by the address a whole warehouse shares.
 */
class RateLimitIT {
    private static final String PASSWORD = "Limit-Tester-Pass1!";
    private static Provisioned db;
    private static Path dir;
    private static String prefix;
    private static JarProcess a;
    private static JarProcess b;

    @BeforeAll
    static void startTwoProductionNodes() throws Exception {
        db = TestServices.newDatabase();
        dir = DataDirs.create("stockade-limits-");
        prefix = TestServices.newRedisPrefix();
        Map<String, String> secrets = ClusterSecrets.generate("shared-link-key-for-both-limit-nodes");
        a = node("a", secrets);
        b = node("b", secrets);
        JarProcess.startTogether(a, b);
    }

    private static JarProcess node(String name, Map<String, String> secrets) throws Exception {
        Path data = Files.createDirectories(dir.resolve(name));
        Map<String, String> env = JarProcess.onDatabase(db, data, PASSWORD);
        env.put("STOCKADE_MODE", "production");
        env.put("SPRING_PROFILES_ACTIVE", "default");
        env.putAll(secrets);
        env.put("STOCKADE_TLS_TERMINATED_UPSTREAM", "true");
        env.put("STOCKADE_HTTPS_ENABLED", "false");
        env.put("STOCKADE_MAIL_TRANSPORT", "ses");
        env.put("STOCKADE_MAIL_FROM", "Stockade <no-reply@example.test>");
        env.put("STOCKADE_MAIL_SES_REGION", "eu-west-1");
        env.put("STOCKADE_SECURITY_REDIS_URL", TestServices.redis());
        env.put("STOCKADE_SECURITY_REDIS_KEY_PREFIX", prefix);
        return new JarProcess(dir.resolve(name + ".log"), env);
    }

    @AfterAll
    static void stop() throws Exception {
        for (JarProcess n : new JarProcess[] {a, b}) {
            if (n != null) {
                n.stopQuietly();
            }
        }
        TestServices.deleteKeys(TestServices.redis(), prefix);
        TestServices.drop(db);
        DataDirs.delete(dir);
    }

    @Test
    void shouldShareTheRealLimitsBetweenInstances() throws Exception {
        Api onA = new Api(a.port());
        Api onB = new Api(b.port());
        int anonymousUsed = 0;
        long anonymousStart = System.nanoTime();

        // Revocation crosses instances through Redis: a logout on A stops the token on B within seconds.
        Api.BrowserSession earlier = onA.signIn("admin", PASSWORD);
        anonymousUsed++;
        Api firstOnB = new Api(b.port()).as(earlier.token());
        assertThat(firstOnB.get("/api/auth/me").status()).isEqualTo(200);
        AtomicInteger userUsed = new AtomicInteger(1);
        assertThat(earlier.logout().status()).isEqualTo(204);
        anonymousUsed++;
        long t0 = System.nanoTime();
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (firstOnB.get("/api/auth/me").status() == 401) {
                        return true;
                    }
                    userUsed.incrementAndGet(); // still valid: counted against the user
                    return false;
                });
        anonymousUsed++; // a revoked token is no token: that 401 counted against the address
        System.out.printf("revocation reached the other instance after %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        // Sign-in: 5 attempts per address and username in 15 minutes, counted across both instances.
        Api.BrowserSession admin = onA.signIn("admin", PASSWORD);
        anonymousUsed++;
        assertThat(admin.login().header("X-RateLimit-Limit")).isEqualTo("5");
        for (int i = 0; i < 5; i++) {
            Api.Response r = (i % 2 == 0 ? onA : onB)
                    .post("/api/auth/login", Map.of("username", "guessed-user", "password", "Wrong-Passw0rd-" + i));
            anonymousUsed++;
            assertThat(r.status()).as(r.toString()).isEqualTo(401);
            assertThat(r.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(4 - i));
        }
        Api.Response sixth =
                onB.post("/api/auth/login", Map.of("username", "guessed-user", "password", "Wrong-Passw0rd-6"));
        anonymousUsed++;
        assertThat(sixth.status()).isEqualTo(429);
        assertThat(Long.parseLong(sixth.header("Retry-After"))).isBetween(1L, 180L);
        assertThat(sixth.body().get("type").asText()).endsWith("/rate-limited");

        // ASVS 6.1.1: one address cannot lock everybody out. Its sign-in attempts are capped (30 per
        // 15 minutes) before any account is looked up, so it locks at most 30 / 5 = 6 accounts.
        int loginIpUsed = 8;
        List<String> victims = new ArrayList<>();
        for (int v = 0; v < 6; v++) {
            String name = "victim-" + v;
            assertThat(admin.api()
                            .post(
                                    "/api/auth/register",
                                    Map.of(
                                            "username",
                                            name,
                                            "email",
                                            name + "@example.test",
                                            "password",
                                            PASSWORD,
                                            "role",
                                            "Staff"))
                            .status())
                    .isEqualTo(201);
            userUsed.incrementAndGet();
            victims.add(name);
        }
        int attacked = 0;
        Api.Response capped = null;
        for (String victim : victims) {
            for (int i = 0; i < 5 && capped == null; i++) {
                Api.Response r = (i % 2 == 0 ? onA : onB)
                        .post("/api/auth/login", Map.of("username", victim, "password", "Wrong-Passw0rd-" + i));
                anonymousUsed++;
                if (r.status() == 429) {
                    capped = r;
                } else {
                    assertThat(r.status()).isEqualTo(401);
                    attacked++;
                }
            }
        }
        assertThat(capped).as("the per-address cap stops the spray").isNotNull();
        assertThat(attacked).isEqualTo(30 - loginIpUsed);
        int lockable = (30 - loginIpUsed) / 5;
        await().atMost(Duration.ofSeconds(20)).until(() -> lockedAccounts() == lockable);
        assertThat(lockedAccounts())
                .as("the rest of the organisation can still sign in")
                .isEqualTo(lockable);

        // Anonymous traffic: 100 requests per address in 15 minutes, whichever instance answers. The bucket
        // refills one request every 9 s (100 per 15 minutes) while the test runs. Besides the requests counted
        // above, the contract check may have read each node's /api/docs (401 on a production node, counted
        // against the address) unless a node's port was read before: the first answer's remaining count says
        // where the bucket really stands, and every later request, on either node, takes from it.
        int allowed = 0;
        int firstRemaining = -1;
        long loopStart = System.nanoTime();
        Api.Response refused = null;
        for (int i = 0; i < 150 && refused == null; i++) {
            Api.Response r = (i % 2 == 0 ? onA : onB).get("/api/inventory");
            assertThat(r.header("X-RateLimit-Limit")).isEqualTo("100");
            if (r.status() == 429) {
                refused = r;
            } else {
                assertThat(r.status()).isEqualTo(401);
                if (firstRemaining < 0) {
                    firstRemaining = Integer.parseInt(r.header("X-RateLimit-Remaining"));
                }
                allowed++;
            }
        }
        long refilled = (System.nanoTime() - anonymousStart) / 9_000_000_000L;
        long refilledInLoop = (System.nanoTime() - loopStart) / 9_000_000_000L + 1;
        assertThat(firstRemaining)
                .as("the requests above (and at most one document read per node) came out of the bucket")
                .isBetween((int) Math.max(0, 100 - anonymousUsed - 1 - 2), (int)
                        Math.min(99, 100 - anonymousUsed - 1 + refilled + 1));
        assertThat(allowed).as("one shared bucket of 100").isBetween(firstRemaining + 1, (int)
                (firstRemaining + 1 + refilledInLoop));
        assertThat(refused).isNotNull();
        assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 10L);
        assertThat(Long.parseLong(refused.header("X-RateLimit-Reset"))).isBetween(800L, 900L);
        assertThat((allowed % 2 == 0 ? onB : onA).get("/api/inventory").status())
                .as("the other instance agrees")
                .isEqualTo(429);

        // Never limited: health checks and the SPA's files.
        assertThat(onA.get("/health").status()).isEqualTo(200);
        Api.Response page = onB.get("/login");
        assertThat(page.status())
                .as("static files are not limited (404 when built without the SPA)")
                .isIn(200, 404);
        assertThat(page.header("X-RateLimit-Limit")).isNull();
        assertThat(onA.get("/health").header("X-RateLimit-Limit")).isNull();

        // A signed-in user has their own allowance (1,000 an hour), not the address's.
        Api adminA = admin.api();
        Api adminB = new Api(b.port()).as(admin.token());
        Api.Response first = adminA.get("/api/auth/me");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("X-RateLimit-Limit")).isEqualTo("1000");
        int served = 1;
        Api.Response over = null;
        for (int i = 1; i < 1020 && over == null; i++) {
            Api.Response r = (i % 2 == 0 ? adminA : adminB).get("/api/auth/me");
            if (r.status() == 429) {
                over = r;
            } else {
                assertThat(r.status()).as("request %d", i + 1).isEqualTo(200);
                served++;
            }
        }
        // The bucket refills at 1,000 an hour (one token per 3.6 s) while the test runs.
        long userRefilled = (System.nanoTime() - anonymousStart) / 3_600_000_000L;
        assertThat(served + userUsed.get())
                .as("one bucket per user, whichever session")
                .isBetween(1000, (int) (1000 + userRefilled + 1));
        assertThat(over).isNotNull();
        assertThat(over.header("Retry-After")).isNotNull();

        // The trip is a security event of that user (recorded once per quiet period).
        await().atMost(Duration.ofSeconds(20)).until(() -> countEvents("RATE_LIMITED") == 1);
    }

    private static int lockedAccounts() throws Exception {
        try (Connection c = TestServices.postgres().connect(db.database());
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT count(*) FROM command.user_account WHERE locked_until > now()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int countEvents(String type) throws Exception {
        try (Connection c = TestServices.postgres().connect(db.database());
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT count(*) FROM read.security_event WHERE type = '" + type + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
