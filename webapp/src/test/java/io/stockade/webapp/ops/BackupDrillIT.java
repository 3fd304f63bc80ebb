package io.stockade.webapp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.platform.db.DatabaseProvisioner.Provisioned;
import io.stockade.testsupport.TestServices;
import io.stockade.testsupport.process.ClusterSecrets;
import io.stockade.testsupport.process.DataDirs;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.JarProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backup and recovery drill of issue 16, as an operator runs it: {@code ops/drill/drill.sh} backs up a running
 * jar's database (everything but the read models, and only the tokens of the processors that act on the world),
 * restores it into an empty database, a jar started on it replays every projection, and every read-model table
 * equals the original's; one row changed by hand is caught. A person erased after the backup stays erased after a
 * restore: the erasure record kept outside PostgreSQL is applied again at start-up.
 */
class BackupDrillIT {
    private static final String PASSWORD = "Backup-Drill-Pass1!";

    /** Three starts in a row, each on a machine other builds share: more room than one start's 120 s. */
    private static final Duration START = Duration.ofSeconds(300);

    private Provisioned db;
    private Path dir;
    private final List<JarProcess> nodes = new ArrayList<>();
    private final List<String> restored = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        db = TestServices.newDatabase();
        dir = DataDirs.create("stockade-drill-");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (JarProcess node : nodes) {
            node.stopQuietly();
        }
        Drill.dropRestored(restored);
        TestServices.drop(db);
        DataDirs.delete(dir);
    }

    @Test
    void shouldRebuildEqualReadModelsAndKeepErasuresWhenABackupIsRestored() throws Exception {
        Map<String, String> secrets = ClusterSecrets.generate("backup-drill-link-key");
        Path erasures = dir.resolve("erasures");
        JarProcess original = node("original", db.database(), secrets, erasures)
                .startTimeout(START)
                .start();
        Api admin = original.login("admin", PASSWORD);
        String person = seed(admin, original.port());
        drill("await", "--management", management(original), "--timeout", "60");

        Path backup = dir.resolve("backup");
        drill("backup", "--db", db.database(), "--out", backup.toString());
        assertThat(Files.readAllLines(backup.resolve("read-models.tsv")))
                .as("every read model has rows to compare")
                .anySatisfy(l -> assertThat(l).startsWith("read.inventory_item|"))
                .anySatisfy(l -> assertThat(l).startsWith("alerting.alert_item|"))
                .allSatisfy(l -> assertThat(l).doesNotStartWith("read.audit_access|"));

        // After the backup: the person asks to be forgotten.
        Api.Response erased = admin.post("/api/users/" + person + "/erase", Map.of("reason", "asked to be forgotten"));
        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
        try (var files = Files.walk(erasures)) {
            assertThat(files.filter(f -> f.getFileName().toString().equals(person)))
                    .as("the erasure is recorded outside the database")
                    .hasSize(1);
        }
        original.stop();

        // 1. A restore replays into read models equal to the original's, and a difference is caught.
        String first = restore(backup, "r1");
        JarProcess replayed = node("replayed", first, secrets, dir.resolve("no-erasures"))
                .startTimeout(START)
                .start();
        drill("await", "--management", management(replayed), "--timeout", "120");
        replayed.stop();
        Drill.Result same = drill(
                "compare",
                "--db",
                first,
                "--expected",
                backup.resolve("read-models.tsv").toString());
        assertThat(same.exit()).as(same.output()).isZero();
        corruptOneRow(first);
        Drill.Result caught = drill(
                "compare",
                "--db",
                first,
                "--expected",
                backup.resolve("read-models.tsv").toString());
        assertThat(caught.exit()).as(caught.output()).isEqualTo(1);
        assertThat(caught.output()).contains("read.inventory_item|").contains("read models differ");

        // 2. The same backup restored where the erasure records are: the person stays erased.
        String second = restore(backup, "r2");
        JarProcess afterErasure =
                node("restored", second, secrets, erasures).startTimeout(START).start();
        drill("await", "--management", management(afterErasure), "--timeout", "120");
        assertThat(new Api(afterErasure.port())
                        .post("/api/auth/login", Map.of("username", "drill-person", "password", PASSWORD))
                        .status())
                .isEqualTo(401);
        try (Connection c = TestServices.postgres().connect(second)) {
            assertThat(query(
                            c,
                            "select count(*) from privacy.subject_key where subject_id = ? and key_bytes is null",
                            person))
                    .as("the person's key is destroyed again")
                    .isEqualTo("1");
            assertThat(query(c, "select username from command.user_account where user_id = ?", person))
                    .isEqualTo("[erased]");
            assertThat(query(c, "select username from read.identity_user where user_id = ?", person))
                    .as("the replayed user list")
                    .isEqualTo("[erased]");
            assertThat(query(
                            c, "select count(*) from read.ledger_transaction where reason like '%drill reason%'", null))
                    .as("their movement reasons replayed as erased")
                    .isEqualTo("0");
            assertThat(query(
                            c,
                            "select count(*) from axon.domain_event_entry where aggregate_identifier = ?::text"
                                    + " and payload_type like '%UserErased%'",
                            person))
                    .as("the log records the erasure again")
                    .isEqualTo("1");
        }
        Api adminAfter = afterErasure.login("admin", PASSWORD);
        assertThat(adminAfter.get("/api/users").raw()).doesNotContain("drill-person");
    }

    /**
     * A small organisation through the public API: categories, items with thresholds, movements (one below its
     * threshold, which raises an alert, a notification and a mail), and a person who signs in and moves stock with
     * a reason. Returns that person's id.
     */
    private String seed(Api admin, int port) {
        String parent = admin.post("/api/categories", Map.of("name", "Hardware"))
                .at("/category/id")
                .asText();
        String child = admin.post("/api/categories", Map.of("name", "Fasteners", "parentId", parent))
                .at("/category/id")
                .asText();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Map<String, Object> item = new HashMap<>(Map.of(
                    "name", "Drill item " + i, "location", "Aisle " + (i % 3), "currentStock", 20, "minThreshold", 5));
            item.put("categoryId", parent);
            if (i % 2 == 1) {
                item.put("subCategoryId", child);
            }
            Api.Response created = admin.post("/api/inventory", item);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            items.add(created.at("/item/id").asText());
        }
        for (String item : items) {
            assertThat(admin.post(
                                    "/api/inventory/" + item + "/stock",
                                    Map.of("quantity", 4, "reason", "delivery", "type", "addition"))
                            .status())
                    .isEqualTo(200);
        }
        Api.Response registered = admin.post(
                "/api/auth/register",
                Map.of(
                        "username",
                        "drill-person",
                        "email",
                        "drill-person@example.test",
                        "password",
                        PASSWORD,
                        "role",
                        "Manager"));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        Api person = new Api(port).login("drill-person", PASSWORD);
        Api.Response low = person.post(
                "/api/inventory/" + items.get(0) + "/stock",
                Map.of("quantity", 20, "reason", "drill reason: picked for a customer", "type", "deduction"));
        assertThat(low.status()).as(low.toString()).isEqualTo(200);
        return registered.at("/user/id").asText();
    }

    private JarProcess node(String name, String database, Map<String, String> secrets, Path erasures)
            throws IOException {
        Path data = Files.createDirectories(dir.resolve(name));
        Provisioned on = new Provisioned(database, db.ownerUser(), db.ownerPassword(), db.appUser(), db.appPassword());
        Map<String, String> env = JarProcess.onDatabase(on, data, PASSWORD);
        env.putAll(secrets);
        env.put("STOCKADE_PRIVACY_ERASURE_DIR", erasures.toString());
        JarProcess node = new JarProcess(dir.resolve(name + ".log"), env);
        nodes.add(node);
        return node;
    }

    private String restore(Path backup, String suffix) throws Exception {
        String name = db.database() + "_" + suffix;
        restored.add(name);
        drill("restore", "--from", backup.toString(), "--db", name, "--owner", db.ownerUser(), "--app", db.appUser());
        return name;
    }

    /** One read-model value changed behind the projections' back, as a faulty restore or a bad hand would. */
    private static void corruptOneRow(String database) throws SQLException {
        try (Connection c = TestServices.postgres().connect(database);
                Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("update read.inventory_item set current_stock = current_stock + 1"
                            + " where ctid = (select ctid from read.inventory_item limit 1)"))
                    .isEqualTo(1);
        }
    }

    private static String management(JarProcess node) {
        return "http://127.0.0.1:" + node.managementPort();
    }

    private static String query(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (id != null) {
                ps.setObject(1, UUID.fromString(id));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static Drill.Result drill(String... args) throws Exception {
        return Drill.run(args);
    }
}
