package io.stockade.webapp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockade.command.host.CommandServiceApplication;
import io.stockade.platform.errors.Problems;
import io.stockade.query.host.QueryServiceApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * The front door's configuration run by Debian's nginx (as root, on free loopback ports, in a temporary prefix):
 * every request mapping of both services reaches the upstream the routing table names, nginx's own errors are
 * problem+json in the services' shape, and nginx adds its headers to the static files it serves only. The
 * upstreams are plain sockets that count connections: one closes each at once (nginx answers 502), one accepts
 * and stays silent (nginx answers 504).
 */
class NginxFrontDoorIT {
    private static final Path ROOT = FrontDoor.ROOT;
    private static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json().build();

    @TempDir
    Path temp;

    private final List<Upstream> upstreams = new ArrayList<>();
    private FrontDoor nginx;
    private int port;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** A listener that counts the connections nginx opens, and closes each at once or keeps it silent. */
    private static final class Upstream implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0);
        final AtomicInteger accepted = new AtomicInteger();
        final List<Socket> held = new ArrayList<>();

        Upstream(boolean silent) throws IOException {
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        accepted.incrementAndGet();
                        if (silent) {
                            synchronized (held) {
                                held.add(s);
                            }
                        } else {
                            s.close();
                        }
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (held) {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    @BeforeEach
    void startNginx() throws Exception {
        Upstream command = new Upstream(false);
        Upstream query = new Upstream(false);
        Upstream silent = new Upstream(true);
        upstreams.addAll(List.of(command, query, silent));
        // One path to a silent upstream, with a short wait, to see nginx's 504.
        nginx = FrontDoor.start(
                temp,
                List.of("127.0.0.1:" + command.socket.getLocalPort()),
                List.of("127.0.0.1:" + query.socket.getLocalPort()),
                conf -> {
                    String edited = conf.replace(
                            "        location /api/ {",
                            "        location = /api/silent {\n            proxy_pass http://127.0.0.1:"
                                    + silent.socket.getLocalPort()
                                    + ";\n            proxy_read_timeout 1s;\n        }\n\n"
                                    + "        location /api/ {");
                    assertThat(edited).contains("/api/silent");
                    return edited;
                });
        port = nginx.port();
    }

    @AfterEach
    void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        for (Upstream u : upstreams) {
            u.close();
        }
    }

    @Test
    void shouldProxyEveryRequestMappingToTheUpstreamTheTableNamesWhenNginxRoutesIt() throws Exception {
        RoutingTable table = RoutingTable.read(ROOT.resolve("ops/routing/routes.json"));
        Upstream command = upstreams.get(0);
        Upstream query = upstreams.get(1);
        List<String> wrong = new ArrayList<>();
        int sent = 0;
        for (Class<?> host : List.of(CommandServiceApplication.class, QueryServiceApplication.class)) {
            for (RoutingTableTest.Mapping m : RoutingTableTest.mappings(host)) {
                RoutingTable.Route route = table.routeFor(m.method(), m.uri());
                String expected = route == null ? table.defaultService() : route.service();
                int before = command.accepted.get() + 1000 * query.accepted.get();
                HttpResponse<String> answer = send(m.method(), m.uri(), "");
                sent++;
                int after = command.accepted.get() + 1000 * query.accepted.get();
                String reached = after - before == 1 ? "command-side" : after - before == 1000 ? "query-side" : "?";
                if (answer.statusCode() != 502 || !reached.equals(expected)) {
                    wrong.add(m + " reached " + reached + " (" + answer.statusCode() + "), the table says " + expected);
                }
            }
        }
        assertThat(sent).isGreaterThan(80);
        assertThat(wrong)
                .as("requests nginx sent elsewhere than the routing table")
                .isEmpty();
    }

    @Test
    void shouldAnswerItsOwnErrorsAsProblemJsonInTheServicesShapeWhenNoServiceAnswers() throws Exception {
        Set<String> servicesShape = fieldNames(JSON.valueToTree(
                Problems.problem(HttpStatus.BAD_GATEWAY, "bad-gateway", "Bad Gateway", "detail", List.of())));
        servicesShape.remove("instance"); // the request's path: nginx cannot write it into JSON safely

        HttpResponse<String> badGateway = send("GET", "/api/inventory", "");
        HttpResponse<String> timeout = send("GET", "/api/silent", "");
        for (HttpResponse<String> answer : List.of(badGateway, timeout)) {
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertProblem(answer.statusCode(), answer.body(), servicesShape);
            // Headers go on the static files nginx serves, not on API answers (the services set their own).
            assertThat(answer.headers().firstValue("Content-Security-Policy")).isEmpty();
        }
        assertThat(List.of(badGateway.statusCode(), timeout.statusCode())).containsExactly(502, 504);

        // A body over client_max_body_size: nginx refuses it on its Content-Length, before reading it.
        String tooLarge = rawRequest("POST /api/inventory HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
                + "\r\nContent-Length: " + 7 * 1024 * 1024 + "\r\nConnection: close\r\n\r\n");
        assertThat(tooLarge).startsWith("HTTP/1.1 413").contains("Content-Type: application/problem+json");
        assertThat(tooLarge).doesNotContain("Content-Security-Policy");
        assertProblem(413, tooLarge.substring(tooLarge.indexOf("\r\n\r\n") + 4), servicesShape);
        assertThat(upstreams.get(2).accepted.get()).isEqualTo(1);

        HttpResponse<String> page = send("GET", "/items/42", "");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Stockade</title>");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(v -> assertThat(v).contains("frame-ancestors 'none'"));
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    }

    private static void assertProblem(int status, String text, Set<String> servicesShape) throws IOException {
        JsonNode body = JSON.readTree(text);
        assertThat(fieldNames(body)).as(text).isEqualTo(servicesShape);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("type").asText()).startsWith(Problems.TYPE_BASE);
    }

    private String rawRequest(String head) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher =
                body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .method(method, publisher)
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
