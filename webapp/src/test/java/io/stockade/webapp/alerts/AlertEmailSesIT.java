package io.stockade.webapp.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.stockade.testsupport.process.DataDirs;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.JarProcess;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A low-stock alert leaves through the real SES client, against a local stub of the SES endpoint that is
 * down at first: the message waits and is retried (not lost), arrives once with its user-typed values
 * escaped, and a restart afterwards sends nothing again.
 */
class AlertEmailSesIT {
    private static final String PASSWORD = "Ses-Alert-Test-Pass1!";
    private Path dataDir;
    private JarProcess app;
    private HttpServer ses;
    private final List<Map<String, String>> delivered = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusals = new AtomicInteger(6);
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        ses = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ses.createContext("/", exchange -> {
            calls.incrementAndGet();
            Map<String, String> form = new HashMap<>();
            for (String pair :
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                String[] kv = pair.split("=", 2);
                form.put(
                        URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
            boolean down = refusals.getAndDecrement() > 0;
            if (!down) {
                delivered.add(form);
            }
            byte[] answer = (down
                            ? "<ErrorResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\"><Error><Type>Receiver</Type>"
                                    + "<Code>ServiceUnavailable</Code><Message>down</Message></Error><RequestId>r</RequestId></ErrorResponse>"
                            : "<SendEmailResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\"><SendEmailResult><MessageId>stub-"
                                    + delivered.size()
                                    + "</MessageId></SendEmailResult><ResponseMetadata><RequestId>r</RequestId>"
                                    + "</ResponseMetadata></SendEmailResponse>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(down ? 503 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        ses.start();
        dataDir = DataDirs.create("stockade-ses-alert-");
        Map<String, String> env = new HashMap<>(Map.of(
                "STOCKADE_DATA_DIR",
                dataDir.toString(),
                "STOCKADE_BOOTSTRAP_ADMIN_USERNAME",
                "admin",
                "STOCKADE_BOOTSTRAP_ADMIN_EMAIL",
                "admin@example.test",
                "STOCKADE_BOOTSTRAP_ADMIN_PASSWORD",
                PASSWORD,
                "STOCKADE_MAIL_TRANSPORT",
                "ses",
                "STOCKADE_MAIL_SES_REGION",
                "eu-west-1",
                "STOCKADE_MAIL_SES_ENDPOINT",
                "http://127.0.0.1:" + ses.getAddress().getPort(),
                "STOCKADE_MAIL_FROM",
                "Stockade <alerts@example.test>",
                "STOCKADE_MAIL_FIRST_RETRY",
                "PT1S"));
        // The stub checks no signature; these are placeholders for the SDK's credential chain, not credentials.
        env.put("AWS_ACCESS_KEY_ID", "AKIDSTUBEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "stub-not-a-secret");
        app = new JarProcess(dataDir.resolve("app.log"), env);
    }

    @AfterEach
    void tearDown() throws Exception {
        app.stopQuietly();
        ses.stop(0);
        DataDirs.delete(dataDir);
    }

    @Test
    void shouldDeliverTheAlertOnceAfterSesRecoversAndNotAgainAfterARestart() throws Exception {
        app.start();
        Api admin = app.login("admin", PASSWORD);
        String name = "Glue <img src=x onerror=alert(1)>";
        String item = admin.post(
                        "/api/inventory", Map.of("name", name, "location", "E-1", "currentStock", 4, "minThreshold", 3))
                .at("/item/id")
                .asText();
        assertThat(admin.post(
                                "/api/inventory/" + item + "/stock",
                                Map.of("quantity", 2, "reason", "used", "type", "deduction"))
                        .status())
                .isEqualTo(200);

        long deadline = System.currentTimeMillis() + 90_000;
        while (delivered.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
        }
        assertThat(delivered).as(app.log()).hasSize(1);
        assertThat(calls.get()).as("refused first, then retried").isGreaterThan(6);
        Map<String, String> mail = delivered.get(0);
        assertThat(mail)
                .containsEntry("Action", "SendEmail")
                .containsEntry("Destination.ToAddresses.member.1", "admin@example.test")
                .containsEntry("Source", "Stockade <alerts@example.test>")
                .containsEntry("Message.Subject.Data", "Low on stock: " + name);
        assertThat(mail.get("Message.Body.Html.Data"))
                .contains("Glue &lt;img src=x onerror=alert(1)&gt;")
                .doesNotContain("<img");
        assertThat(mail.get("Message.Body.Text.Data")).contains("In stock: 2").contains("/inventory/" + item);

        // SES has the message before the relay's transaction marks it sent: wait for the mark, not for SES.
        Api signedIn = admin;
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> signedIn.get("/api/admin/outbox?status=sent")
                                .body()
                                .get("total")
                                .asInt()
                        >= 1);
        JsonNode outbox = admin.get("/api/admin/outbox?status=sent").body();
        assertThat(outbox.get("total").asInt()).isEqualTo(1);
        assertThat(outbox.at("/messages/0/kind").asText()).isEqualTo("low-stock-alert");
        assertThat(outbox.at("/messages/0/attempts").asInt()).isGreaterThan(1);

        assertThat(app.stop()).isIn(0, 143);
        app.start();
        app.login("admin", PASSWORD);
        Thread.sleep(6_000);
        assertThat(delivered).as("a restart sends nothing twice").hasSize(1);
    }
}
