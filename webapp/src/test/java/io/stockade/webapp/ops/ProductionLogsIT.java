package io.stockade.webapp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockade.platform.db.DatabaseProvisioner.Provisioned;
import io.stockade.testsupport.TestServices;
import io.stockade.testsupport.process.ClusterSecrets;
import io.stockade.testsupport.process.DataDirs;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.JarProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A production-mode node logs JSON lines only, each with its time, level, logger and message, and the request's
 * ids (request, correlation, trace, user, organisation) where a request caused it; and its whole log, from start to
 * stop, holds none of the secrets it was given nor any personal value the test used: usernames, e-mail addresses,
 * passwords (right and wrong), tokens, keys.
 */
class ProductionLogsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String ADMIN = "chief-" + RUN;
    private static final String ADMIN_EMAIL = "chief." + RUN + "@example.test";
    private static final String ADMIN_PASSWORD = "Boot-Admin-" + RUN + "-Pw!";
    private static final String USER = "quill-" + RUN;
    private static final String USER_EMAIL = "quill." + RUN + "@example.test";
    private static final String USER_NEW_EMAIL = "quill.moved." + RUN + "@example.test";
    private static final String USER_PASSWORD = "First-Pass-" + RUN + "-Pw!";
    private static final String USER_NEW_PASSWORD = "Second-Pass-" + RUN + "-Pw!";
    private static final String WRONG_PASSWORD = "Guessed-Pass-" + RUN + "-Pw!";
    private static final String UNKNOWN_USER = "ghost-" + RUN;
    private static final String TRACE_ID = RUN + "0123456789abcdef01234567";
    private static final String SPAN_ID = "00f067aa0ba902b7";

    private static Provisioned db;
    private static Path dir;
    private static JarProcess node;
    private static Map<String, String> secrets;

    @BeforeAll
    static void startProductionNode() throws Exception {
        db = TestServices.newDatabase();
        dir = DataDirs.create("stockade-logs-");
        Path data = Files.createDirectories(dir.resolve("data"));
        Map<String, String> env = JarProcess.onDatabase(db, data, ADMIN_PASSWORD);
        secrets = ClusterSecrets.generate("link-key-" + RUN + "-never-logged");
        env.putAll(secrets);
        env.put("STOCKADE_MODE", "production");
        env.put("SPRING_PROFILES_ACTIVE", "default");
        env.put("STOCKADE_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        env.put("STOCKADE_BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL);
        env.put("STOCKADE_TLS_TERMINATED_UPSTREAM", "true");
        env.put("STOCKADE_HTTPS_ENABLED", "false");
        env.put("STOCKADE_MAIL_TRANSPORT", "ses");
        env.put("STOCKADE_MAIL_FROM", "Stockade <no-reply@example.test>");
        env.put("STOCKADE_MAIL_SES_REGION", "eu-west-1");
        node = new JarProcess(dir.resolve("node.log"), env).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.stopQuietly();
        }
        TestServices.drop(db);
        DataDirs.delete(dir);
    }

    @Test
    void shouldLogJsonLinesWithRequestIdsAndNoSecretOrPersonalValue() throws Exception {
        List<String> tokens = new ArrayList<>();
        Api admin = node.login(ADMIN, ADMIN_PASSWORD);
        tokens.add(admin.token());
        Api.Response created = admin.post(
                "/api/auth/register",
                Map.of("username", USER, "email", USER_EMAIL, "password", USER_PASSWORD, "role", "Staff"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        Api anonymous = new Api(node.port());
        Map<String, String> traced = Map.of(
                "X-Request-Id", "req-" + RUN,
                "X-Correlation-Id", "corr-" + RUN,
                "traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-01");
        Api.Response wrong =
                anonymous.post("/api/auth/login", Map.of("username", USER, "password", WRONG_PASSWORD), traced);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(anonymous
                        .post("/api/auth/login", Map.of("username", UNKNOWN_USER, "password", WRONG_PASSWORD))
                        .status())
                .isEqualTo(401);
        Api.BrowserSession session = anonymous.signIn(USER, USER_PASSWORD);
        tokens.add(session.token());
        tokens.add(session.refreshToken());
        // A second session changes the password, which ends the first one: a security event logged while signed in.
        Api second = node.login(USER, USER_PASSWORD);
        tokens.add(second.token());
        Api.Response changed = second.post(
                "/api/profile/password",
                Map.of("currentPassword", USER_PASSWORD, "newPassword", USER_NEW_PASSWORD),
                Map.of("X-Request-Id", "pwd-" + RUN));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(204);
        Api again = node.login(USER, USER_NEW_PASSWORD);
        tokens.add(again.token());
        assertThat(again.put("/api/profile", Map.of("email", USER_NEW_EMAIL)).status())
                .isEqualTo(200);
        // A reset mail goes to the outbox (and fails to leave: SES has no credentials here), with its secret link.
        assertThat(anonymous
                        .post("/api/auth/password-reset", Map.of("email", USER_NEW_EMAIL))
                        .status())
                .isEqualTo(202);
        Thread.sleep(1_500);
        node.stop();

        String log = node.log();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode json;
            try {
                json = JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
            assertThat(json.isObject()).as(line).isTrue();
            for (String field : List.of("@timestamp", "level", "logger_name", "thread_name", "message")) {
                assertThat(json.hasNonNull(field)).as(field + " in " + line).isTrue();
            }
            lines.add(json);
        }
        System.out.printf("production log: %d JSON lines, %d bytes%n", lines.size(), log.length());
        assertThat(lines).hasSizeGreaterThan(5);

        // The failed sign-in of the traced request: its ids, and no user (nobody is signed in yet).
        JsonNode failure = line(lines, "req-" + RUN, "Failed sign-in of a known account", log);
        assertThat(failure.path("correlationId").asText()).isEqualTo("corr-" + RUN);
        assertThat(failure.path("traceId").asText()).isEqualTo(TRACE_ID);
        assertThat(failure.path("spanId").asText()).isEqualTo(SPAN_ID);
        assertThat(failure.has("userId")).isFalse();
        // The password change, signed in: the person's ids, never their name.
        JsonNode change = line(lines, "pwd-" + RUN, "Security event SESSION_REVOKED", log);
        assertThat(UUID.fromString(change.path("userId").asText())).isNotNull();
        assertThat(UUID.fromString(change.path("organisationId").asText())).isNotNull();
        assertThat(change.path("correlationId").asText()).isEqualTo("pwd-" + RUN);

        Map<String, String> forbidden = new LinkedHashMap<>();
        forbidden.put("admin username", ADMIN);
        forbidden.put("admin e-mail", ADMIN_EMAIL);
        forbidden.put("admin password", ADMIN_PASSWORD);
        forbidden.put("username", USER);
        forbidden.put("e-mail", USER_EMAIL);
        forbidden.put("new e-mail", USER_NEW_EMAIL);
        forbidden.put("password", USER_PASSWORD);
        forbidden.put("new password", USER_NEW_PASSWORD);
        forbidden.put("wrong password", WRONG_PASSWORD);
        forbidden.put("unknown username", UNKNOWN_USER);
        forbidden.put("database password (application)", db.appPassword());
        forbidden.put("database password (owner)", db.ownerPassword());
        forbidden.put("run id (in every personal value above)", RUN + "-Pw");
        for (int i = 0; i < tokens.size(); i++) {
            forbidden.put("token " + i, tokens.get(i));
            // A JWT's payload alone (it names the user) and its signature.
            String[] parts = tokens.get(i).split("\\.");
            for (int p = 1; p < parts.length; p++) {
                forbidden.put("token " + i + " part " + p, parts[p]);
            }
        }
        for (Map.Entry<String, String> s : secrets.entrySet()) {
            forbidden.put(s.getKey(), s.getValue());
            for (String piece : s.getValue().split("[\\n+]")) {
                if (piece.length() >= 16 && !piece.startsWith("-----")) {
                    forbidden.put(s.getKey() + " (a piece)", piece);
                }
            }
        }
        for (Map.Entry<String, String> f : forbidden.entrySet()) {
            assertThat(f.getValue()).as(f.getKey()).isNotBlank();
            assertThat(log).as("the log holds the " + f.getKey()).doesNotContain(f.getValue());
        }
    }

    private static JsonNode line(List<JsonNode> lines, String requestId, String message, String log) {
        return lines.stream()
                .filter(l -> requestId.equals(l.path("requestId").asText()))
                .filter(l -> message.equals(l.path("message").asText()))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no line '" + message + "' of request " + requestId + ": " + log));
    }
}
