package io.stockade.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.SesException;

/**
 * The real AWS SDK client against a local HTTP stub of the SES endpoint: the exact request it sends
 * (signed SendEmail with source, recipient, subject and both bodies in UTF-8) and what a failure does.
 */
class SesMailTransportTest {
    private HttpServer server;
    private final List<Map<String, String>> requests = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private SesClient client;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                String[] kv = pair.split("=", 2);
                form.put(
                        URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
            form.put(":method", exchange.getRequestMethod());
            form.put(":path", exchange.getRequestURI().getPath());
            form.put(":content-type", exchange.getRequestHeaders().getFirst("Content-Type"));
            requests.add(form);
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] answer = (status.get() == 200
                            ? "<SendEmailResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\"><SendEmailResult>"
                                    + "<MessageId>0100018f-stub-1</MessageId></SendEmailResult><ResponseMetadata><RequestId>r-1</RequestId>"
                                    + "</ResponseMetadata></SendEmailResponse>"
                            : "<ErrorResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\"><Error><Type>Receiver</Type>"
                                    + "<Code>ServiceUnavailable</Code><Message>try later</Message></Error><RequestId>r-2</RequestId>"
                                    + "</ErrorResponse>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(status.get(), answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        client = SesClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.EU_WEST_1)
                .endpointOverride(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSTUBEXAMPLE", "stub-secret")))
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    @Test
    void shouldSendASignedSendEmailRequestWithEveryPart() throws Exception {
        SesMailTransport transport = new SesMailTransport(client);
        String id = transport.send(new MailTransport.OutgoingMail(
                "m-1",
                "Stockade <no-reply@example.test>",
                "manager@example.test",
                "Low stock: Café crème",
                "Plain text ✓",
                "<p>HTML &amp; text</p>"));

        assertThat(id).isEqualTo("0100018f-stub-1");
        assertThat(requests).hasSize(1);
        Map<String, String> r = requests.get(0);
        assertThat(r)
                .containsEntry(":method", "POST")
                .containsEntry(":path", "/")
                .containsEntry("Action", "SendEmail")
                .containsEntry("Version", "2010-12-01")
                .containsEntry("Source", "Stockade <no-reply@example.test>")
                .containsEntry("Destination.ToAddresses.member.1", "manager@example.test")
                .containsEntry("Message.Subject.Data", "Low stock: Café crème")
                .containsEntry("Message.Subject.Charset", "UTF-8")
                .containsEntry("Message.Body.Text.Data", "Plain text ✓")
                .containsEntry("Message.Body.Text.Charset", "UTF-8")
                .containsEntry("Message.Body.Html.Data", "<p>HTML &amp; text</p>");
        assertThat(r.get(":content-type")).startsWith("application/x-www-form-urlencoded");
        assertThat(authorizations.get(0))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDSTUBEXAMPLE/")
                .contains("/eu-west-1/ses/aws4_request");
    }

    @Test
    void shouldThrowWhenSesFailsSoTheOutboxRetries() {
        status.set(503);
        SesMailTransport transport = new SesMailTransport(client);
        assertThatThrownBy(() -> transport.send(
                        new MailTransport.OutgoingMail("m-2", "a@example.test", "b@example.test", "s", "t", null)))
                .isInstanceOf(SesException.class);
        assertThat(requests).as("the SDK's own retries, then the failure").hasSizeGreaterThanOrEqualTo(1);
    }
}
