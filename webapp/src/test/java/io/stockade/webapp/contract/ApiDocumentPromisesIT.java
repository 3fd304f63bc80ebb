package io.stockade.webapp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promises of {@code /api/docs} that a generated client relies on: fields the server sends as null are
 * nullable, creations answer 201, refusals are documented problems, the bearer scheme guards all but the public
 * operations, no generator leftovers, and the server address comes from configuration, not the Host header.
 */
class ApiDocumentPromisesIT extends ApiTestBase {
    private JsonNode doc;

    @BeforeEach
    void readDocument() {
        Api.Response r = anonymous().get("/api/docs");
        assertThat(r.status()).isEqualTo(200);
        doc = r.body();
    }

    @Test
    void shouldBeOpenApi30WithNullableFieldsAndRequiredOthers() {
        assertThat(doc.path("openapi").asText()).startsWith("3.0.");
        JsonNode item = doc.at("/components/schemas/ItemView");
        for (String field : List.of("categoryId", "category", "subCategoryId", "shelf", "description", "imageUrl")) {
            assertThat(item.at("/properties/" + field + "/nullable").asBoolean())
                    .as(field)
                    .isTrue();
        }
        Set<String> required = texts(item.path("required"));
        assertThat(required).contains("id", "name", "currentStock", "status").doesNotContain("categoryId", "shelf");
        assertThat(doc.at("/components/schemas/CategoryView/properties/parentId/nullable")
                        .asBoolean())
                .isTrue();
        assertThat(doc.at("/components/schemas/CategoryStockRow/properties/parentName/nullable")
                        .asBoolean())
                .isTrue();
        // A nested object that may be missing is left out, not null (OpenAPI 3.0 has no "this or null" for a
        // reference that validators agree on): optional, and still a plain reference.
        JsonNode timeline = doc.at("/components/schemas/TimelineLine");
        assertThat(timeline.at("/properties/movement/$ref").asText()).endsWith("/TransactionView");
        assertThat(texts(timeline.path("required"))).contains("stockAfter").doesNotContain("movement");
    }

    @Test
    void shouldDocumentTheRealStatusesAndProblems() {
        JsonNode create = doc.at("/paths/~1api~1inventory/post/responses");
        assertThat(create.has("201")).isTrue();
        assertThat(create.has("200")).isFalse();
        assertThat(create.at("/201/headers/Location/$ref").asText()).endsWith("/Location");
        assertThat(doc.at("/paths/~1api~1auth~1register/post/responses").has("201"))
                .isTrue();
        assertThat(doc.at("/paths/~1api~1auth~1password-reset/post/responses").has("202"))
                .isTrue();
        assertThat(doc.at("/paths/~1api~1inventory~1{id}/put/responses").has("412"))
                .isTrue();
        JsonNode notFound = doc.at("/paths/~1api~1inventory~1{id}/get/responses/404");
        assertThat(notFound.at("/content/application~1problem+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(texts(doc.at("/components/schemas/Problem/required")))
                .contains("type", "title", "status", "detail", "errors");
        List<String> missing = new ArrayList<>();
        operations((path, method, op) -> {
            if (path.startsWith("/api/")) {
                JsonNode tooMany = op.at("/responses/429");
                if (tooMany.isMissingNode() || !tooMany.at("/headers").has("Retry-After")) {
                    missing.add(method + " " + path);
                }
            }
        });
        assertThat(missing).as("operations without a 429 and its Retry-After").isEmpty();
    }

    @Test
    void shouldRequireTheBearerTokenExceptOnPublicOperations() {
        JsonNode bearer = doc.at("/components/securitySchemes/bearerToken");
        assertThat(bearer.path("type").asText()).isEqualTo("http");
        assertThat(bearer.path("scheme").asText()).isEqualTo("bearer");
        assertThat(doc.at("/security/0").has("bearerToken")).isTrue();
        for (String open : List.of("/api/auth/login", "/api/auth/password-reset")) {
            JsonNode security = doc.at("/paths/" + open.replace("/", "~1") + "/post/security");
            assertThat(security.isArray() && security.isEmpty()).as(open).isTrue();
        }
        assertThat(doc.at("/paths/~1health/get/security").isEmpty()).isTrue();
        assertThat(doc.at("/paths/~1api~1inventory/get/security").isMissingNode())
                .as("inherits the global bearer requirement")
                .isTrue();
        assertThat(doc.at("/paths/~1api~1inventory/get/responses").has("401")).isTrue();
    }

    @Test
    void shouldNameEveryOperationAndLeaveNoGeneratorLeftovers() {
        Set<String> tags = texts(doc.path("tags").findValues("name"));
        Set<String> ids = new HashSet<>();
        List<String> wrong = new ArrayList<>();
        operations((path, method, op) -> {
            String id = op.path("operationId").asText();
            if (!id.matches("[a-z][A-Za-z0-9]+") || !ids.add(id)) {
                wrong.add(method + " " + path + " operationId " + id);
            }
            if (op.path("summary").asText().isBlank()
                    || op.path("description").asText().isBlank()) {
                wrong.add(method + " " + path + " has no summary or description");
            }
            if (op.path("tags").size() != 1 || !tags.contains(op.at("/tags/0").asText())) {
                wrong.add(method + " " + path + " tag " + op.path("tags"));
            }
            for (JsonNode p : op.path("parameters")) {
                String name = p.path("name").asText();
                if (List.of("form", "fields", "params").contains(name)
                        || "object".equals(p.at("/schema/type").asText())) {
                    wrong.add(method + " " + path + " parameter " + name);
                }
                if (List.of("page", "limit").contains(name)
                        && !(p.at("/schema/type").asText().equals("integer")
                                && p.at("/schema/minimum").isNumber()
                                && p.at("/schema/maximum").isNumber())) {
                    wrong.add(method + " " + path + " unbounded " + name);
                }
            }
        });
        assertThat(wrong).isEmpty();
        assertThat(doc.at("/info/title").asText()).isEqualTo("Stockade API");
    }

    @Test
    void shouldTakeTheServerAddressFromConfigurationNotTheHostHeader() throws Exception {
        String answer;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/docs HTTP/1.0\r\nHost: evil.example\r\nX-Forwarded-Host: evil.example\r\n"
                            + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(answer).startsWith("HTTP/1.1 200").doesNotContain("evil.example");
        JsonNode served = new ObjectMapper().readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertThat(served.at("/servers/0/url").asText()).isEqualTo("http://localhost:8080");
    }

    private interface OperationVisitor {
        void visit(String path, String method, JsonNode operation);
    }

    private void operations(OperationVisitor visitor) {
        doc.path("paths")
                .properties()
                .forEach(p -> p.getValue()
                        .properties()
                        .forEach(m -> visitor.visit(p.getKey(), m.getKey().toUpperCase(Locale.ROOT), m.getValue())));
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Set<String> texts(List<JsonNode> nodes) {
        Set<String> out = new HashSet<>();
        nodes.forEach(n -> out.add(n.asText()));
        return out;
    }
}
