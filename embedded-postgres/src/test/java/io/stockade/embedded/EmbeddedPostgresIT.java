package io.stockade.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Starts real PostgreSQL 16 binaries. Works as root (PostgreSQL then runs as stockade-pg) and as non-root.
 * The base directory is created under java.io.tmpdir (override with -Dstockade.pg.it.dir=/some/dir); it must
 * not be below a mode-700 directory such as /root when running as root.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedPostgresIT {

    private static Path baseDir;
    private static final List<String> timings = new ArrayList<>();

    @BeforeAll
    static void createBaseDir() throws IOException {
        Path parent = Path.of(System.getProperty("stockade.pg.it.dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(parent);
        baseDir = Files.createTempDirectory(parent, "stockade-pg-it-");
        // createTempDirectory makes it 700; PostgreSQL may run as another user (JVM = root)
        Files.setPosixFilePermissions(baseDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        timings.forEach(t -> System.out.println("[EmbeddedPostgresIT timing] " + t));
        if (baseDir == null) {
            return;
        }
        try {
            // stops a postmaster left over by a failed test (recovering it like an orphan)
            if (Files.exists(baseDir.resolve("pgdata/postmaster.pid"))) {
                EmbeddedPostgres.start(baseDir).close();
            }
        } finally {
            EmbeddedPostgres.deleteRecursively(baseDir);
        }
    }

    @Test
    @Order(1)
    void startConnectCreateTableStopRestartFindsData() throws Exception {
        long t0 = System.nanoTime();
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(baseDir)) {
            timings.add("first start (extract + initdb + start): " + ms(t0) + " ms");
            assertTrue(pg.port() > 0);
            assertEquals("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres", pg.jdbcUrl("postgres"));
            assertFalse(pg.toString().contains(pg.superuserPassword()));

            Path pwFile = baseDir.resolve("pg-superuser.password");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pwFile)));
            assertEquals(pg.superuserPassword(), Files.readString(pwFile).strip());
            assertTrue(pg.superuserPassword().length() >= 32);

            try (Connection c = connect(pg, "postgres");
                    Statement st = c.createStatement()) {
                st.execute("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)");
                st.execute("INSERT INTO items VALUES (1, 'first')");
                assertEquals("on", scalar(st, "SHOW fsync"));
                assertEquals("200", scalar(st, "SHOW max_connections"));
                assertEquals("128MB", scalar(st, "SHOW shared_buffers"));
                assertEquals("127.0.0.1", scalar(st, "SHOW listen_addresses"));
                assertEquals("", scalar(st, "SHOW unix_socket_directories"));
                assertEquals("UTF8", scalar(st, "SHOW server_encoding"));
                assertTrue(scalar(st, "SELECT version()").startsWith("PostgreSQL 16."));
            }
            // wrong password is rejected (scram-sha-256)
            assertThrows(
                    SQLException.class,
                    () -> DriverManager.getConnection(pg.jdbcUrl("postgres"), "postgres", "wrong")
                            .close());

            pg.createDatabaseIfNotExists("stockade");
            pg.createDatabaseIfNotExists("stockade");
            try (Connection c = connect(pg, "stockade")) {
                assertTrue(c.isValid(5));
            }

            // second instance on the same base dir in this JVM: refused by the lock
            EmbeddedPostgres.EmbeddedPostgresException e = assertThrows(
                    EmbeddedPostgres.EmbeddedPostgresException.class, () -> EmbeddedPostgres.start(baseDir));
            assertTrue(e.getMessage().contains("in use by another running process"), e.getMessage());
        }
        assertFalse(Files.exists(baseDir.resolve("pgdata/postmaster.pid")), "postmaster.pid left after stop");

        long t1 = System.nanoTime();
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(baseDir)) {
            timings.add("warm restart: " + ms(t1) + " ms");
            try (Connection c = connect(pg, "postgres");
                    Statement st = c.createStatement()) {
                assertEquals("first", scalar(st, "SELECT name FROM items WHERE id = 1"));
            }
        }
        String serverLog = Files.readString(baseDir.resolve("postgres.log"));
        try (var s = Files.lines(baseDir.resolve("pg-superuser.password"))) {
            String pw = s.findFirst().orElseThrow();
            assertFalse(serverLog.contains(pw), "password leaked into postgres.log");
        }
    }

    @Test
    @Order(2)
    void survivesKill9OfTheJvmAndRecoversTheOrphanedPostmaster() throws Exception {
        Path childLog = baseDir.resolveSibling(baseDir.getFileName() + "-child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ChildMain.class.getName(),
                        baseDir.toString())
                .redirectError(childLog.toFile());
        long tChild = System.nanoTime();
        Process child = pb.start();
        int childPort;
        long orphanPid;
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                        try {
                            for (String l; (l = out.readLine()) != null; ) {
                                if (l.startsWith("READY ")) {
                                    return l;
                                }
                            }
                            return null;
                        } catch (IOException e) {
                            return null;
                        }
                    })
                    .get(120, TimeUnit.SECONDS);
            assertTrue(
                    line != null,
                    "child JVM did not start PostgreSQL; see " + childLog + ":\n" + readQuietly(childLog));
            childPort = Integer.parseInt(line.substring("READY ".length()).trim());
            timings.add("warm start in child JVM (incl. JVM startup): " + ms(tChild) + " ms");

            String pw =
                    Files.readString(baseDir.resolve("pg-superuser.password")).strip();
            try (Connection c = DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + childPort + "/postgres", "postgres", pw);
                    Statement st = c.createStatement()) {
                st.execute("INSERT INTO items VALUES (2, 'written before kill -9')");
            }

            // the live child JVM holds the lock
            EmbeddedPostgres.EmbeddedPostgresException e = assertThrows(
                    EmbeddedPostgres.EmbeddedPostgresException.class, () -> EmbeddedPostgres.start(baseDir));
            assertTrue(e.getMessage().contains("in use by another running process"), e.getMessage());

            orphanPid = Long.parseLong(Files.readAllLines(baseDir.resolve("pgdata/postmaster.pid"))
                    .get(0)
                    .trim());
        } finally {
            child.destroyForcibly(); // SIGKILL == kill -9
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, child.exitValue(), "child should have died from SIGKILL");
        assertTrue(
                ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false),
                "postmaster should survive kill -9 of its JVM");
        assertTrue(Processes.isPostmasterOf(orphanPid, baseDir.toRealPath().resolve("pgdata")));

        long t0 = System.nanoTime();
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(baseDir)) {
            timings.add("recovery start after kill -9 (stop orphan + start): " + ms(t0) + " ms");
            assertFalse(Processes.isPostmasterOf(orphanPid, pg.dataDirectory()), "orphan still running");
            try (Connection c = connect(pg, "postgres");
                    Statement st = c.createStatement()) {
                assertEquals("2", scalar(st, "SELECT count(*) FROM items"));
                assertEquals("written before kill -9", scalar(st, "SELECT name FROM items WHERE id = 2"));
            }
        }
        Files.deleteIfExists(childLog);
    }

    @Test
    @Order(3)
    void stalePidFileIsRemoved() throws Exception {
        Path pidFile = baseDir.resolve("pgdata/postmaster.pid");
        long deadPid = findDeadPid();
        // a live process that looks like a postgres of another cluster: must be left alone
        Process foreign = new ProcessBuilder("bash", "-c", "exec -a /opt/other/bin/postgres sleep 300").start();
        try {
            long[] stalePids = {deadPid, ProcessHandle.current().pid(), foreign.pid()};
            for (long stale : stalePids) {
                startWithStalePidFile(pidFile, stale, stale == deadPid ? "dead" : "alive, not our postmaster");
            }
            assertTrue(foreign.isAlive(), "a foreign process was killed");
        } finally {
            foreign.destroyForcibly();
        }
    }

    private static void startWithStalePidFile(Path pidFile, long stale, String what) throws Exception {
        Files.writeString(
                pidFile,
                stale + "\n" + baseDir.toRealPath().resolve("pgdata") + "\n1700000000\n5432\n\n"
                        + "127.0.0.1\n  5432001  0\nready   \n");
        long t0 = System.nanoTime();
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(baseDir)) {
            timings.add("start with stale postmaster.pid (pid " + what + "): " + ms(t0) + " ms");
            long newPid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            assertNotEquals(stale, newPid);
            try (Connection c = connect(pg, "postgres");
                    Statement st = c.createStatement()) {
                assertEquals("2", scalar(st, "SELECT count(*) FROM items"));
            }
        }
    }

    @Test
    @Order(4)
    void fixedPortIsUsed() throws Exception {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(baseDir, port)) {
            assertEquals(port, pg.port());
            try (Connection c = connect(pg, "postgres")) {
                assertTrue(c.isValid(5));
            }
        }
    }

    @Test
    @Order(5)
    void baseDirUnderAPrivateParentIsRejectedAsRootAndUsableOtherwise() throws Exception {
        Path privateDir = Files.createTempDirectory("stockade-pg-private-"); // mode 700, like /root
        try {
            if (RunAs.effectiveUid() == 0) {
                // PostgreSQL runs as an unprivileged user that could not enter the directory: say so up front.
                EmbeddedPostgres.EmbeddedPostgresException e = assertThrows(
                        EmbeddedPostgres.EmbeddedPostgresException.class,
                        () -> EmbeddedPostgres.start(privateDir.resolve("data")));
                assertTrue(e.getMessage().contains("cannot traverse " + privateDir.toRealPath()), e.getMessage());
            } else {
                // Not root: PostgreSQL runs as this very user, who owns the directory.
                try (EmbeddedPostgres pg = EmbeddedPostgres.start(privateDir.resolve("data"));
                        Connection c = connect(pg, "postgres")) {
                    assertTrue(c.isValid(5));
                }
            }
        } finally {
            EmbeddedPostgres.deleteRecursively(privateDir);
        }
    }

    /** Main of the child JVM that is killed with SIGKILL: starts PostgreSQL, reports, then waits forever. */
    public static final class ChildMain {
        public static void main(String[] args) throws Exception {
            EmbeddedPostgres pg = EmbeddedPostgres.start(Path.of(args[0]));
            System.out.println("READY " + pg.port());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Connection connect(EmbeddedPostgres pg, String db) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(db), pg.superuser(), pg.superuserPassword());
    }

    private static String scalar(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    private static long findDeadPid() {
        for (long p = 4_000_000; p > 100_000; p -= 7) {
            if (ProcessHandle.of(p).isEmpty() && !Files.exists(Path.of("/proc/" + p))) {
                return p;
            }
        }
        throw new IllegalStateException("no free pid found");
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    private static long ms(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
