package io.stockade.webapp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import io.stockade.webapp.support.OpenApiCheck;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The check every integration test's exchanges go through ({@link OpenApiCheck}) reads the document this
 * server serves, in the version it can read, and refuses answers that differ from it.
 */
class OpenApiCheckIT extends ApiTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldServeTheDocumentAsOpenApi30() {
        Api.Response docs = anonymous().get("/api/docs");

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.at("/openapi").asText()).startsWith("3.0");
    }

    @Test
    void shouldAcceptARealExchangeAndRejectTheSameAnswerTampered() throws Exception {
        Api.Response me = admin().get("/api/auth/me");
        assertThat(me.status()).isEqualTo(200);
        OpenApiCheck served = OpenApiCheck.servedBy(me.http().uri());

        assertThat(served.violations(exchange(me, me.status(), me.raw())))
                .as("the real answer conforms to the served document")
                .isEmpty();

        ObjectNode tampered = me.body().deepCopy();
        ((ObjectNode) tampered.get("user")).putNull("id");
        List<OpenApiCheck.Violation> nullId =
                served.violations(exchange(me, me.status(), JSON.writeValueAsString(tampered)));
        assertThat(nullId).singleElement().satisfies(v -> {
            assertThat(v.operation()).isEqualTo("GET /api/auth/me");
            assertThat(v.key()).isEqualTo("validation.response.body.schema.type");
            assertThat(v.message()).contains("/user/id");
        });

        assertThat(served.violations(exchange(me, 418, me.raw())))
                .extracting(OpenApiCheck.Violation::key)
                .containsExactly("validation.response.status.unknown");
    }

    private static OpenApiCheck.Exchange exchange(Api.Response real, int status, String body) {
        HttpRequest request = real.http().request();
        return new OpenApiCheck.Exchange(
                request.method(),
                request.uri(),
                request.headers(),
                null,
                status,
                real.http().headers(),
                body.getBytes(StandardCharsets.UTF_8));
    }
}
