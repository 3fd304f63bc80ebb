package io.stockade.testsupport.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plain HTTP to a process started by {@link JarProcess}, for the service suites that have no all-in-one API
 * client: JSON in, JSON out, a bearer token when given. Nothing is validated against the API document here.
 */
public final class Http {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;
    private final String token;

    public Http(int port) {
        this(port, null);
    }

    private Http(int port, String token) {
        this.port = port;
        this.token = token;
    }

    /** The same server, calling with {@code bearer} as its access token. */
    public Http as(String bearer) {
        return new Http(port, bearer);
    }

    /** Signs in and returns the access token, retrying while the first Admin is being created just after start-up. */
    public String login(String username, String password) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Response r = post("/api/auth/login", Map.of("username", username, "password", password));
            if (r.status() == 200) {
                return r.at("/token").asText();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("cannot sign in: " + r);
            }
            Thread.sleep(200);
        }
    }

    /**
     * The event processors the process on this management port runs ({@code /actuator/processors} also lists those
     * that only other nodes run, without {@code running}).
     */
    public List<String> runningProcessors() {
        List<String> running = new ArrayList<>();
        get("/actuator/processors").at("/processors").forEach(p -> {
            if (p.has("running")) {
                running.add(p.get("name").asText());
            }
        });
        return running;
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response post(String path, Object body) {
        try {
            return send(request(path)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, application/problem+json");
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers(), parse(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException notJson) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    /** A status, the headers and the body read as JSON (a null node when empty). */
    public record Response(int status, HttpHeaders headers, JsonNode body) {
        public JsonNode at(String pointer) {
            return body.at(pointer);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }
}
