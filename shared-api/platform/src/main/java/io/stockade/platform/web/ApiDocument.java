package io.stockade.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.math.BigDecimal;
import java.util.List;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The API document's own description, and its server address from configuration: springdoc would otherwise
 * build {@code servers} from the request's Host header, so anyone could make the document point elsewhere.
 * {@link ApiContract} and {@link ApiSchemas} make each operation and schema say what the server really does.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocument {
    static final String PROBLEM_REF = "#/components/schemas/Problem";

    /**
     * The address people open Stockade at ({@code STOCKADE_PUBLIC_URL}; {@code STOCKADE_MAIL_PUBLIC_URL}, its
     * older name, is still read): the API document's server and the links in e-mails.
     */
    public static String publicUrl(Environment env) {
        String url = env.getProperty("stockade.public-url");
        if (url == null || url.isBlank()) {
            url = env.getProperty("stockade.mail.public-url");
        }
        return url == null || url.isBlank()
                ? "http://localhost:8080"
                : url.strip().replaceAll("/+$", "");
    }

    @Bean
    OpenAPI stockadeApiDocument(Environment env) {
        String url = publicUrl(env);
        // The build writes it into application.yml (and the jar's manifest); "dev" when run from an IDE unfiltered.
        String version = env.getProperty("spring.application.version", "dev");
        return new OpenAPI()
                .info(new Info()
                        .title("Stockade API")
                        .version(version.startsWith("@") ? "dev" : version)
                        .description("Warehouse inventory as an event-sourced record: items, stock movements, "
                                + "reports, alerts and the people who use them. Every call but sign-in, token "
                                + "refresh, password reset, the signed image and barcode links and /health needs "
                                + "an access token (Authorization: Bearer). Errors are RFC 9457 "
                                + "application/problem+json with the invalid fields named in errors. Every /api "
                                + "answer carries X-RateLimit-Limit, -Remaining and -Reset; a 429 carries "
                                + "Retry-After. Writes accept an Idempotency-Key to be retried safely.")
                        .contact(new Contact().name("Stockade").url(url))
                        .license(new License().name("Proprietary").url(url)))
                .servers(List.of(server(url)))
                .tags(ApiOperations.TAGS.stream()
                        .map(t -> new Tag().name(t.name()).description(t.description()))
                        .toList())
                .addSecurityItem(new SecurityRequirement().addList(ApiContract.BEARER))
                .components(new Components()
                        .addSecuritySchemes(
                                ApiContract.BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")
                                        .description(
                                                "The access token from sign-in or refresh: an RS256 JWT valid for minutes, "
                                                        + "issued and checked following RFC8725 (algorithm pinned, issuer, "
                                                        + "audience and expiry verified)"))
                        .addSecuritySchemes(
                                ApiContract.REFRESH_COOKIE,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.COOKIE)
                                        .name("stockade_refresh")
                                        .description("The HttpOnly refresh cookie set at sign-in (path /api/auth)"))
                        .addSecuritySchemes(
                                ApiContract.CSRF_HEADER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name("X-CSRF-Token")
                                        .description("The value of the stockade_csrf cookie, sent back as a header"))
                        .addHeaders("X-RateLimit-Limit", header("The bucket's size", 0, Integer.MAX_VALUE))
                        .addHeaders(
                                "X-RateLimit-Remaining", header("Requests left in the bucket", 0, Integer.MAX_VALUE))
                        .addHeaders(
                                "X-RateLimit-Reset",
                                header("Seconds until the bucket is full again", 0, Integer.MAX_VALUE))
                        .addHeaders(
                                "Retry-After",
                                header("Seconds until a request will be accepted again", 1, Integer.MAX_VALUE))
                        .addHeaders(
                                "Location",
                                new Header()
                                        .description("The created resource")
                                        .schema(ApiContract.string(200).format("uri-reference")))
                        .addHeaders(
                                "ETag",
                                new Header()
                                        .description("The item's version, quoted; send it back as If-Match")
                                        .schema(ApiContract.string(22)))
                        .addParameters("IdempotencyKey", idempotencyKey(false))
                        .addParameters("IdempotencyKeyRequired", idempotencyKey(true)));
    }

    /** The public deployment: production behind https, or local on a laptop (the http://localhost default). */
    private static Server server(String url) {
        Server server = new Server()
                .url(url)
                .description(
                        url.startsWith("https://")
                                ? "This deployment, production (STOCKADE_PUBLIC_URL)"
                                : "This deployment, local (STOCKADE_PUBLIC_URL unset or plain http)");
        server.addExtension("x-internal", false);
        return server;
    }

    private static Header header(String description, int min, int max) {
        IntegerSchema s = new IntegerSchema();
        s.setMinimum(BigDecimal.valueOf(min));
        s.setMaximum(BigDecimal.valueOf(max));
        return new Header().description(description).schema(s);
    }

    private static Parameter idempotencyKey(boolean required) {
        StringSchema s = ApiContract.string(128);
        s.setMinLength(8);
        s.setPattern("^[A-Za-z0-9._:-]{8,128}$");
        return new Parameter()
                .in("header")
                .name(IdempotencyKeys.HEADER)
                .required(required)
                .description("Makes the write safe to retry: the same key with the same request answers as the "
                        + "first time; with a different request, 422")
                .schema(s);
    }

    /** RFC 9457 plus the API's {@code message} and field {@code errors}, as every refusal answers. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void problemSchemas(OpenAPI api) {
        Schema fieldError = new ObjectSchema()
                .description("One invalid field (or parameter, or header) and why")
                .addProperty("field", ApiContract.string(200))
                .addProperty("message", ApiContract.string(1000))
                .required(List.of("field", "message"));
        IntegerSchema status = new IntegerSchema();
        status.setMinimum(BigDecimal.valueOf(400));
        status.setMaximum(BigDecimal.valueOf(599));
        ArraySchema errors = new ArraySchema();
        errors.setItems(new Schema<>().$ref("#/components/schemas/FieldError"));
        errors.setMaxItems(1000);
        errors.setDescription("The invalid fields; empty when the refusal is not about a field");
        Schema problem = new ObjectSchema()
                .description("A refusal (RFC 9457)")
                .addProperty(
                        "type",
                        ApiContract.string(200)
                                .format("uri")
                                .description("https://stockade.io/problems/<kind>, stable for code to branch on"))
                .addProperty("title", ApiContract.string(200))
                .addProperty("status", status)
                .addProperty("detail", ApiContract.string(2000))
                .addProperty("instance", optional(ApiContract.string(2000).description("The request's path")))
                .addProperty("message", ApiContract.string(2000).description("The same as detail (seed 004)"))
                .addProperty("errors", errors)
                .required(List.of("type", "title", "status", "detail", "message", "errors"));
        if (api.getComponents().getSchemas() != null
                && api.getComponents().getSchemas().containsKey("ImportJob")) {
            // Only the refusal of an import that is already running carries it.
            problem.addProperty("import", optional(new Schema<>().$ref("#/components/schemas/ImportJob")));
        }
        api.getComponents().addSchemas("FieldError", fieldError);
        api.getComponents().addSchemas("Problem", problem);
    }

    /** A property an answer leaves out when it does not apply (not made required with the others). */
    @SuppressWarnings("rawtypes")
    private static Schema optional(Schema schema) {
        schema.addExtension(ApiSchemas.OPTIONAL, true);
        return schema;
    }

    @Bean
    ApiSchemas stockadeApiSchemas() {
        return new ApiSchemas();
    }

    @Bean
    OperationCustomizer stockadeApiHandlerMarker() {
        return ApiContract.handlerMarker();
    }

    @Bean
    GlobalOpenApiCustomizer stockadeApiContract(Environment env) {
        return api -> {
            // The Host header never names the server: springdoc's computed entry is replaced by configuration.
            api.setServers(List.of(server(publicUrl(env))));
            problemSchemas(api);
            ApiContract.apply(api);
            ApiSchemas.requireWhatIsPromised(api);
        };
    }
}
