package io.stockade.webapp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The SPA's API types are generated from {@code frontend/openapi.json}; this keeps that file equal
 * to what the running app documents, so the front end cannot compile against an API that is not
 * there. {@code -Dstockade.openapi.update=true} rewrites the file after an intended API change.
 */
class OpenApiDocumentIT extends ApiTestBase {
    private static final Path COMMITTED = Path.of("frontend", "openapi.json");
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    @Test
    void shouldMatchTheDocumentTheFrontEndIsBuiltFrom() throws Exception {
        Api.Response live = anonymous().get("/api/docs");
        assertThat(live.status()).isEqualTo(200);
        // The server entry comes from configuration (STOCKADE_PUBLIC_URL, the default here), never from the
        // request, so it is stable and part of the committed copy.
        JsonNode document = live.body();
        String canonical = CANONICAL.writeValueAsString(CANONICAL.treeToValue(document, Object.class)) + "\n";
        if (Boolean.getBoolean("stockade.openapi.update")) {
            Files.writeString(COMMITTED, canonical, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(COMMITTED, StandardCharsets.UTF_8))
                .as(
                        "frontend/openapi.json differs from the running app's /api/docs: after an intended API change run "
                                + "mvn -pl webapp verify -Dit.test=OpenApiDocumentIT -Dstockade.openapi.update=true and commit it")
                .isEqualTo(canonical);
    }
}
