package io.stockade.webapp.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.webapp.support.Api;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar on its embedded default, started as a separate process: its data survives a
 * clean stop and a {@code kill -9} (the next start clears the orphaned PostgreSQL and carries on).
 */
class RestartIT {
    private static final String PASSWORD = "Restart-Test-Pass1!";
    private Path dataDir;
    private Process app;
    private int port;

    @BeforeEach
    void setUp() throws IOException {
        dataDir = Files.createTempDirectory("stockade-restart-");
        // As root, PostgreSQL runs as an unprivileged user that must be able to enter the directory.
        Files.setPosixFilePermissions(dataDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null && app.isAlive()) {
            app.destroy();
            app.waitFor();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void shouldKeepEveryAcceptedChangeAcrossACleanStopAndAKill9() throws Exception {
        start();
        Api admin = login();
        Api.Response created = admin.post("/api/inventory", Map.of("name", "Survivor", "location", "R", "currentStock", 10));
        assertThat(created.status()).isEqualTo(201);
        String id = created.at("/item/id").asText();
        assertThat(admin.post("/api/inventory/" + id + "/stock", Map.of("quantity", 4, "reason", "before crash",
                "type", "deduction")).status()).isEqualTo(200);

        app.destroyForcibly().waitFor();
        assertThat(app.exitValue()).isEqualTo(137);
        start();
        admin = login();
        Api.Response afterKill = admin.get("/api/inventory/" + id);
        assertThat(afterKill.status()).isEqualTo(200);
        assertThat(afterKill.at("/item/currentStock").asInt()).isEqualTo(6);
        assertThat(admin.post("/api/inventory/" + id + "/stock", Map.of("quantity", 1, "reason", "after crash",
                "type", "deduction")).status()).isEqualTo(200);

        app.destroy();
        assertThat(app.waitFor()).isIn(0, 143);

        // The operator's command creates a second organisation in the same data directory.
        Path passwordFile = dataDir.resolve("acme-password");
        Files.writeString(passwordFile, "Acme-Warehouse-2026!");
        Process cli = command("org", "create", "--name", "Acme", "--admin-username", "acme-boss",
                "--admin-email", "boss@acme.test", "--admin-password-file", passwordFile.toString()).start();
        assertThat(cli.waitFor()).as(Files.readString(dataDir.resolve("app.log"))).isZero();

        start();
        Api acme = new Api(port).login("acme-boss", "Acme-Warehouse-2026!");
        assertThat(acme.get("/api/inventory/" + id).status()).isEqualTo(404);
        admin = login();
        assertThat(admin.get("/api/inventory/" + id).at("/item/currentStock").asInt()).isEqualTo(5);
        long deadline = System.currentTimeMillis() + 10_000;
        int lines;
        do {
            lines = admin.get("/api/inventory/" + id + "/history").at("/total").asInt();
        } while (lines != 3 && System.currentTimeMillis() < deadline);
        assertThat(lines).isEqualTo(3);
    }

    /** The first Admin is created once the application is ready, a moment after it starts answering. */
    private Api login() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Api.Response r = new Api(port).post("/api/auth/login", Map.of("username", "admin", "password", PASSWORD));
            if (r.status() == 200) {
                return new Api(port).as(r.at("/token").asText());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("cannot sign in: " + r);
            }
            Thread.sleep(200);
        }
    }

    private ProcessBuilder command(String... args) {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(javaBin, "-Xmx512m", "-jar",
                Path.of("target", "stockade.jar").toAbsolutePath().toString()));
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("app.log").toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("SPRING_") || k.startsWith("STOCKADE_"));
        pb.environment().putAll(Map.of("SERVER_PORT", Integer.toString(port), "STOCKADE_DATA_DIR", dataDir.toString(),
                "STOCKADE_BOOTSTRAP_ADMIN_USERNAME", "admin", "STOCKADE_BOOTSTRAP_ADMIN_EMAIL", "admin@example.test",
                "STOCKADE_BOOTSTRAP_ADMIN_PASSWORD", PASSWORD, "STOCKADE_HTTPS_PORT", "0"));
        return pb;
    }

    private void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        app = command().start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new AssertionError("the application exited: " + Files.readString(dataDir.resolve("app.log")));
            }
            try {
                if (new Api(port).get("/health").status() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the application did not start: " + Files.readString(dataDir.resolve("app.log")));
    }
}
