package io.stockade.webapp.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockade.platform.config.StockadeProperties;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import io.stockade.webapp.support.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Password reset by e-mail through the outbox (the embedded default delivers into the data
 * directory's mail drop, which stands in for the person's mailbox here): no account enumeration, a
 * single-use one-hour token, all sessions ended, and an Admin reading the outbox learns nothing
 * that opens another person's account.
 */
class PasswordResetIT extends ApiTestBase {
    private static final Pattern LINK = Pattern.compile("/reset-password#token=([A-Za-z0-9_-]{43})");

    @Autowired
    StockadeProperties properties;

    @Autowired
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private String newUser(String username) {
        Api.Response created = admin().post(
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
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().at("/user/id").asText();
    }

    /** The token from the delivered message to {@code email} (the mailbox), once the relay has sent it. */
    private String tokenMailedTo(String email) {
        AtomicReference<String> token = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    Path dir = properties.dataDir().resolve("mail");
                    if (!Files.isDirectory(dir)) {
                        return false;
                    }
                    try (Stream<Path> files = Files.list(dir)) {
                        for (Path f :
                                files.filter(p -> p.toString().endsWith(".eml")).toList()) {
                            String eml = Files.readString(f);
                            Matcher m = LINK.matcher(eml);
                            if (eml.contains("To: " + email) && m.find()) {
                                token.set(m.group(1));
                                return true;
                            }
                        }
                    }
                    return false;
                });
        return token.get();
    }

    @Test
    void shouldAnswerTheSameForUnknownAndKnownAddresses() {
        String username = "reset-" + UUID.randomUUID().toString().substring(0, 8);
        newUser(username);
        Api.Response known = anonymous().post("/api/auth/password-reset", Map.of("email", username + "@example.test"));
        Api.Response unknown =
                anonymous().post("/api/auth/password-reset", Map.of("email", "nobody-" + username + "@example.test"));
        assertThat(known.status()).isEqualTo(202);
        assertThat(unknown.status()).isEqualTo(202);
        assertThat(known.raw()).isEqualTo(unknown.raw());
        Api.Response invalid = anonymous().post("/api/auth/password-reset", Map.of("email", "not an address"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().at("/errors/0/field").asText()).isEqualTo("email");
    }

    @Test
    void shouldResetOnceWithTheMailedTokenAndEndEverySession() {
        String username = "reset-" + UUID.randomUUID().toString().substring(0, 8);
        newUser(username);
        Api.BrowserSession before = anonymous().signIn(username, PASSWORD);
        assertThat(anonymous()
                        .post("/api/auth/password-reset", Map.of("email", username + "@example.test"))
                        .status())
                .isEqualTo(202);
        String token = tokenMailedTo(username + "@example.test");

        Api.Response weak =
                anonymous().post("/api/auth/password-reset/confirm", Map.of("token", token, "newPassword", "short"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.body().at("/errors/0/field").asText()).isEqualTo("newPassword");

        Api.Response done = anonymous()
                .post(
                        "/api/auth/password-reset/confirm",
                        Map.of("token", token, "newPassword", "Recovered-Passw0rd-9!"));
        assertThat(done.status()).as(done.toString()).isEqualTo(204);

        assertThat(before.api().get("/api/auth/me").status())
                .as("sessions end on reset")
                .isEqualTo(401);
        assertThat(before.refresh().status()).isEqualTo(401);
        assertThat(anonymous()
                        .post("/api/auth/login", Map.of("username", username, "password", PASSWORD))
                        .status())
                .isEqualTo(401);
        assertThat(anonymous()
                        .post("/api/auth/login", Map.of("username", username, "password", "Recovered-Passw0rd-9!"))
                        .status())
                .isEqualTo(200);

        Api.Response again = anonymous()
                .post(
                        "/api/auth/password-reset/confirm",
                        Map.of("token", token, "newPassword", "Another-Passw0rd-10!"));
        assertThat(again.status()).as("single use").isEqualTo(400);
        assertThat(again.body().at("/errors/0/field").asText()).isEqualTo("token");
    }

    @Test
    void shouldRefuseATokenOlderThanAnHour() {
        String username = "reset-" + UUID.randomUUID().toString().substring(0, 8);
        newUser(username);
        anonymous().post("/api/auth/password-reset", Map.of("email", username + "@example.test"));
        String token = tokenMailedTo(username + "@example.test");

        clock.advance(Duration.ofMinutes(61));
        Api.Response late = anonymous()
                .post(
                        "/api/auth/password-reset/confirm",
                        Map.of("token", token, "newPassword", "Too-Late-Passw0rd-1!"));
        clock.reset();

        assertThat(late.status()).isEqualTo(400);
        assertThat(anonymous()
                        .post("/api/auth/login", Map.of("username", username, "password", PASSWORD))
                        .status())
                .as("nothing changed")
                .isEqualTo(200);
    }

    @Test
    void shouldShowAdminsTheOutboxWithoutTheSecretAndOnlyTheirOrganisations() {
        String username = "victim-" + UUID.randomUUID().toString().substring(0, 8);
        newUser(username);
        anonymous().post("/api/auth/password-reset", Map.of("email", username + "@example.test"));
        String token = tokenMailedTo(username + "@example.test");

        JsonNode outbox = admin().get("/api/admin/outbox?limit=100").body();
        String listed = outbox.toString();
        assertThat(listed)
                .contains(username + "@example.test")
                .contains("[hidden]")
                .doesNotContain(token);
        JsonNode message = null;
        for (JsonNode m : outbox.get("messages")) {
            if (m.get("to").asText().equals(username + "@example.test")) {
                message = m;
            }
        }
        assertThat(message).isNotNull();
        assertThat(message.get("status").asText()).isEqualTo("sent");
        assertThat(message.get("kind").asText()).isEqualTo("password-reset");

        // What an Admin can see does not work as a token.
        Api.Response takeover = anonymous()
                .post(
                        "/api/auth/password-reset/confirm",
                        Map.of("token", "[hidden]", "newPassword", "Taken-Over-Passw0rd-1!"));
        assertThat(takeover.status()).isEqualTo(400);
        assertThat(manager().get("/api/admin/outbox").status()).isEqualTo(403);
        assertThat(otherOrganisationAdmin()
                        .get("/api/admin/outbox?limit=100")
                        .body()
                        .toString())
                .doesNotContain(username);
        assertThat(admin().get("/api/admin/outbox?status=bogus").status()).isEqualTo(400);
    }
}
