package io.stockade.webapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockade.command.identity.Organisations;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import io.stockade.webapp.support.OpenApiCheck;
import io.stockade.webapp.support.TestClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code GET /api/stream/…}: Server-Sent Events read the way the SPA reads them (a plain GET with the
 * {@code Authorization} header), in an organisation of its own so every number is exact.
 */
class LiveStreamIT extends ApiTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    TestClock clock;

    @Test
    void shouldPushEveryViewWithinOneSecondWhenStockChanges() throws Exception {
        Api admin = newOrganisationAdmin("live");
        String id = admin.post(
                        "/api/inventory",
                        Map.of("name", "Live bolt", "location", "A", "currentStock", 5, "minThreshold", 2))
                .at("/item/id")
                .asText();
        try (Stream dashboard = open(admin.token(), "/api/stream/dashboard", null);
                Stream lowStock = open(admin.token(), "/api/stream/low-stock", null);
                Stream item = open(admin.token(), "/api/stream/items/" + id, null)) {
            assertThat(dashboard.status()).isEqualTo(200);
            assertThat(dashboard.header("Content-Type")).startsWith("text/event-stream");
            assertThat(dashboard.header("Cache-Control")).contains("no-cache");
            assertThat(dashboard.header("X-Accel-Buffering")).isEqualTo("no");
            assertThat(dashboard.header("Content-Security-Policy")).contains("default-src 'self'");

            Event first = dashboard.next(e -> true, Duration.ofSeconds(5));
            assertThat(first.name()).isEqualTo("dashboard");
            assertThat(first.id()).isEqualTo("1");
            assertThat(first.json().get("totalProducts").asLong()).isEqualTo(1);
            assertThat(first.json().get("lowStockCount").asLong()).isZero();
            assertThat(lowStock.next(e -> true, Duration.ofSeconds(5))
                            .json()
                            .get("items")
                            .size())
                    .isZero();
            Event firstItem = item.next(e -> true, Duration.ofSeconds(5));
            assertThat(firstItem.name()).isEqualTo("item");
            assertThat(firstItem.json().at("/item/currentStock").asInt()).isEqualTo(5);

            long sent = System.nanoTime();
            assertThat(admin.post(
                                    "/api/inventory/" + id + "/stock",
                                    Map.of("quantity", 4, "reason", "live", "type", "deduction"))
                            .status())
                    .isEqualTo(200);
            long answered = System.nanoTime();

            Event itemPush = item.next(e -> e.json().at("/item/currentStock").asInt() == 1, Duration.ofSeconds(1));
            Event lowPush = lowStock.next(e -> e.json().get("items").size() == 1, Duration.ofSeconds(1));
            Event dashPush = dashboard.next(e -> e.json().get("lowStockCount").asLong() == 1, Duration.ofSeconds(1));
            // Measured from before the POST: its answer already waits for the item's read model (read-your-writes).
            System.out.printf(
                    "Live stream latency after a stock change: item %d ms, low-stock %d ms, dashboard %d ms "
                            + "(the POST itself answered after %d ms)%n",
                    itemPush.millisAfter(sent),
                    lowPush.millisAfter(sent),
                    dashPush.millisAfter(sent),
                    TimeUnit.NANOSECONDS.toMillis(answered - sent));
            assertThat(List.of(itemPush.millisAfter(sent), lowPush.millisAfter(sent), dashPush.millisAfter(sent)))
                    .allMatch(ms -> ms < 1000);
            assertThat(itemPush.json().at("/item/status").asText()).isEqualTo("Low Stock");
            assertThat(Long.parseLong(itemPush.id())).isGreaterThan(Long.parseLong(firstItem.id()));
            assertThat(lowPush.json().at("/items/0/id").asText()).isEqualTo(id);
            Event recent = dashPush.json().get("recentTransactions").asLong() >= 2
                    ? dashPush
                    : dashboard.next(e -> e.json().get("recentTransactions").asLong() >= 2, Duration.ofSeconds(1));
            assertThat(recent.json().get("totalProducts").asLong()).isEqualTo(1);
        }
    }

    @Test
    void shouldCoalesceABurstAndResumeNumberingAfterLastEventIdWhenReconnecting() throws Exception {
        Api admin = newOrganisationAdmin("burst");
        String id = admin.post(
                        "/api/inventory",
                        Map.of("name", "Burst nut", "location", "A", "currentStock", 50, "minThreshold", 2))
                .at("/item/id")
                .asText();
        try (Stream item = open(admin.token(), "/api/stream/items/" + id, "41")) {
            assertThat(item.next(e -> true, Duration.ofSeconds(5)).id())
                    .as("numbering goes on after Last-Event-ID")
                    .isEqualTo("42");
            for (int i = 0; i < 10; i++) {
                admin.post(
                        "/api/inventory/" + id + "/stock",
                        Map.of("quantity", 1, "reason", "burst", "type", "deduction"));
            }
            item.next(e -> e.json().at("/item/currentStock").asInt() == 40, Duration.ofSeconds(5));
            assertThat(item.received())
                    .as("ten changes, at most one push per 200 ms")
                    .isLessThanOrEqualTo(11);
        }
    }

    @Test
    void shouldRefuseAnotherOrganisationsItemAndAnonymousCallers() throws Exception {
        String id = createItem("Not yours " + shortId(), 3, 1).get("id").asText();
        try (Stream other = open(otherOrganisationAdmin().token(), "/api/stream/items/" + id, null)) {
            assertThat(other.status()).isEqualTo(404);
            assertThat(other.header("Content-Type")).startsWith("application/problem+json");
        }
        try (Stream anonymous = open(null, "/api/stream/dashboard", null)) {
            assertThat(anonymous.status()).isEqualTo(401);
        }
        try (Stream staff = open(staff().token(), "/api/stream/dashboard", null)) {
            assertThat(staff.status()).isEqualTo(200);
            assertThat(staff.next(e -> true, Duration.ofSeconds(5)).name()).isEqualTo("dashboard");
        }
    }

    @Test
    void shouldEndTheStreamWhenItsSessionIsRevoked() throws Exception {
        String username = "live-revoked-" + shortId();
        admin().post(
                        "/api/auth/register",
                        Map.of(
                                "username",
                                username,
                                "email",
                                username + "@example.test",
                                "password",
                                PASSWORD,
                                "role",
                                "Staff"));
        Api.BrowserSession session = anonymous().signIn(username, PASSWORD);
        try (Stream stream = open(session.token(), "/api/stream/low-stock", null)) {
            stream.next(e -> true, Duration.ofSeconds(5));
            long loggedOut = System.nanoTime();
            assertThat(session.logout().status()).isEqualTo(204);
            Event end = stream.next(e -> e.name().equals("end"), Duration.ofSeconds(5));
            System.out.printf("Live stream ended %d ms after logout%n", end.millisAfter(loggedOut));
            assertThat(end.json().get("reason").asText()).isEqualTo("revoked");
            assertThat(stream.awaitClosed(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void shouldEndTheStreamWhenItsTokenExpires() throws Exception {
        Api admin = newOrganisationAdmin("expiry");
        try (Stream stream = open(admin.token(), "/api/stream/dashboard", null)) {
            stream.next(e -> true, Duration.ofSeconds(5));
            clock.advance(Duration.ofMinutes(16));
            try {
                Event end = stream.next(e -> e.name().equals("end"), Duration.ofSeconds(5));
                assertThat(end.json().get("reason").asText()).isEqualTo("expired");
                assertThat(stream.awaitClosed(Duration.ofSeconds(5))).isTrue();
            } finally {
                clock.reset();
            }
        }
    }

    @Test
    void shouldRefuseMoreThanFiveOpenStreamsPerUser() throws Exception {
        Api admin = newOrganisationAdmin("bound");
        List<Stream> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                streams.add(open(admin.token(), "/api/stream/low-stock", null));
                assertThat(streams.get(i).status()).isEqualTo(200);
            }
            try (Stream sixth = open(admin.token(), "/api/stream/low-stock", null)) {
                assertThat(sixth.status()).isEqualTo(429);
                assertThat(sixth.header("Content-Type")).startsWith("application/problem+json");
            }
        } finally {
            for (Stream s : streams) {
                s.close();
            }
        }
    }

    private Api newOrganisationAdmin(String prefix) {
        String username = prefix + "-" + shortId();
        organisations.create(
                "Live " + username, new Organisations.FirstAdmin(username, username + "@example.test", PASSWORD));
        return anonymous().login(username, PASSWORD);
    }

    private Stream open(String token, String path, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream")
                .GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpRequest request = b.build();
        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try {
            OpenApiCheck.verifyHead(request, response);
        } catch (AssertionError e) {
            response.body().close();
            throw e;
        }
        return new Stream(response);
    }

    record Event(String id, String name, String data, long receivedNanos) {
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

    /** A text/event-stream read on its own thread, as the specification parses it (comments skipped). */
    static final class Stream implements AutoCloseable {
        private static final Event CLOSED = new Event(null, null, null, 0);
        private final HttpResponse<InputStream> response;
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final Thread reader;
        private volatile int received;

        Stream(HttpResponse<InputStream> response) {
            this.response = response;
            this.reader = new Thread(this::read, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        int status() {
            return response.statusCode();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        int received() {
            return received;
        }

        private void read() {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String id = null;
                String name = "message";
                StringBuilder data = new StringBuilder();
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            received++;
                            events.add(new Event(id, name, data.substring(0, data.length() - 1), System.nanoTime()));
                        }
                        name = "message";
                        data.setLength(0);
                    } else if (!line.startsWith(":")) {
                        int colon = line.indexOf(':');
                        String field = colon < 0 ? line : line.substring(0, colon);
                        String value =
                                colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                        switch (field) {
                            case "id" -> id = value;
                            case "event" -> name = value;
                            case "data" -> data.append(value).append('\n');
                            default -> {}
                        }
                    }
                }
            } catch (IOException ignored) {
                // closed by the test
            } finally {
                events.add(CLOSED);
            }
        }

        /** The next event matching, skipping others; fails after {@code within}. */
        Event next(Predicate<Event> matching, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (true) {
                Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new AssertionError("no matching event within " + within.toMillis() + " ms");
                }
                if (e == CLOSED) {
                    events.add(CLOSED);
                    throw new AssertionError("the stream closed before a matching event");
                }
                if (matching.test(e)) {
                    return e;
                }
            }
        }

        boolean awaitClosed(Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == CLOSED) {
                    events.add(CLOSED);
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() throws IOException {
            response.body().close();
        }
    }
}
