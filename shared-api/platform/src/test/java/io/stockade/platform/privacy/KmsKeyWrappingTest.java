package io.stockade.platform.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The real AWS SDK client against a local HTTP stub of the KMS endpoint (AWS is not reachable from here): the exact
 * requests the wrapping sends (signed Encrypt and Decrypt on the configured key, the person's id as encryption
 * context) and that it stores and returns exactly what KMS answers. That KMS encrypts, and which roles may call it,
 * are AWS's and the CDK app's (StackContentsTest checks the task roles' grants).
 */
class KmsKeyWrappingTest {
    private static final String KEY = "arn:aws:kms:eu-west-1:111122223333:alias/stockade/personal-data";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private final List<String> targets = new ArrayList<>();
    private final List<JsonNode> bodies = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();
    private final AtomicReference<String> failWith = new AtomicReference<>();
    private final byte[] blob = "kms-ciphertext-blob".getBytes(StandardCharsets.US_ASCII);
    private final byte[] opened = new byte[32];
    private KmsClient client;

    @BeforeEach
    void start() throws Exception {
        opened[0] = 7;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            targets.add(target);
            bodies.add(JSON.readTree(exchange.getRequestBody()));
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            int status = 200;
            String answer;
            if (failWith.get() != null) {
                status = 400;
                answer = "{\"__type\":\"" + failWith.get() + "\",\"message\":\"refused\"}";
            } else if ("TrentService.Encrypt".equals(target)) {
                answer = "{\"CiphertextBlob\":\"" + Base64.getEncoder().encodeToString(blob) + "\",\"KeyId\":\"" + KEY
                        + "\",\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}";
            } else {
                answer = "{\"Plaintext\":\"" + Base64.getEncoder().encodeToString(opened) + "\",\"KeyId\":\"" + KEY
                        + "\",\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        client = KmsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.EU_WEST_1)
                .endpointOverride(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSTUBEXAMPLE", "stub-secret")))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    @Test
    void shouldEncryptAPersonsKeyUnderTheKmsKeyWithTheirIdAsContextAndStoreWhatKmsReturns() {
        KmsKeyWrapping wrapping = new KmsKeyWrapping(client, KEY);
        UUID person = UUID.randomUUID();
        byte[] key = new byte[32];
        key[31] = 42;

        byte[] stored = wrapping.wrap(person, key);

        assertThat(stored).isEqualTo(blob);
        assertThat(targets).containsExactly("TrentService.Encrypt");
        JsonNode body = bodies.get(0);
        assertThat(body.get("KeyId").asText()).isEqualTo(KEY);
        assertThat(Base64.getDecoder().decode(body.get("Plaintext").asText())).isEqualTo(key);
        assertThat(body.get("EncryptionContext").get("stockade:subject").asText())
                .isEqualTo(person.toString());
        assertThat(authorizations.get(0))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDSTUBEXAMPLE/")
                .contains("/eu-west-1/kms/aws4_request");
        assertThat(wrapping.name()).isEqualTo("kms");
        assertThat(wrapping.opens("kms")).isTrue();
        assertThat(wrapping.opens(null)).isFalse();
    }

    @Test
    void shouldDecryptTheStoredBlobWithTheSameKeyAndContext() {
        KmsKeyWrapping wrapping = new KmsKeyWrapping(client, KEY);
        UUID person = UUID.randomUUID();

        assertThat(wrapping.unwrap(person, blob)).isEqualTo(opened);

        assertThat(targets).containsExactly("TrentService.Decrypt");
        JsonNode body = bodies.get(0);
        assertThat(Base64.getDecoder().decode(body.get("CiphertextBlob").asText()))
                .isEqualTo(blob);
        assertThat(body.get("KeyId").asText()).isEqualTo(KEY);
        assertThat(body.get("EncryptionContext").get("stockade:subject").asText())
                .isEqualTo(person.toString());
    }

    @Test
    void shouldSayWhichSettingAndWhatKmsAnsweredWhenItRefuses() {
        failWith.set("InvalidCiphertextException");
        KmsKeyWrapping wrapping = new KmsKeyWrapping(client, KEY);
        UUID person = UUID.randomUUID();

        assertThatThrownBy(() -> wrapping.unwrap(person, blob))
                .isInstanceOf(KeyWrapping.UnopenableKeyException.class)
                .hasMessageContaining(KmsKeyWrapping.SETTING)
                .hasMessageContaining("InvalidCiphertextException")
                .hasMessageContaining(person.toString());
    }
}
