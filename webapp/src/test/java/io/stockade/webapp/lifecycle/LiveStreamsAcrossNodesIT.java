package io.stockade.webapp.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockade.platform.db.DatabaseProvisioner.Provisioned;
import io.stockade.testsupport.TestServices;
import io.stockade.testsupport.process.ClusterSecrets;
import io.stockade.testsupport.process.DataDirs;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.JarProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live streams on a node that did not apply the change (issue 15). Two all-in-one nodes on one PostgreSQL, without
 * Axon Server; node B starts first and so owns the only segment of every processor, node A handles the request and
 * serves the streams. The change reaches A's streams through PostgreSQL's NOTIFY, sent in B's projection
 * transaction; B's own stream hears it from B's emitter, which is the baseline the latency is compared with.
 */
class LiveStreamsAcrossNodesIT {
    private static final String PASSWORD = "Live-Nodes-Pass1!";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration START = Duration.ofMinutes(6);
    private Provisioned db;
    private Path dir;
    private final List<JarProcess> nodes = new ArrayList<>();
    private final List<Stream> streams = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        db = TestServices.newDatabase();
        dir = DataDirs.create("stockade-live-nodes-");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Stream s : streams) {
            s.close();
        }
        for (JarProcess node : nodes) {
            node.stopQuietly();
        }
        TestServices.drop(db);
        DataDirs.delete(dir);
    }

    @Test
    void shouldPushTheNewViewToAStreamOnNodeAWhenNodeBsProjectionAppliedTheChange() throws Exception {
        Map<String, String> secrets = ClusterSecrets.generate("shared-link-key-for-live-nodes");
        JarProcess b = node("b", secrets).start();
        JarProcess a = node("a", secrets).start();
        assertThat(owners("inventory-items"))
                .as(
                        "node B (pid %d) applies every inventory change",
                        b.process().pid())
                .containsOnly(b.process().pid() + "@");
        assertThat(owners("inventory-ledger")).containsOnly(b.process().pid() + "@");

        Api onA = a.login("admin", PASSWORD);
        String id = onA.post(
                        "/api/inventory",
                        Map.of("name", "Across nodes", "location", "X", "currentStock", 10, "minThreshold", 3))
                .at("/item/id")
                .asText();
        Stream itemOnA = open(a, onA.token(), "/api/stream/items/" + id);
        Stream dashboardOnA = open(a, onA.token(), "/api/stream/dashboard");
        Stream itemOnB = open(b, onA.token(), "/api/stream/items/" + id);
        assertThat(itemOnA.next(e -> true, Duration.ofSeconds(10))
                        .json()
                        .at("/item/currentStock")
                        .asInt())
                .isEqualTo(10);
        long lowBefore = dashboardOnA
                .next(e -> true, Duration.ofSeconds(10))
                .json()
                .get("lowStockCount")
                .asLong();
        itemOnB.next(e -> true, Duration.ofSeconds(10));
        // A stream's first push waits out its 200 ms gap after the first view: let it pass, so as not to time it.
        Thread.sleep(300);

        long sent = System.nanoTime();
        Api.Response deducted = onA.post(
                "/api/inventory/" + id + "/stock", Map.of("quantity", 8, "reason", "pick", "type", "deduction"));
        long answered = System.nanoTime();
        assertThat(deducted.status()).isEqualTo(200);

        Event pushedOnA = itemOnA.next(e -> e.json().at("/item/currentStock").asInt() == 2, Duration.ofSeconds(10));
        Event pushedOnB = itemOnB.next(e -> e.json().at("/item/currentStock").asInt() == 2, Duration.ofSeconds(10));
        Event dashboard =
                dashboardOnA.next(e -> e.json().get("lowStockCount").asLong() == lowBefore + 1, Duration.ofSeconds(10));
        assertThat(pushedOnA.json().at("/item/status").asText()).isEqualTo("Low Stock");
        System.out.printf(
                "Live push after a stock change applied by node B: item stream on node A (across nodes, via"
                        + " NOTIFY) %d ms, on node B (its own emitter, baseline) %d ms, ratio %.2f; dashboard on A"
                        + " %d ms; the POST on A answered after %d ms%n",
                pushedOnA.millisAfter(sent),
                pushedOnB.millisAfter(sent),
                (double) pushedOnA.millisAfter(sent) / Math.max(1, pushedOnB.millisAfter(sent)),
                dashboard.millisAfter(sent),
                TimeUnit.NANOSECONDS.toMillis(answered - sent));
        assertThat(pushedOnA.millisAfter(sent)).isLessThan(3000);

        String scrape = get("http://127.0.0.1:" + a.managementPort() + "/actuator/prometheus");
        assertThat(metric(scrape, "stockade_live_notices_received_total\\{[^}]*from=\"other\"[^}]*}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metric(scrape, "stockade_live_listener_connected\\{?[^}]*}?"))
                .isEqualTo(1);
        assertThat(scrape).doesNotContain(db.appPassword());
    }

    private JarProcess node(String name, Map<String, String> extra) throws Exception {
        Path data = Files.createDirectories(dir.resolve(name));
        Map<String, String> env = JarProcess.onDatabase(db, data, PASSWORD);
        env.putAll(extra);
        JarProcess node = new JarProcess(dir.resolve(name + ".log"), env).startTimeout(START);
        nodes.add(node);
        return node;
    }

    /** The owners of a processor's segments, as {@code <pid>@} (Axon names a node by its JVM, pid@host). */
    private List<String> owners(String processor) throws Exception {
        List<String> owners = new ArrayList<>();
        try (Connection su = TestServices.postgres().connect(db.database());
                PreparedStatement st =
                        su.prepareStatement("select owner from axon.token_entry where processor_name = ?")) {
            st.setString(1, processor);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String owner = rs.getString(1);
                    owners.add(owner == null ? "(none)" : owner.substring(0, owner.indexOf('@') + 1));
                }
            }
        }
        return owners;
    }

    private static double metric(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("%s in the scrape", series).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private Stream open(JarProcess node, String token, String path) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                        .header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        Stream s = new Stream(response);
        streams.add(s);
        return s;
    }

    record Event(String name, String data, long receivedNanos) {
        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + data, e);
            }
        }

        long millisAfter(long startNanos) {
            return TimeUnit.NANOSECONDS.toMillis(receivedNanos - startNanos);
        }
    }

    /** The named events of one text/event-stream, read on their own thread (comments and ids skipped). */
    static final class Stream implements AutoCloseable {
        private final HttpResponse<InputStream> response;
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

        Stream(HttpResponse<InputStream> response) {
            this.response = response;
            Thread reader = new Thread(this::read, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String name = "message";
                StringBuilder data = new StringBuilder();
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            events.add(new Event(name, data.toString(), System.nanoTime()));
                        }
                        name = "message";
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
            } catch (IOException ignored) {
                // closed by the test
            }
        }

        /** The next event of the view (an {@code end} event fails), matching {@code matching}; fails after {@code within}. */
        Event next(Predicate<Event> matching, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (true) {
                Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new AssertionError("no matching event within " + within.toMillis() + " ms");
                }
                assertThat(e.name()).as("the stream went on").isNotEqualTo("end");
                if (matching.test(e)) {
                    return e;
                }
            }
        }

        @Override
        public void close() throws IOException {
            response.body().close();
        }
    }
}
