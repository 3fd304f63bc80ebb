package io.stockade.webapp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.stockade.platform.db.DatabaseProvisioner.Provisioned;
import io.stockade.testsupport.TestServices;
import io.stockade.testsupport.process.ClusterSecrets;
import io.stockade.testsupport.process.DataDirs;
import io.stockade.testsupport.process.JarProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Split mode as it is deployed (issue 15): Debian's nginx with the repository's front door in front of two
 * command-side and two query-side jars, on one PostgreSQL and one Redis. The four start at once on an empty
 * database. Through nginx only, clients send stock movements at a fixed rate, each with its own
 * {@code Idempotency-Key}; live streams are open on both query nodes. Mid-run one node of each kind dies by
 * {@code kill -9} (the query node that holds the item projection's segment); a request that fails meanwhile is
 * sent again with its key, as a client does. Then every acknowledged movement is in the event store exactly once,
 * the ledger holds one row per {@code StockAdjusted} event, no item is oversold, every open stream shows what the
 * read model holds, and every read model equals a fresh replay of the same event store (the drill's per-table
 * checksums). Requests, failures by status, retries, the takeover and the recovery are printed.
 */
class SplitServicesIT {
    private static final String PASSWORD = "Split-Services-Pass1!";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path COMMAND_JAR =
            Path.of("..", "command-side", "target", "stockade-command.jar").toAbsolutePath();
    private static final Path QUERY_JAR =
            Path.of("..", "query-side", "target", "stockade-query.jar").toAbsolutePath();
    /** Four JVMs starting at once on two shared cores. */
    private static final Duration START = Duration.ofMinutes(10);

    private static final int RATE = Integer.getInteger("stockade.split.rate", 40);
    private static final Duration LOAD = Duration.ofSeconds(Long.getLong("stockade.split.seconds", 60));
    private static final int ITEMS = 8;
    private static final int INITIAL_STOCK = 60;
    /** Axon's tracking processors: the token store's claim timeout (10 s, the default) plus the claim interval. */
    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(10 + 5);

    private Provisioned db;
    private Path dir;
    private String redisPrefix;
    private FrontDoor nginx;
    private final List<JarProcess> nodes = new ArrayList<>();
    private final List<Watch> watches = new ArrayList<>();
    private final List<String> restored = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        db = TestServices.newDatabase();
        dir = DataDirs.create("stockade-split-");
        redisPrefix = "stockade-split-" + UUID.randomUUID() + ":";
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Watch w : watches) {
            w.close();
        }
        if (nginx != null) {
            nginx.close();
        }
        for (JarProcess node : nodes) {
            node.stopQuietly();
        }
        Drill.dropRestored(restored);
        TestServices.drop(db);
        // The nodes' logs stay with the build, for a failure seen only in CI.
        Path kept = Files.createDirectories(Path.of("target", "split-services"));
        try (Stream<Path> logs = Files.list(dir)) {
            for (Path log : logs.filter(f -> f.getFileName().toString().endsWith(".log"))
                    .toList()) {
                Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        DataDirs.delete(dir);
    }

    @Test
    void shouldApplyEveryAcknowledgedMovementOnceAndRebuildEqualReadModelsWhenOneNodeOfEachKindIsKilled()
            throws Exception {
        assertThat(COMMAND_JAR).as("built by command-side's package phase").exists();
        assertThat(QUERY_JAR).as("built by query-side's package phase").exists();
        Map<String, String> secrets = ClusterSecrets.generate("split-services-link-key");
        JarProcess command1 = node(COMMAND_JAR, "command-1", db.database(), secrets);
        JarProcess command2 = node(COMMAND_JAR, "command-2", db.database(), secrets);
        // The query side asks the command side for a person's account data (their export) over HTTP: the node the
        // run keeps alive, as a deployment names the command-side service.
        int command2Port;
        try (ServerSocket free = new ServerSocket(0)) {
            command2Port = free.getLocalPort();
        }
        command2.onPort(command2Port);
        Map<String, String> toCommandSide = Map.of("STOCKADE_COMMAND_SIDE_URL", "http://127.0.0.1:" + command2Port);
        JarProcess query1 = node(QUERY_JAR, "query-1", db.database(), secrets, toCommandSide);
        JarProcess query2 = node(QUERY_JAR, "query-2", db.database(), secrets, toCommandSide);
        long started = System.nanoTime();
        JarProcess.startTogether(command1, command2, query1, query2);
        print("four services started at once on an empty database: %d s", seconds(System.nanoTime() - started));
        assertEachMigrationRanOnce();

        nginx = FrontDoor.start(
                Files.createDirectories(dir.resolve("nginx")),
                List.of(address(command1), address(command2)),
                List.of(address(query1), address(query2)),
                conf -> conf);
        Client front = new Client("http://127.0.0.1:" + nginx.port(), null);
        Client admin = front.as(front.login("admin", PASSWORD));

        List<String> items = new ArrayList<>();
        // ITEMS items take the load; one more, the probe, only the recovery's single movement.
        for (int i = 0; i <= ITEMS; i++) {
            Response created = admin.retried(
                    "/api/inventory",
                    Map.of("name", "Split item " + i, "location", "Aisle " + i, "currentStock", INITIAL_STOCK),
                    UUID.randomUUID().toString(),
                    new Tally());
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            items.add(created.at("/item/id").asText());
        }
        for (JarProcess q : List.of(query1, query2)) {
            Client direct = admin.on(q.port());
            for (String id : items) {
                awaitStock(direct, id, INITIAL_STOCK, Duration.ofSeconds(60));
            }
        }
        assertThePersonalDataExportWorksAcrossTheServices(front, admin, command2);
        // Two streams on each query node, on the busiest two items.
        for (JarProcess q : List.of(query1, query2)) {
            for (String id : items.subList(0, 2)) {
                watches.add(new Watch(admin.on(q.port()), admin, id));
            }
        }

        // The load: one movement every 1/RATE s, answered by a pool of clients; failures retried with their key.
        Ledger ledger = new Ledger();
        Tally tally = new Tally();
        Random random = new Random(15);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        int total = (int) (RATE * LOAD.toSeconds());
        AtomicInteger issued = new AtomicInteger();
        List<Future<?>> sent = new CopyOnWriteArrayList<>();
        long loadStart = System.nanoTime();
        ScheduledFuture<?> pacing = clock.scheduleAtFixedRate(
                () -> {
                    if (issued.incrementAndGet() > total) {
                        return;
                    }
                    String item;
                    int quantity;
                    boolean addition;
                    synchronized (random) {
                        // The first two items take most of the load, and deductions outweigh additions, so stock
                        // runs out and refusals come while two command nodes decide on the same items.
                        item = items.get(random.nextInt(3) == 0 ? random.nextInt(ITEMS) : random.nextInt(2));
                        quantity = 1 + random.nextInt(3);
                        addition = random.nextInt(5) < 2;
                    }
                    String key = UUID.randomUUID().toString();
                    sent.add(clients.submit(() -> ledger.record(
                            item,
                            addition ? quantity : -quantity,
                            admin.retried(
                                    "/api/inventory/" + item + "/stock",
                                    Map.of(
                                            "quantity",
                                            quantity,
                                            "reason",
                                            "split run",
                                            "type",
                                            addition ? "addition" : "deduction"),
                                    key,
                                    tally))));
                },
                0,
                1_000_000 / RATE,
                TimeUnit.MICROSECONDS);

        // A third of the way in: one node of each kind dies, the query node being the one that holds the item
        // projection's segment.
        Thread.sleep(LOAD.toMillis() / 3);
        JarProcess owner = ownerOf("inventory-items", List.of(query1, query2));
        JarProcess survivor = owner == query1 ? query2 : query1;
        long killedAt = System.nanoTime();
        tally.killedAt(killedAt);
        command1.kill();
        owner.kill();
        print(
                "killed command-1 and %s (owner of inventory-items) with kill -9",
                owner == query1 ? "query-1" : "query-2");
        long takeover = awaitOwner("inventory-items", survivor, TAKEOVER_BOUND.multipliedBy(3)) - killedAt;
        print(
                "takeover: inventory-items claimed by the surviving query node %.1f s after the kill (bound %d s)",
                takeover / 1e9, TAKEOVER_BOUND.toSeconds());
        // Recovery: a movement sent after the kill is seen on the read side through the front door.
        String probe = items.get(ITEMS);
        Response moved = admin.retried(
                "/api/inventory/" + probe + "/stock",
                Map.of("quantity", 1, "reason", "probe", "type", "addition"),
                UUID.randomUUID().toString(),
                tally);
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        ledger.record(probe, 1, moved);
        awaitStock(admin, probe, INITIAL_STOCK + 1, Duration.ofMinutes(3));
        print(
                "recovery: a write after the kill read back through nginx %.1f s after the kill",
                (System.nanoTime() - killedAt) / 1e9);

        while (issued.get() < total) {
            Thread.sleep(100);
        }
        pacing.cancel(false);
        clock.shutdown();
        for (Future<?> f : sent) {
            f.get(5, TimeUnit.MINUTES);
        }
        clients.shutdown();
        print(
                "load: %d movements in %.1f s (%d/s asked), %d acknowledged, %d refused for stock, %d answered 409, %d retries,"
                        + " first failures by status: %s, after the kill: %s",
                total,
                (System.nanoTime() - loadStart) / 1e9,
                RATE,
                ledger.acknowledged(),
                ledger.refused(),
                ledger.conflicts(),
                tally.retries.get(),
                tally.failures,
                tally.failuresAfterKill);
        assertThat(takeover)
                .as("takeover within three times its bound")
                .isLessThan(TAKEOVER_BOUND.multipliedBy(3).toNanos());

        // Both surviving processors' hosts at the head, then the checks.
        String commandManagement = "http://127.0.0.1:" + command2.managementPort();
        String queryManagement = "http://127.0.0.1:" + survivor.managementPort();
        Drill.run("await", "--management", queryManagement, "--timeout", "120");
        Drill.run("await", "--management", commandManagement, "--timeout", "120");
        try (Connection c = TestServices.postgres().connect(db.database())) {
            Map<String, Integer> events = transactionsInEventStore(c);
            List<String> twice = events.entrySet().stream()
                    .filter(e -> e.getValue() > 1)
                    .map(Map.Entry::getKey)
                    .toList();
            assertThat(twice).as("movements appended more than once").isEmpty();
            // Every node was given the cluster's personal-data wrapping key: no person's key is stored in clear, and
            // the movements' reasons (sealed under the Admin's key on the command side) read back on the query side.
            assertThat(
                            strings(
                                    c,
                                    "select coalesce(wrapped_by, 'clear') from privacy.subject_key where key_bytes is not null"))
                    .as("how each person's key is stored")
                    .isNotEmpty()
                    .allMatch(w -> w.startsWith("aes-gcm:"));
            assertThat(events.keySet())
                    .as("every acknowledged movement is in the event store")
                    .containsAll(ledger.transactions.keySet());
            assertThat(events)
                    .as("StockAdjusted events: the openings and the acknowledged movements")
                    .hasSize(items.size() + ledger.acknowledged());
            assertThat(strings(c, "select transaction_id::text from read.ledger_transaction"))
                    .as("one ledger row per StockAdjusted event")
                    .containsExactlyInAnyOrderElementsOf(events.keySet());
            for (String id : items) {
                int expected = INITIAL_STOCK + ledger.net(id);
                assertThat(expected).as("never oversold").isNotNegative();
                assertThat(strings(
                                c, "select current_stock::text from read.inventory_item where item_id = '" + id + "'"))
                        .as("item " + id + ": the opening stock plus every acknowledged movement")
                        .containsExactly(Integer.toString(expected));
            }
        }
        Client reads = front.as(admin.token);
        for (Watch w : watches) {
            int now = reads.get("/api/inventory/" + w.item)
                    .at("/item/currentStock")
                    .asInt();
            assertThat(w.awaitStock(now, Duration.ofSeconds(2)))
                    .as(
                            "a live stream (opened on port %d, %d reconnects) shows the read model within 2 s",
                            w.firstPort, w.reconnects.get())
                    .isEqualTo(now);
        }
        assertThat(reads.get("/api/transactions?limit=5")
                        .at("/transactions/0/reason")
                        .asText())
                .as("a reason sealed on the command side, opened on the query side with the wrapped key")
                .isEqualTo("split run");

        // Every read model equals a fresh replay of the same event store.
        Path backup = dir.resolve("backup");
        Drill.run("backup", "--db", db.database(), "--out", backup.toString());
        String fresh = db.database() + "_replay";
        restored.add(fresh);
        Drill.run(
                "restore",
                "--from",
                backup.toString(),
                "--db",
                fresh,
                "--owner",
                db.ownerUser(),
                "--app",
                db.appUser());
        for (JarProcess node : List.of(command2, survivor)) {
            node.stop();
        }
        JarProcess replayCommand = node(COMMAND_JAR, "replay-command", fresh, secrets);
        JarProcess replayQuery = node(QUERY_JAR, "replay-query", fresh, secrets);
        long replayStart = System.nanoTime();
        JarProcess.startTogether(replayCommand, replayQuery);
        Drill.run("await", "--management", "http://127.0.0.1:" + replayQuery.managementPort(), "--timeout", "300");
        Drill.run("await", "--management", "http://127.0.0.1:" + replayCommand.managementPort(), "--timeout", "300");
        print("fresh replay: started and at the head %d s after the restore", seconds(System.nanoTime() - replayStart));
        replayCommand.stop();
        replayQuery.stop();
        Drill.Result same = Drill.run(
                "compare",
                "--db",
                fresh,
                "--expected",
                backup.resolve("read-models.tsv").toString());
        assertThat(same.exit()).as(same.output()).isZero();
        // Last, so that a run shows every other finding first.
        assertThat(ledger.unexpected)
                .as("answers other than 200 or a refusal for stock (%d of them 409)", ledger.conflicts())
                .isEmpty();
    }

    /**
     * A person's export through the front door: the query side serves it and asks the command side for the account
     * data and notifications over HTTP with the caller's token (no query travels between processes here).
     */
    private static void assertThePersonalDataExportWorksAcrossTheServices(
            Client front, Client admin, JarProcess commandSide) {
        Response own = admin.get("/api/profile/export");
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(own.at("/account/username").asText()).isEqualTo("admin");
        assertThat(own.at("/account/role").asText()).isEqualTo("Admin");
        assertThat(own.at("/sessions")).as("the sign-in of this run").isNotEmpty();
        assertThat(own.at("/notifications").isArray()).isTrue();
        assertThat(own.at("/movements").isArray()).isTrue();
        assertThat(admin.get("/api/users/" + UUID.randomUUID() + "/export").status())
                .as("an export of nobody: the command side's 404 comes through")
                .isEqualTo(404);
        assertThat(front.get("/api/profile/export").status()).isEqualTo(401);
        Client direct = front.on(commandSide.port());
        assertThat(direct.get("/api/users/" + UUID.randomUUID() + "/export/account")
                        .status())
                .as("the command side's part without a token")
                .isEqualTo(401);
        print("personal-data export through nginx: the query side got the command side's part over HTTP");
    }

    private JarProcess node(Path jar, String name, String database, Map<String, String> secrets) throws IOException {
        return node(jar, name, database, secrets, Map.of());
    }

    private JarProcess node(
            Path jar, String name, String database, Map<String, String> secrets, Map<String, String> extra)
            throws IOException {
        Provisioned on = new Provisioned(database, db.ownerUser(), db.ownerPassword(), db.appUser(), db.appPassword());
        Map<String, String> env = JarProcess.onDatabase(on, Files.createDirectories(dir.resolve(name)), PASSWORD);
        env.putAll(secrets);
        env.put("STOCKADE_SECURITY_REDIS_URL", TestServices.redis());
        env.put("STOCKADE_SECURITY_REDIS_KEY_PREFIX", redisPrefix);
        // nginx is the only client address the services see; the run is one Admin's hours in a minute.
        env.put("STOCKADE_SECURITY_TRUSTED_PROXIES", "127.0.0.1");
        env.put("STOCKADE_SECURITY_LIMITS_USER_REQUESTS", "1000000");
        env.put("STOCKADE_SECURITY_LIMITS_USER_REQUESTS_BURST", "1000000");
        env.put("STOCKADE_PRIVACY_ERASURE_DIR", dir.resolve("erasures").toString());
        env.putAll(extra);
        JarProcess node = new JarProcess(jar, dir.resolve(name + ".log"), env).startTimeout(START);
        nodes.add(node);
        return node;
    }

    private static String address(JarProcess node) {
        return "127.0.0.1:" + node.port();
    }

    private void assertEachMigrationRanOnce() throws SQLException {
        try (Connection c = TestServices.postgres().connect(db.database())) {
            List<String> schemas = strings(
                    c, "select table_schema from information_schema.tables where table_name = 'flyway_history'");
            assertThat(schemas).as("migrated schemas").contains("axon", "read");
            for (String schema : schemas) {
                assertThat(strings(
                                c,
                                "select version from " + schema + ".flyway_history where version is not null"
                                        + " group by version having count(*) > 1 or not bool_and(success)"))
                        .as(schema + ": each script ran once, successfully")
                        .isEmpty();
            }
        }
    }

    /** The node whose process holds the processor's (single) segment, by the pid in Axon's owner name. */
    private JarProcess ownerOf(String processor, List<JarProcess> candidates) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            String owner = currentOwner(processor);
            for (JarProcess node : candidates) {
                if (owner != null && owner.startsWith(node.process().pid() + "@")) {
                    return node;
                }
            }
            assertThat(System.nanoTime())
                    .as(processor + " has an owner: " + owner)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private long awaitOwner(String processor, JarProcess node, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String prefix = node.process().pid() + "@";
        while (true) {
            String owner = currentOwner(processor);
            if (owner != null && owner.startsWith(prefix)) {
                return System.nanoTime();
            }
            assertThat(System.nanoTime())
                    .as(processor + " taken over within " + within + " (owner now " + owner + ")")
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private String currentOwner(String processor) throws SQLException {
        try (Connection c = TestServices.postgres().connect(db.database())) {
            List<String> owners = strings(
                    c,
                    "select owner from axon.token_entry where processor_name = '" + processor
                            + "' and owner is not null");
            return owners.isEmpty() ? null : owners.get(0);
        }
    }

    /** Transaction id to the number of StockAdjusted events that carry it. */
    private static Map<String, Integer> transactionsInEventStore(Connection c) throws SQLException {
        Map<String, Integer> counts = new TreeMap<>();
        for (String tx : strings(
                c,
                "select convert_from(payload, 'UTF8')::jsonb ->> 'transactionId' from axon.domain_event_entry"
                        + " where payload_type like '%StockAdjusted%'")) {
            counts.merge(tx, 1, Integer::sum);
        }
        return counts;
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void awaitStock(Client client, String id, int stock, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Response r = client.get("/api/inventory/" + id);
        while (!(r.status() == 200 && r.at("/item/currentStock").asInt() == stock) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = client.get("/api/inventory/" + id);
        }
        assertThat(r.at("/item/currentStock").asInt()).as(r.toString()).isEqualTo(stock);
    }

    private static long seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos);
    }

    private static void print(String format, Object... args) {
        System.out.println("[split] " + String.format(format, args));
    }

    /** What the clients were told: acknowledged movements by transaction id, refusals, anything else. */
    private static final class Ledger {
        final Map<String, Integer> transactions = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> netByItem = new ConcurrentHashMap<>();
        final AtomicInteger refused = new AtomicInteger();
        final List<String> unexpected = new CopyOnWriteArrayList<>();

        void record(String item, int signed, Response r) {
            if (r.status() == 200) {
                Integer before = transactions.put(r.at("/transaction/id").asText(), signed);
                if (before != null) {
                    unexpected.add("two acknowledgements of one transaction: " + r);
                }
                netByItem.computeIfAbsent(item, k -> new AtomicInteger()).addAndGet(signed);
            } else if (r.status() == 400 && r.at("/type").asText().endsWith("/insufficient-stock")) {
                refused.incrementAndGet();
            } else {
                unexpected.add(r.toString());
            }
        }

        int acknowledged() {
            return transactions.size();
        }

        long conflicts() {
            return unexpected.stream().filter(u -> u.startsWith("409 ")).count();
        }

        int refused() {
            return refused.get();
        }

        int net(String item) {
            AtomicInteger n = netByItem.get(item);
            return n == null ? 0 : n.get();
        }
    }

    /** Failed first attempts by status (or exception), before and after the kill, and retries. */
    private static final class Tally {
        final Map<String, Integer> failures = new ConcurrentHashMap<>();
        final Map<String, Integer> failuresAfterKill = new ConcurrentHashMap<>();
        final AtomicInteger retries = new AtomicInteger();
        final AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);

        void killedAt(long nanos) {
            killedAt.set(nanos);
        }

        void failed(String what) {
            (System.nanoTime() >= killedAt.get() ? failuresAfterKill : failures).merge(what, 1, Integer::sum);
        }
    }

    record Response(int status, JsonNode body) {
        JsonNode at(String pointer) {
            return body.at(pointer);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** A plain HTTP client: nginx's own 502 is not the services' contract, and a reset connection is an answer. */
    private static final class Client {
        private static final HttpClient HTTP = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        final String base;
        final String token;

        Client(String base, String token) {
            this.base = base;
            this.token = token;
        }

        Client as(String bearer) {
            return new Client(base, bearer);
        }

        Client on(int port) {
            return new Client("http://127.0.0.1:" + port, token);
        }

        String login(String username, String password) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                Response r = send("/api/auth/login", Map.of("username", username, "password", password), null);
                if (r.status() == 200) {
                    return r.at("/token").asText();
                }
                assertThat(System.nanoTime()).as("sign in: " + r).isLessThan(deadline);
                Thread.sleep(200);
            }
        }

        Response get(String path) {
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            return exchange(b.GET().build());
        }

        /**
         * POSTs with the key and sends it again, with the same key, while the answer is a dropped connection or the
         * front door's 502/503/504, as a client does; gives up after two minutes.
         */
        Response retried(String path, Object body, String key, Tally tally) {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            boolean first = true;
            while (true) {
                Response r = send(path, body, key);
                boolean transientFailure =
                        r.status() < 0 || r.status() == 502 || r.status() == 503 || r.status() == 504;
                if (!transientFailure || System.nanoTime() > deadline) {
                    return r;
                }
                if (first) {
                    tally.failed(r.status() < 0 ? r.body().asText() : Integer.toString(r.status()));
                    first = false;
                }
                tally.retries.incrementAndGet();
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return r;
                }
            }
        }

        private Response send(String path, Object body, String key) {
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
                if (token != null) {
                    b.header("Authorization", "Bearer " + token);
                }
                if (key != null) {
                    b.header("Idempotency-Key", key);
                }
                return exchange(b.build());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Status -1 with the exception's class name as the body when no answer came. */
        private static Response exchange(HttpRequest request) {
            try {
                HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                JsonNode body;
                try {
                    body = r.body().isEmpty() ? MissingNode.getInstance() : JSON.readTree(r.body());
                } catch (IOException e) {
                    body = JSON.getNodeFactory().textNode(r.body());
                }
                return new Response(r.statusCode(), body);
            } catch (IOException e) {
                return new Response(
                        -1, JSON.getNodeFactory().textNode(e.getClass().getSimpleName()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Response(-1, JSON.getNodeFactory().textNode("interrupted"));
            }
        }
    }

    /**
     * An open live stream of one item, as the SPA holds it: it keeps the last view it was sent and, when its node
     * goes away, opens again through the front door with the last event id.
     */
    private static final class Watch implements AutoCloseable {
        private static final HttpClient SSE = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        final String item;
        final int firstPort;
        final AtomicInteger reconnects = new AtomicInteger();
        private final AtomicInteger stock = new AtomicInteger(-1);
        private volatile boolean closed;
        private final Thread reader;

        Watch(Client direct, Client front, String item) {
            this.item = item;
            this.firstPort = URI.create(direct.base).getPort();
            this.reader = new Thread(() -> read(direct, front), "watch-" + item);
            reader.setDaemon(true);
            reader.start();
        }

        private void read(Client direct, Client front) {
            Client on = direct;
            String lastId = null;
            while (!closed) {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(on.base + "/api/stream/items/" + item))
                        .header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + on.token);
                if (lastId != null) {
                    b.header("Last-Event-ID", lastId);
                }
                try {
                    HttpResponse<Stream<String>> r = SSE.send(b.GET().build(), HttpResponse.BodyHandlers.ofLines());
                    if (r.statusCode() == 200) {
                        String event = null;
                        StringBuilder data = new StringBuilder();
                        for (String line : (Iterable<String>) r.body()::iterator) {
                            if (closed) {
                                break;
                            }
                            if (line.startsWith("event:")) {
                                event = line.substring(6).strip();
                            } else if (line.startsWith("data:")) {
                                data.append(line.substring(5).strip());
                            } else if (line.startsWith("id:")) {
                                lastId = line.substring(3).strip();
                            } else if (line.isEmpty()) {
                                if ("item".equals(event)) {
                                    stock.set(JSON.readTree(data.toString())
                                            .at("/item/currentStock")
                                            .asInt());
                                }
                                event = null;
                                data.setLength(0);
                            }
                        }
                    }
                } catch (IOException | UncheckedIOException e) {
                    // the node went away (a body cut short arrives as UncheckedIOException from the lines):
                    // open again through the front door
                } catch (InterruptedException e) {
                    return;
                }
                if (!closed) {
                    reconnects.incrementAndGet();
                    on = front;
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        int awaitStock(int expected, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (stock.get() != expected && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return stock.get();
        }

        @Override
        public void close() {
            closed = true;
            reader.interrupt();
        }
    }
}
