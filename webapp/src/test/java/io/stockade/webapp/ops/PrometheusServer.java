package io.stockade.webapp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real Prometheus (Debian's package, which {@code .ci/run} installs) scraping one Stockade management port every
 * second and evaluating the committed rules every second. Its configuration is the committed
 * {@code ops/prometheus/prometheus.yml} with only the intervals, the target's port and the rule files' paths
 * rewritten; it keeps its data in its own temporary directory, which {@link #close()} removes.
 */
final class PrometheusServer implements AutoCloseable {
    static final Path OPS = Path.of("..", "ops", "prometheus").toAbsolutePath().normalize();
    private static final Path BINARY = Path.of("/usr/bin/prometheus");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Process process;
    private final int port;

    private PrometheusServer(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** Starts Prometheus on a free loopback port, scraping {@code managementPort}, with {@code extraRules} loaded. */
    static PrometheusServer start(int managementPort, Path... extraRules) throws Exception {
        assertThat(BINARY)
                .as("prometheus (Debian package prometheus; .ci/run installs it: apt-get install prometheus)")
                .isExecutable();
        Path dir = Files.createTempDirectory("stockade-prometheus-");
        String committed = Files.readString(OPS.resolve("prometheus.yml"));
        StringBuilder rules = new StringBuilder("rule_files:\n  - " + OPS.resolve("rules/stockade.yml") + "\n");
        for (Path extra : extraRules) {
            rules.append("  - ").append(extra.toAbsolutePath()).append('\n');
        }
        String config = replaceOnce(committed, "scrape_interval: 15s", "scrape_interval: 1s");
        config = replaceOnce(config, "evaluation_interval: 15s", "evaluation_interval: 1s");
        config = replaceOnce(config, "\"127.0.0.1:8081\"", "\"127.0.0.1:" + managementPort + "\"");
        config = replaceOnce(config, "rule_files:\n  - rules/stockade.yml\n", rules.toString());
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process process = new ProcessBuilder(
                        BINARY.toString(),
                        "--config.file=" + file,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--web.console.templates=" + dir.resolve("consoles"),
                        "--web.console.libraries=" + dir.resolve("console_libraries"),
                        "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        PrometheusServer server = new PrometheusServer(dir, process, port);
        try {
            server.awaitReady();
        } catch (RuntimeException | Error | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static String replaceOnce(String text, String what, String with) {
        assertThat(text).as("ops/prometheus/prometheus.yml holds " + what).contains(what);
        return text.replace(what, with);
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus exited: " + log());
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("prometheus did not become ready: " + log());
    }

    /** {@code GET /api/v1/query}: the whole answer, whatever its status (a parse error answers 400). */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return JSON.readTree(get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
                .body());
    }

    /** The alerts Prometheus holds now ({@code /api/v1/alerts}), pending and firing. */
    List<JsonNode> alerts() throws IOException, InterruptedException {
        JsonNode answer = JSON.readTree(get("/api/v1/alerts").body());
        assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("success");
        List<JsonNode> alerts = new ArrayList<>();
        answer.at("/data/alerts").forEach(alerts::add);
        return alerts;
    }

    /** Health of the single scrape target as Prometheus reports it ({@code up}, {@code down}, {@code unknown}). */
    String targetHealth() throws IOException, InterruptedException {
        JsonNode active = JSON.readTree(get("/api/v1/targets").body()).at("/data/activeTargets");
        return active.size() == 1 ? active.get(0).path("health").asText() : "none";
    }

    /** Rule groups as loaded ({@code /api/v1/rules}): proves the committed rule file was read. */
    JsonNode rules() throws IOException, InterruptedException {
        return JSON.readTree(get("/api/v1/rules").body());
    }

    String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
