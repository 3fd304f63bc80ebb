package io.stockade.platform.web;

import io.stockade.platform.security.SecurityConfiguration;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.method.HandlerMethod;

/**
 * Writes into the document what the server really does around each operation: the refusals its filters and
 * handlers answer (problem+json), the rate-limit and idempotency headers, who may call it, the bounds of its
 * parameters, and the catalogue's ids, summaries and success statuses ({@link ApiOperations}).
 */
final class ApiContract {
    static final String PROBLEM = "application/problem+json";
    static final String BEARER = "bearerToken";
    static final String REFRESH_COOKIE = "refreshCookie";
    static final String CSRF_HEADER = "csrfToken";

    /** Set by {@link #handlerMarker()} so the document pass knows which side answers; removed again. */
    private static final String HANDLER = "x-stockade-handler";

    private static final AntPathMatcher PATHS = new AntPathMatcher();
    /** Tomcat refuses a request line longer than its header buffer: the ceiling of any query value. */
    private static final int REQUEST_LINE = 8192;
    /** spring.servlet.multipart.max-file-size, and the image sanitiser's own limit. */
    private static final int IMAGE_MAX_BYTES = 5 * 1024 * 1024;

    private static final Map<Integer, String> GENERIC = Map.ofEntries(
            Map.entry(400, "The request is malformed or a field is invalid: each is named in errors"),
            Map.entry(401, "Not signed in, or the access token is invalid or expired"),
            Map.entry(403, "The caller's role may not do this, or a password change or second factor comes first"),
            Map.entry(404, "No such resource in the caller's organisation"),
            Map.entry(409, "Conflicts with the current state (a concurrent change)"),
            Map.entry(412, "If-Match names a version the item no longer has"),
            Map.entry(413, "The request body is too large"),
            Map.entry(415, "The request body's media type is not accepted"),
            Map.entry(422, "The Idempotency-Key was already used for a different request"),
            Map.entry(429, "Too many requests; Retry-After says when to try again"),
            Map.entry(503, "Not ready"));

    private ApiContract() {}

    /** Remembers the handler's class on each operation for {@link #apply}; the mark does not reach the client. */
    static OperationCustomizer handlerMarker() {
        return (Operation operation, HandlerMethod handler) -> {
            operation.addExtension(HANDLER, handler.getBeanType().getName());
            return operation;
        };
    }

    static void apply(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths()
                .forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
                    String handler = handler(op);
                    operation(path, method, op, handler);
                }));
    }

    private static String handler(Operation op) {
        Object h = op.getExtensions() == null ? null : op.getExtensions().remove(HANDLER);
        if (op.getExtensions() != null && op.getExtensions().isEmpty()) {
            op.setExtensions(null);
        }
        return h == null ? "" : h.toString();
    }

    private static void operation(String path, PathItem.HttpMethod method, Operation op, String handler) {
        boolean api = path.startsWith("/api/");
        boolean open = isPublic(method.name(), path);
        boolean write = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD;
        // Commands (and their idempotency interceptor) run behind the signed-in writes of the command side.
        boolean command = handler.startsWith("io.stockade.command.") && write && !open;
        ApiOperations.Op entry = ApiOperations.find(method.name(), path).orElse(null);
        if (entry != null) {
            op.setOperationId(entry.id());
            op.setSummary(entry.summary());
            op.setDescription(entry.description());
        }
        ApiOperations.tagOf(path).ifPresent(t -> op.setTags(List.of(t.name())));
        parameters(path, op, write, api);
        content(path, op, write);
        multipart(op);
        fileSizes(path, op);
        ApiResponses responses = op.getResponses() == null ? new ApiResponses() : op.getResponses();
        op.setResponses(responses);
        if (entry != null) {
            success(responses, entry);
            if (entry.wrapper() != null) {
                wrap(responses.get("200"), entry.wrapper());
            }
        }
        TreeMap<Integer, String> refusals = new TreeMap<>();
        if (api) {
            refusals.put(400, GENERIC.get(400));
            refusals.put(429, GENERIC.get(429));
        }
        if (!open) {
            refusals.put(401, GENERIC.get(401));
            refusals.put(403, GENERIC.get(403));
        }
        if (path.contains("{")) {
            refusals.put(404, GENERIC.get(404));
        }
        if (op.getRequestBody() != null) {
            refusals.put(413, GENERIC.get(413));
            refusals.put(415, GENERIC.get(415));
        }
        if (op.getParameters() != null
                && op.getParameters().stream().anyMatch(p -> "If-Match".equalsIgnoreCase(p.getName()))) {
            refusals.put(412, GENERIC.get(412));
        }
        if (command) {
            refusals.put(409, GENERIC.get(409));
            refusals.put(422, GENERIC.get(422));
        }
        if (entry != null) {
            refusals.putAll(entry.refusals());
        }
        refusals.forEach((status, why) -> {
            String code = Integer.toString(status);
            if (status == 503 && path.startsWith("/health")) {
                // Health answers its own body when not ready, not a problem.
                ApiResponse ok = responses.get("200");
                responses.addApiResponse(
                        code, new ApiResponse().description(why).content(ok == null ? null : ok.getContent()));
                return;
            }
            ApiResponse r = responses.get(code);
            if (r == null) {
                r = new ApiResponse();
                responses.addApiResponse(code, r);
            }
            r.setDescription(why);
            r.setContent(new Content()
                    .addMediaType(PROBLEM, new MediaType().schema(new Schema<>().$ref(ApiDocument.PROBLEM_REF))));
        });
        if (api) {
            responses.forEach((code, r) -> {
                r.addHeaderObject("X-RateLimit-Limit", ref("X-RateLimit-Limit"));
                r.addHeaderObject("X-RateLimit-Remaining", ref("X-RateLimit-Remaining"));
                r.addHeaderObject("X-RateLimit-Reset", ref("X-RateLimit-Reset"));
                if ("429".equals(code)) {
                    r.addHeaderObject("Retry-After", ref("Retry-After"));
                }
            });
        }
        ApiResponse created = responses.get("201");
        if (created != null) {
            created.addHeaderObject("Location", ref("Location"));
        }
        if (path.equals("/api/inventory/{id}")
                        && (method == PathItem.HttpMethod.GET || method == PathItem.HttpMethod.PUT)
                || path.equals("/api/inventory") && method == PathItem.HttpMethod.POST) {
            ApiResponse ok = responses.get(method == PathItem.HttpMethod.POST ? "201" : "200");
            if (ok != null) {
                ok.addHeaderObject("ETag", ref("ETag"));
            }
        }
        security(path, method, op, open);
    }

    /** Public operations, as {@link SecurityConfiguration} lets them through without a token. */
    static boolean isPublic(String method, String path) {
        if (path.equals("/health")) {
            return true;
        }
        List<String> open = "POST".equals(method)
                ? SecurityConfiguration.PUBLIC_POSTS
                : "GET".equals(method) ? SecurityConfiguration.PUBLIC_GETS : List.of();
        String concrete = path.replaceAll("\\{[^}]+}", "x");
        for (String pattern : open) {
            if (PATHS.match(pattern, concrete)) {
                return true;
            }
        }
        return false;
    }

    private static void security(String path, PathItem.HttpMethod method, Operation op, boolean open) {
        if (path.equals("/api/auth/refresh")) {
            op.setSecurity(
                    List.of(new SecurityRequirement().addList(REFRESH_COOKIE).addList(CSRF_HEADER)));
        } else if (path.equals("/api/auth/logout")) {
            op.setSecurity(List.of(
                    new SecurityRequirement().addList(REFRESH_COOKIE).addList(CSRF_HEADER), new SecurityRequirement()));
        } else if (open) {
            op.setSecurity(List.of());
        } else {
            op.setSecurity(null);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void success(ApiResponses responses, ApiOperations.Op entry) {
        if (entry.success() == 0 || entry.success() == 200) {
            ApiResponse ok = responses.get("200");
            if (ok != null && "OK".equals(ok.getDescription())) {
                ok.setDescription(entry.summary());
            }
            return;
        }
        ApiResponse ok = responses.remove("200");
        if (ok == null) {
            ok = new ApiResponse();
        }
        HttpStatus status = HttpStatus.valueOf(entry.success());
        ok.setDescription(status.getReasonPhrase());
        if (status == HttpStatus.NO_CONTENT) {
            ok.setContent(null);
        }
        responses.addApiResponse(Integer.toString(entry.success()), ok);
    }

    /** A {@code Map<String, X>} answer is in truth {@code {"<wrapper>": X}}. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void wrap(ApiResponse ok, String property) {
        if (ok == null || ok.getContent() == null) {
            return;
        }
        ok.getContent().values().forEach(mt -> {
            Schema s = mt.getSchema();
            if (s != null && s.getAdditionalProperties() instanceof Schema inner) {
                mt.setSchema(new ObjectSchema().addProperty(property, inner).required(List.of(property)));
            }
        });
    }

    private static Header ref(String name) {
        return new Header().$ref("#/components/headers/" + name);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void parameters(String path, Operation op, boolean write, boolean api) {
        List<Parameter> params = new ArrayList<>();
        if (op.getParameters() != null) {
            for (Parameter p : op.getParameters()) {
                Schema s = p.getSchema();
                // Generator leftovers: a Map<String, String> of request parameters is no parameter named "fields".
                if ("query".equals(p.getIn())
                        && s != null
                        && ("object".equals(s.getType()) || s.getAdditionalProperties() != null)) {
                    continue;
                }
                bound(path, p);
                params.add(p);
            }
        }
        // The signed links are GETs; POST .../image is the signed-in upload and takes none of their parameters.
        boolean signedLink =
                !write && (path.equals("/api/inventory/{id}/image") || path.startsWith("/api/inventory/{id}/barcode."));
        if (signedLink && path.equals("/api/inventory/{id}/image")) {
            params.add(query("ref", "The stored image's name, from the signed link", true, string(100)));
        }
        if (path.startsWith("/api/inventory/{id}/barcode.")) {
            params.add(query("code", "The barcode, from the signed link", true, string(100)));
            params.add(query(
                    "format", "qr (default) or code128", false, new StringSchema()._enum(List.of("qr", "code128"))));
        }
        if (signedLink) {
            params.add(query("tid", "The organisation, from the signed link", true, string(36)));
            params.add(query("exp", "Expiry (epoch seconds), from the signed link", true, string(20)));
            params.add(query("sig", "Signature, from the signed link", true, string(100)));
        }
        if (hasCsv(path)) {
            params.removeIf(p -> "format".equals(p.getName()));
            params.add(query(
                    "format",
                    "json (default) or csv (the whole result as a file, without paging)",
                    false,
                    new StringSchema()._enum(List.of("json", "csv"))));
        }
        if (api && write) {
            boolean required = path.equals("/api/inventory/import");
            params.add(new Parameter().$ref("#/components/parameters/IdempotencyKey" + (required ? "Required" : "")));
        }
        op.setParameters(params.isEmpty() ? null : params);
    }

    private static boolean hasCsv(String path) {
        return path.equals("/api/transactions") || path.startsWith("/api/reports/");
    }

    private static Parameter query(String name, String description, boolean required, Schema<?> schema) {
        return new Parameter()
                .in("query")
                .name(name)
                .description(description)
                .required(required)
                .schema(schema);
    }

    static StringSchema string(int max) {
        StringSchema s = new StringSchema();
        s.setMaxLength(max);
        return s;
    }

    private static IntegerSchema integer(int min, int max, int dflt) {
        IntegerSchema s = new IntegerSchema();
        s.setFormat("int32");
        s.setMinimum(BigDecimal.valueOf(min));
        s.setMaximum(BigDecimal.valueOf(max));
        s.setDefault(dflt);
        return s;
    }

    /** Each parameter's bounds, as the controllers check them (a value out of them is a 400 naming it). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void bound(String path, Parameter p) {
        Schema s = p.getSchema();
        if (s == null) {
            return;
        }
        if ("integer".equals(s.getType()) && s.getMaximum() != null) {
            if (s.getFormat() == null) {
                s.setFormat("int32");
            }
            return;
        }
        String name = p.getName();
        switch (name) {
            case "page" -> p.setSchema(integer(1, 1_000_000, 1));
            case "limit" ->
                p.setSchema(
                        path.equals("/api/inventory/low-stock")
                                ? integer(1, 100, 100)
                                : integer(1, Paging.MAX_LIMIT, 20));
            case "days" -> p.setSchema(path.startsWith("/api/dashboard/") ? integer(1, 365, 30) : integer(1, 3650, 90));
            case "order" -> p.setSchema(new StringSchema()._enum(List.of("asc", "desc")));
            case "search" -> p.setSchema(string(path.equals("/api/users/lookup") ? 50 : 100));
            case "code" -> s.setMaxLength(100);
            case "Last-Event-ID" -> s.setMaxLength(100);
            case "If-Match" -> s.setMaxLength(40);
            case "unread", "dryRun" -> {}
            default -> {
                if ("string".equals(s.getType()) && s.getMaxLength() == null && s.getEnum() == null) {
                    s.setMaxLength("uuid".equals(s.getFormat()) ? 36 : REQUEST_LINE);
                }
            }
        }
        if ("status".equals(name) && path.equals("/api/inventory")) {
            // StockStatus.fromLabel also takes the kebab-case names a URL is easier to type with (and any letter
            // case, which an enum cannot say: the description does).
            p.setSchema(new StringSchema()
                    ._enum(List.of("In Stock", "Low Stock", "Out of Stock", "in-stock", "low-stock", "out-of-stock")));
            p.setDescription("The stock status: its label or its kebab-case name, in any letter case");
        } else if ("status".equals(name) && path.equals("/api/admin/outbox")) {
            p.setSchema(new StringSchema()._enum(List.of("pending", "sent", "dead")));
        } else if ("groupBy".equals(name)) {
            p.setSchema(new StringSchema()._enum(List.of("day", "week", "month", "user", "reason", "type")));
        } else if ("type".equals(name) && path.equals("/api/reports/movements")) {
            p.setSchema(new StringSchema()._enum(List.of("ADDITION", "DEDUCTION")));
        } else if ("sort".equals(name) && path.equals("/api/inventory")) {
            p.setSchema(new StringSchema()
                    ._enum(List.of(
                            "name",
                            "sku",
                            "currentStock",
                            "minThreshold",
                            "location",
                            "category",
                            "status",
                            "updatedAt")));
        }
    }

    /** Files sent are bounded: an image by the multipart limit (5 MiB), an import by its own (64 MiB). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void fileSizes(String path, Operation op) {
        if (op.getRequestBody() == null || op.getRequestBody().getContent() == null) {
            return;
        }
        int max = path.equals("/api/inventory/import") ? (int) BodySizeLimit.IMPORT_MAX_BYTES : IMAGE_MAX_BYTES;
        op.getRequestBody().getContent().values().forEach(mt -> {
            List<Schema> schemas = new ArrayList<>();
            if (mt.getSchema() != null) {
                schemas.add(mt.getSchema());
                if (mt.getSchema().getProperties() != null) {
                    schemas.addAll(mt.getSchema().getProperties().values());
                }
                if (mt.getSchema().getAllOf() != null) {
                    for (Object part : mt.getSchema().getAllOf()) {
                        Schema p = (Schema) part;
                        if (p.getProperties() != null) {
                            schemas.addAll(p.getProperties().values());
                        }
                    }
                }
            }
            for (Schema s : schemas) {
                if ("string".equals(s.getType()) && "binary".equals(s.getFormat()) && s.getMaxLength() == null) {
                    s.setMaxLength(max);
                }
            }
        });
    }

    /** A multipart form carries the JSON body's fields as parts, plus the file. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void multipart(Operation op) {
        if (op.getRequestBody() == null || op.getRequestBody().getContent() == null) {
            return;
        }
        MediaType json = op.getRequestBody().getContent().get("application/json");
        MediaType form = op.getRequestBody().getContent().get("multipart/form-data");
        if (json != null
                && form != null
                && json.getSchema() != null
                && json.getSchema().get$ref() != null) {
            Schema parts = form.getSchema();
            form.setSchema(new ComposedSchema()
                    .allOf(List.of(new Schema<>().$ref(json.getSchema().get$ref()), parts)));
        }
    }

    /** Media types springdoc cannot see: images, CSV files, event streams. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void content(String path, Operation op, boolean write) {
        ApiResponses responses = op.getResponses();
        if (responses == null || responses.get("200") == null) {
            return;
        }
        ApiResponse ok = responses.get("200");
        Content content = ok.getContent() == null ? new Content() : ok.getContent();
        if (path.equals("/api/inventory/{id}/image") && !write) {
            ok.setContent(new Content()
                    .addMediaType("image/jpeg", new MediaType().schema(new BinarySchema()))
                    .addMediaType("image/png", new MediaType().schema(new BinarySchema())));
        } else if (path.endsWith("/barcode.png")) {
            ok.setContent(new Content().addMediaType("image/png", new MediaType().schema(new BinarySchema())));
        } else if (path.endsWith("/barcode.svg")) {
            ok.setContent(new Content().addMediaType("image/svg+xml", new MediaType().schema(string(1_000_000))));
        } else if (path.endsWith("/errors.csv")) {
            ok.setContent(new Content().addMediaType("text/csv", new MediaType().schema(string(10_000_000))));
        } else if (hasCsv(path)) {
            content.addMediaType("text/csv", new MediaType().schema(string(100_000_000)));
            ok.setContent(content);
        } else if (path.startsWith("/api/stream/")) {
            ok.setContent(new Content().addMediaType("text/event-stream", new MediaType().schema(string(1_000_000))));
        }
    }
}
