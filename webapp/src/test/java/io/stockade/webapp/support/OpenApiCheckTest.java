package io.stockade.webapp.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The check itself, on a small hand-written OpenAPI 3.0 document: what it rejects and what it lets through. */
class OpenApiCheckTest {
    private static final String DOCUMENT = """
            {
              "openapi": "3.0.1",
              "info": {"title": "fixture", "version": "1"},
              "paths": {
                "/api/things/{id}": {
                  "get": {
                    "operationId": "getThing",
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {
                      "200": {"description": "the thing",
                              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                      "404": {"description": "no such thing",
                              "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
                    }
                  }
                },
                "/api/things": {
                  "post": {
                    "operationId": "createThing",
                    "requestBody": {"required": true,
                                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                    "responses": {
                      "201": {"description": "created",
                              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                      "400": {"description": "refused",
                              "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
                    }
                  }
                }
              },
              "components": {
                "schemas": {
                  "Thing": {
                    "type": "object",
                    "required": ["id", "name"],
                    "properties": {
                      "id": {"type": "string"},
                      "name": {"type": "string"},
                      "note": {"type": "string", "nullable": true}
                    }
                  },
                  "Problem": {
                    "type": "object",
                    "required": ["status"],
                    "properties": {"status": {"type": "integer"}, "detail": {"type": "string"}}
                  }
                }
              }
            }
            """;

    private final OpenApiCheck check = new OpenApiCheck(DOCUMENT);

    @Test
    void shouldAcceptAnExchangeTheDocumentDescribes() {
        assertThat(check.violations(get(200, "application/json", "{\"id\":\"1\",\"name\":\"bolt\",\"note\":null}")))
                .isEmpty();
        assertThat(check.violations(get(404, "application/problem+json", "{\"status\":404}")))
                .isEmpty();
    }

    @Test
    void shouldRejectNullInANonNullableField() {
        List<OpenApiCheck.Violation> violations =
                check.violations(get(200, "application/json", "{\"id\":\"1\",\"name\":null}"));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.key()).isEqualTo("validation.response.body.schema.type");
            assertThat(v.message()).contains("/name").contains("null");
            assertThat(v.operation()).isEqualTo("GET /api/things/{id}");
            assertThat(v.status()).isEqualTo(200);
        });
    }

    @Test
    void shouldRejectAnUndocumentedStatus() {
        assertThat(check.violations(get(409, "application/problem+json", "{\"status\":409}")))
                .extracting(OpenApiCheck.Violation::key)
                .containsExactly("validation.response.status.unknown");
    }

    @Test
    void shouldRejectAnUndocumentedContentType() {
        assertThat(check.violations(get(200, "text/html", "<h1>bolt</h1>")))
                .extracting(OpenApiCheck.Violation::key)
                .containsExactly("validation.response.contentType.notAllowed");
    }

    @Test
    void shouldRejectAMissingRequiredField() {
        List<OpenApiCheck.Violation> violations = check.violations(get(200, "application/json", "{\"id\":\"1\"}"));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.key()).isEqualTo("validation.response.body.schema.required");
            assertThat(v.message()).contains("name");
        });
    }

    @Test
    void shouldRejectAnAcceptedRequestTheDocumentForbids() {
        assertThat(check.violations(post("{\"id\":\"1\"}", 201, "{\"id\":\"1\",\"name\":\"bolt\"}")))
                .extracting(OpenApiCheck.Violation::key)
                .containsExactly("validation.request.body.schema.required");
    }

    @Test
    void shouldLeaveARefusedBadRequestToTheResponseCheck() {
        // A negative test's request: the server refused it, as the document says it should.
        assertThat(check.violations(post("{\"id\":\"1\"}", 400, "{\"status\":400}")))
                .isEmpty();
        // ...but the refusal itself must be documented.
        assertThat(check.violations(post("{\"id\":\"1\"}", 400, "{\"detail\":\"no status\"}")))
                .extracting(OpenApiCheck.Violation::key)
                .containsExactly("validation.response.body.schema.required");
    }

    @Test
    void shouldRefuseAnOpenApi31Document() {
        assertThatThrownBy(() -> new OpenApiCheck(DOCUMENT.replace("\"3.0.1\"", "\"3.1.0\"")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("openapi_3_0");
    }

    private static OpenApiCheck.Exchange get(int status, String contentType, String body) {
        return new OpenApiCheck.Exchange(
                "GET",
                URI.create("http://127.0.0.1:1/api/things/1"),
                headers(Map.of()),
                null,
                status,
                headers(Map.of("Content-Type", contentType)),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static OpenApiCheck.Exchange post(String requestBody, int status, String body) {
        String type = status < 400 ? "application/json" : "application/problem+json";
        return new OpenApiCheck.Exchange(
                "POST",
                URI.create("http://127.0.0.1:1/api/things"),
                headers(Map.of("Content-Type", "application/json")),
                requestBody.getBytes(StandardCharsets.UTF_8),
                status,
                headers(Map.of("Content-Type", type)),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpHeaders headers(Map<String, String> values) {
        return HttpHeaders.of(
                values.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))),
                (k, v) -> true);
    }
}
