package io.stockade.webapp.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockade.command.identity.Organisations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Signed-in clients for each role, created once for the shared application context. */
@StockadeIT
public abstract class ApiTestBase {
    /** Access tokens live 15 minutes and the shared context outlives that: sign in again after ten. */
    private static final long FRESH_NANOS = Duration.ofMinutes(10).toNanos();

    private static final Map<String, Session> SESSIONS = new HashMap<>();

    private record Session(String username, String password, String token, long signedInAt) {}

    /**
     * The signed-in client cached under {@code key}, signed in again once its token is old; {@code firstUse}
     * creates the person the first time and names their username and password.
     */
    private synchronized Api signedIn(String key, Supplier<String[]> firstUse) {
        Session s = SESSIONS.get(key);
        if (s == null || System.nanoTime() - s.signedInAt() > FRESH_NANOS) {
            String[] credentials = s == null ? firstUse.get() : new String[] {s.username(), s.password()};
            String token = new Api(port).login(credentials[0], credentials[1]).token();
            s = new Session(credentials[0], credentials[1], token, System.nanoTime());
            SESSIONS.put(key, s);
        }
        return new Api(port).as(s.token());
    }

    protected static final String PASSWORD = "Str0ng-Passw0rd!";

    @LocalServerPort
    protected int port;

    /** The operator's management port (loopback): actuator and the deployment-wide views. */
    @LocalManagementPort
    protected int managementPort;

    @Autowired
    protected Organisations organisations;

    /** The API document is loaded before the first test, not inside its first exchange (OpenApiCheck). */
    @BeforeEach
    protected void prepareOpenApiCheck() {
        OpenApiCheck.prepare(port);
    }

    protected Api anonymous() {
        return new Api(port);
    }

    /** The operator on the management port: no token, since what protects it is where it listens. */
    protected Api operator() {
        return new Api(managementPort);
    }

    protected Api admin() {
        return signedIn("admin", () -> new String[] {"admin", Api.ADMIN_PASSWORD});
    }

    protected Api manager() {
        return user("Manager");
    }

    protected Api staff() {
        return user("Staff");
    }

    protected Api auditor() {
        return user("Auditor");
    }

    /** A signed-in user of the given role in the default organisation (created on first use). */
    protected Api user(String role) {
        return signedIn(role, () -> {
            String username = role.toLowerCase() + "-" + shortId();
            Api.Response created = admin().post(
                            "/api/auth/register",
                            Map.of(
                                    "username",
                                    username,
                                    "email",
                                    username + "@example.test",
                                    "password",
                                    PASSWORD,
                                    "role",
                                    role));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            return new String[] {username, PASSWORD};
        });
    }

    /** The Admin of a second organisation, to prove nothing crosses tenants. */
    protected Api otherOrganisationAdmin() {
        return signedIn("other-org", () -> {
            String username = "other-admin-" + shortId();
            organisations.create(
                    "Other organisation", new Organisations.FirstAdmin(username, username + "@example.test", PASSWORD));
            return new String[] {username, PASSWORD};
        });
    }

    /** Creates an item as the Admin and returns its JSON. */
    /**
     * {@code movements} single-unit movements, additions and deductions in turn, spread over {@code items} and sent
     * by a Manager from {@code threads} threads at once (so their appends commit out of position order); each must
     * answer 200.
     */
    protected void moveConcurrently(List<String> items, int movements, int threads, Map<String, String> headers)
            throws Exception {
        Api manager = manager();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Api.Response>> moves = new ArrayList<>();
            for (int i = 0; i < movements; i++) {
                String item = items.get(i % items.size());
                String type = i % 2 == 0 ? "addition" : "deduction";
                moves.add(pool.submit(() -> manager.post(
                        "/api/inventory/" + item + "/stock",
                        Map.of("quantity", 1, "reason", "concurrent", "type", type),
                        headers)));
            }
            for (Future<Api.Response> move : moves) {
                Api.Response r = move.get();
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
    }

    protected JsonNode createItem(String name, int stock, int threshold) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("location", "Aisle 1");
        body.put("currentStock", stock);
        body.put("minThreshold", threshold);
        Api.Response r = admin().post("/api/inventory", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.body().get("item");
    }

    /**
     * Retries assertions on a read model fed by another projection (the ledger is not the item list): it
     * converges within milliseconds, but not within the request that caused it.
     */
    protected static void eventually(Runnable assertions) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                assertions.run();
                return;
            } catch (AssertionError e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(25);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    protected static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
