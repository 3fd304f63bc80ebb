package io.stockade.webapp.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockade.testsupport.process.DataDirs;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.JarProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
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
    private JarProcess app;

    @BeforeEach
    void setUp() throws IOException {
        dataDir = DataDirs.create("stockade-restart-");
        app = new JarProcess(
                dataDir.resolve("app.log"),
                Map.of(
                        "STOCKADE_DATA_DIR",
                        dataDir.toString(),
                        "STOCKADE_BOOTSTRAP_ADMIN_USERNAME",
                        "admin",
                        "STOCKADE_BOOTSTRAP_ADMIN_EMAIL",
                        "admin@example.test",
                        "STOCKADE_BOOTSTRAP_ADMIN_PASSWORD",
                        PASSWORD));
    }

    @AfterEach
    void tearDown() throws Exception {
        app.stopQuietly();
        DataDirs.delete(dataDir);
    }

    /** The embedded default also answers on HTTPS (phones need it for the camera) with a generated certificate. */
    private static void assertSelfSignedHttps(int port) throws Exception {
        X509TrustManager trustAll = new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String auth) {}

            public void checkServerTrusted(X509Certificate[] chain, String auth) {}

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {trustAll}, null);
        var client = HttpClient.newBuilder().sslContext(tls).build();
        var response = client.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
        var certificate = (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
        assertThat(certificate.getSubjectX500Principal().getName()).contains("Stockade");
        assertThat(response.headers().firstValue("Strict-Transport-Security")).isPresent();

        // A client that offers nothing newer than TLS 1.2 gets no connection at all.
        SSLContext tls12 = SSLContext.getInstance("TLSv1.2");
        tls12.init(null, new TrustManager[] {trustAll}, null);
        try (SSLSocket socket = (SSLSocket) tls12.getSocketFactory().createSocket("localhost", port)) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLException.class);
        }
    }

    @Test
    void shouldKeepEveryAcceptedChangeAcrossACleanStopAndAKill9() throws Exception {
        app.start();
        assertSelfSignedHttps(app.httpsPort());
        Api admin = app.login("admin", PASSWORD);
        Api.Response created =
                admin.post("/api/inventory", Map.of("name", "Survivor", "location", "R", "currentStock", 10));
        assertThat(created.status()).isEqualTo(201);
        String id = created.at("/item/id").asText();
        assertThat(admin.post(
                                "/api/inventory/" + id + "/stock",
                                Map.of("quantity", 4, "reason", "before crash", "type", "deduction"))
                        .status())
                .isEqualTo(200);

        assertThat(app.kill()).isEqualTo(137);
        app.start();
        admin = app.login("admin", PASSWORD);
        // A stock movement answers from the command's result; the list view may take it in after the
        // kill (the restarted node first reclaims the dead node's event-processor segments).
        assertThat(awaitStock(admin, id, 6)).isEqualTo(6);
        assertThat(admin.post(
                                "/api/inventory/" + id + "/stock",
                                Map.of("quantity", 1, "reason", "after crash", "type", "deduction"))
                        .status())
                .isEqualTo(200);
        assertThat(app.stop()).isIn(0, 143);

        // The operator's command creates a second organisation in the same data directory.
        Path passwordFile = dataDir.resolve("acme-password");
        Files.writeString(passwordFile, "Acme-Warehouse-2026!");
        assertThat(app.run(
                        "org",
                        "create",
                        "--name",
                        "Acme",
                        "--admin-username",
                        "acme-boss",
                        "--admin-email",
                        "boss@acme.test",
                        "--admin-password-file",
                        passwordFile.toString()))
                .as(app.log())
                .isZero();

        app.start();
        Api acme = app.login("acme-boss", "Acme-Warehouse-2026!");
        assertThat(acme.get("/api/inventory/" + id).status()).isEqualTo(404);
        admin = app.login("admin", PASSWORD);
        assertThat(awaitStock(admin, id, 5)).isEqualTo(5);
        long deadline = System.currentTimeMillis() + 10_000;
        int lines;
        do {
            lines = admin.get("/api/inventory/" + id + "/history").at("/total").asInt();
        } while (lines != 3 && System.currentTimeMillis() < deadline);
        assertThat(lines).isEqualTo(3);
    }

    /** The item's stock as the read model shows it, once it shows {@code expected} or after 30 s. */
    private static int awaitStock(Api admin, String id, int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        int stock;
        do {
            Api.Response r = admin.get("/api/inventory/" + id);
            assertThat(r.status()).isEqualTo(200);
            stock = r.at("/item/currentStock").asInt();
            if (stock == expected) {
                return stock;
            }
            Thread.sleep(200);
        } while (System.currentTimeMillis() < deadline);
        return stock;
    }

    /** An accepted import is finished after a kill -9 mid-way, and no row becomes two items. */
    @Test
    void shouldFinishAnImportInterruptedByAKill9WithoutCreatingAnyRowTwice() throws Exception {
        app.start();
        Api admin = app.login("admin", PASSWORD);
        int rows = 3000;
        StringBuilder csv = new StringBuilder("name,location,currentStock\n");
        for (int i = 1; i <= rows; i++) {
            csv.append("Resumed ")
                    .append(i)
                    .append(",R")
                    .append(i % 7)
                    .append(",")
                    .append(i % 5)
                    .append('\n');
        }
        Api.Response accepted = admin.postRaw(
                "/api/inventory/import?mode=valid-rows-only",
                "text/csv",
                csv.toString(),
                Map.of("Idempotency-Key", "resume-after-kill"));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String job = "/api/inventory/import/" + accepted.at("/id").asText();
        long deadline = System.currentTimeMillis() + 120_000;
        int processed = 0;
        while (processed == 0 && System.currentTimeMillis() < deadline) {
            processed = admin.get(job).at("/processed").asInt();
            Thread.sleep(20);
        }
        assertThat(processed).as("the kill must land mid-import").isBetween(1, rows - 1);
        assertThat(app.kill()).isEqualTo(137);

        app.start();
        admin = app.login("admin", PASSWORD);
        Api.Response status = admin.get(job);
        while (status.at("/status").asText().equals("running") && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            status = admin.get(job);
        }
        assertThat(status.at("/status").asText()).as(status.toString()).isEqualTo("completed");
        assertThat(status.at("/created").asInt()).isEqualTo(rows);
        assertThat(status.at("/failed").asInt()).isZero();
        long total = 0;
        while (System.currentTimeMillis() < deadline) {
            total = admin.get("/api/inventory?search=Resumed&limit=1")
                    .at("/total")
                    .asLong();
            if (total >= rows) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(total).isEqualTo(rows);
        // The same request retried after the crash is recognised: still one job, still one item per row.
        Api.Response retried = admin.postRaw(
                "/api/inventory/import?mode=valid-rows-only",
                "text/csv",
                csv.toString(),
                Map.of("Idempotency-Key", "resume-after-kill"));
        assertThat(retried.at("/id").asText()).isEqualTo(accepted.at("/id").asText());
        assertThat(admin.get("/api/inventory?search=Resumed&limit=1")
                        .at("/total")
                        .asLong())
                .isEqualTo(rows);
    }
}
