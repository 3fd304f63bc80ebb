package io.stockade.testsupport.process;

import io.stockade.platform.db.DatabaseProvisioner;
import io.stockade.testsupport.TestServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A packaged jar as a separate process, as an operator runs it: only environment variables configure it. The
 * all-in-one jar's suites (webapp) and the command-side and query-side services' suites start their jars with it.
 */
public class JarProcess {
    private static final HttpClient READY =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path jar;
    private final Path log;
    private final Map<String, String> env;
    private Duration startTimeout = Duration.ofSeconds(120);
    private Process process;
    private int port;
    private int fixedPort;
    private int httpsPort;
    private int managementPort;

    /** {@code jar} relative to the module that runs the test, e.g. {@code target/stockade.jar}. */
    public JarProcess(Path jar, Path log, Map<String, String> env) {
        this.jar = jar;
        this.log = log;
        this.env = new HashMap<>(env);
    }

    /** How long {@link #start()} waits for {@code /health} (120 s unless a suite starts heavier processes). */
    public JarProcess startTimeout(Duration timeout) {
        this.startTimeout = timeout;
        return this;
    }

    /**
     * Listens on this HTTP port instead of a free one chosen at {@link #start()}: for a process whose address others
     * must be told before it starts (a restarted process takes a free port again).
     */
    public JarProcess onPort(int fixed) {
        this.fixedPort = fixed;
        return this;
    }

    public int managementPort() {
        return managementPort;
    }

    public int port() {
        return port;
    }

    public int httpsPort() {
        return httpsPort;
    }

    public Process process() {
        return process;
    }

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Runs the jar with {@code args} (a command of the jar) and waits for it to exit. */
    public int run(String... args) throws Exception {
        Process p = builder(args).start();
        return p.waitFor();
    }

    /**
     * The environment of a node on an external test database (owner and application roles), with its
     * own data directory and the first Admin {@code admin} / {@code adminPassword}.
     */
    public static Map<String, String> onDatabase(
            DatabaseProvisioner.Provisioned db, Path dataDir, String adminPassword) {
        return new HashMap<>(Map.of(
                "SPRING_DATASOURCE_URL", TestServices.jdbcUrl(db),
                "SPRING_DATASOURCE_USERNAME", db.appUser(),
                "SPRING_DATASOURCE_PASSWORD", db.appPassword(),
                "STOCKADE_DB_MIGRATION_USERNAME", db.ownerUser(),
                "STOCKADE_DB_MIGRATION_PASSWORD", db.ownerPassword(),
                "STOCKADE_DATA_DIR", dataDir.toString(),
                "STOCKADE_BOOTSTRAP_ADMIN_USERNAME", "admin",
                "STOCKADE_BOOTSTRAP_ADMIN_EMAIL", "admin@example.test",
                "STOCKADE_BOOTSTRAP_ADMIN_PASSWORD", adminPassword));
    }

    /** Starts the nodes at once, as a deployment does, and fails if any of them does not come up. */
    public static void startTogether(JarProcess... nodes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(nodes.length);
        try {
            List<Future<JarProcess>> started = new ArrayList<>();
            for (JarProcess node : nodes) {
                started.add(pool.submit(node::start));
            }
            for (Future<JarProcess> f : started) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Starts the server on a free port and waits until it answers {@code /health}. */
    public JarProcess start() throws Exception {
        try (ServerSocket s = new ServerSocket(0);
                ServerSocket t = new ServerSocket(0);
                ServerSocket m = new ServerSocket(0)) {
            port = fixedPort > 0 ? fixedPort : s.getLocalPort();
            fixedPort = 0;
            httpsPort = t.getLocalPort();
            managementPort = m.getLocalPort();
        }
        process = builder().start();
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the application exited: " + log());
            }
            // A plain poll, not an Api exchange: the contract check would fetch /api/docs on every poll while the
            // server answers 503 "starting", and a production node's anonymous rate limit then refuses the polls.
            try {
                HttpResponse<Void> health = READY.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the application did not start: " + log());
    }

    /** Starts the jar and waits for it to exit on its own (a start that must be refused). */
    public int startExpectingExit(Duration within) throws Exception {
        process = builder().start();
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the application kept running: " + log());
        }
        return process.exitValue();
    }

    public int kill() throws InterruptedException {
        return process.destroyForcibly().waitFor();
    }

    public int stop() throws InterruptedException {
        process.destroy();
        return process.waitFor();
    }

    public void stopQuietly() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    private ProcessBuilder builder(String... args) {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(
                List.of(javaBin, "-Xmx512m", "-jar", jar.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("SPRING_") || k.startsWith("STOCKADE_"));
        pb.environment().putAll(env);
        // The suites measure the product, not the limiter: raised limits unless a test asks for the real ones.
        pb.environment().putIfAbsent("SPRING_PROFILES_ACTIVE", "test");
        pb.environment().put("SERVER_PORT", Integer.toString(port));
        pb.environment().putIfAbsent("STOCKADE_HTTPS_PORT", Integer.toString(httpsPort));
        pb.environment().putIfAbsent("MANAGEMENT_SERVER_PORT", Integer.toString(managementPort));
        return pb;
    }
}
