package io.stockade.webapp.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every exchange of the integration tests checked against the API document <em>as the server under test
 * serves it</em> ({@code GET /api/docs}, read once per base URL), so the document cannot drift from what the
 * server answers: a status, content type, header or body field the document does not describe is a
 * violation. {@link Api} calls {@link #verify} after each exchange.
 *
 * <p>{@code -Dstockade.openapi.validation=fail|report|off} (webapp/pom.xml sets the default): {@code fail}
 * fails the test with the operation, the status and every violation; {@code report} collects them and writes
 * them, deduplicated and counted, with the validator's cost, to {@code target/openapi-violations.txt} when the
 * JVM exits; {@code off} checks nothing.
 *
 * <p>What is deliberately not checked:
 * <ul>
 *   <li>Paths outside {@code /api/} and {@code /health}, and {@code /api/docs} itself: the SPA's files, the
 *       operator's management port (it serves no document: a base URL whose {@code /api/docs} answers 404 is
 *       skipped), and the probes of paths that are not the API (the attack suite's {@code /WEB-INF/…}).
 *   <li>The request, when the server refused it with a 4xx. Negative tests send what the document forbids
 *       (no token, a bad body, an unknown path) on purpose, and a refusal is the server and the document
 *       agreeing. The <em>response</em> to such a request is still checked: its status and problem body must
 *       be documented. A request the document forbids but the server <em>accepted</em> (2xx, 3xx) or failed
 *       on (5xx) is a violation: the document is stricter than the server, or wrong (a required parameter
 *       the server never reads). A test that must send such a request on purpose says so with
 *       {@link Api#offContract()}; its response is still checked.
 *   <li>Bodies other than JSON (images, CSV, SVG): the validator checks their status, content type and
 *       headers, not their bytes. Server-sent event streams are checked up to their status and headers
 *       ({@link #verifyHead}); the events that follow are not in the document's language.
 * </ul>
 */
public final class OpenApiCheck {
    public enum Mode {
        FAIL,
        REPORT,
        OFF
    }

    /** One violation: where (operation and status), request or response, the validator's key and message. */
    public record Violation(String operation, int status, String key, String message) {
        @Override
        public String toString() {
            return operation + " -> " + status + ": [" + key + "] " + message;
        }
    }

    /** What went over the wire, as the check needs it. {@code responseBody} null means not read (a stream). */
    public record Exchange(
            String method,
            URI uri,
            HttpHeaders requestHeaders,
            byte[] requestBody,
            int status,
            HttpHeaders responseHeaders,
            byte[] responseBody) {}

    private static final Mode MODE = Mode.valueOf(
            System.getProperty("stockade.openapi.validation", "off").trim().toUpperCase(Locale.ROOT));
    private static final Path REPORT = Path.of("target", "openapi-violations.txt");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The check per base URL; {@link Optional#empty()} for a server that serves no document (management port). */
    private static final Map<String, Optional<OpenApiCheck>> BY_BASE = new ConcurrentHashMap<>();

    private static final Map<String, AtomicLong> SEEN = new ConcurrentHashMap<>();
    private static final AtomicLong EXCHANGES = new AtomicLong();
    private static final AtomicLong VALIDATION_NANOS = new AtomicLong();
    private static final AtomicLong LOAD_NANOS = new AtomicLong();
    private static final Pattern ARRAY_INDEX = Pattern.compile("/\\d+(?=[/'\\]]|$)");

    static {
        if (MODE != Mode.OFF) {
            Runtime.getRuntime().addShutdownHook(new Thread(OpenApiCheck::writeReport, "openapi-check-report"));
        }
    }

    private final OpenApiInteractionValidator validator;

    /** A check against the given document (JSON or YAML, OpenAPI 3.0). */
    public OpenApiCheck(String document) {
        String version = version(document);
        if (!version.startsWith("3.0")) {
            // The validator reads OpenAPI 3.0 (nullable: true); a 3.1 document ("type": [..., "null"]) would be
            // checked by the wrong rules, so refuse it rather than report nonsense.
            throw new IllegalStateException("the API document is OpenAPI " + version
                    + "; the check reads 3.0: serve it with springdoc.api-docs.version=openapi_3_0");
        }
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document)
                .build();
    }

    public static Mode mode() {
        return MODE;
    }

    /**
     * Checks one exchange of {@link Api} in the configured mode: fails the test, records it, or nothing.
     * {@code requestOffContract} skips the request's own check (the response is always checked).
     */
    static void verify(Exchange exchange, boolean requestOffContract) {
        if (MODE == Mode.OFF || !inScope(exchange.uri())) {
            return;
        }
        Optional<OpenApiCheck> check = forBase(exchange.uri());
        if (check.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        List<Violation> violations = check.get().violations(exchange, requestOffContract);
        VALIDATION_NANOS.addAndGet(System.nanoTime() - start);
        EXCHANGES.incrementAndGet();
        if (violations.isEmpty()) {
            return;
        }
        if (MODE == Mode.FAIL) {
            throw new AssertionError("the exchange differs from the API document served at " + base(exchange.uri())
                    + "/api/docs:\n  "
                    + violations.stream().map(Violation::toString).collect(Collectors.joining("\n  ")));
        }
        violations.forEach(
                v -> SEEN.computeIfAbsent(normalised(v), k -> new AtomicLong()).incrementAndGet());
    }

    /**
     * Checks the head of an exchange whose body is a stream the test reads itself (server-sent events): the
     * status, content type and headers.
     */
    public static void verifyHead(HttpRequest request, HttpResponse<?> response) {
        verify(
                new Exchange(
                        request.method(),
                        request.uri(),
                        request.headers(),
                        null,
                        response.statusCode(),
                        response.headers(),
                        null),
                false);
    }

    /**
     * Reads the server's document now, not inside the first exchange: loading it takes seconds on a busy machine,
     * which a test's own deadline (an await of a few seconds) must not pay for.
     */
    public static void prepare(int port) {
        if (MODE != Mode.OFF) {
            forBase(URI.create("http://127.0.0.1:" + port));
        }
    }

    /** The check {@link Api} uses for the server at {@code uri}: built from the document that server serves. */
    public static OpenApiCheck servedBy(URI uri) {
        return forBase(uri).orElseThrow(() -> new IllegalStateException(base(uri) + " serves no API document"));
    }

    /** The violations of one exchange against this document (empty when it conforms). */
    public List<Violation> violations(Exchange exchange) {
        return violations(exchange, false);
    }

    List<Violation> violations(Exchange exchange, boolean requestOffContract) {
        Request request = request(exchange);
        SimpleResponse.Builder response = new SimpleResponse.Builder(exchange.status());
        exchange.responseHeaders().map().forEach(response::withHeader);
        boolean streamed = exchange.responseBody() == null;
        if (!streamed && exchange.responseBody().length > 0) {
            response.withBody(exchange.responseBody());
        }
        ValidationReport report = validator.validate(request, response.build());
        boolean refused = exchange.status() >= 400 && exchange.status() < 500;
        List<Violation> found = new ArrayList<>();
        for (ValidationReport.Message m : report.getMessages()) {
            if (m.getLevel() != ValidationReport.Level.ERROR) {
                continue;
            }
            boolean aboutRequest = m.getKey().startsWith("validation.request");
            if (aboutRequest && (refused || requestOffContract)) {
                continue;
            }
            if (streamed && m.getKey().equals("validation.response.body.missing")) {
                continue;
            }
            found.add(new Violation(operation(exchange, m), exchange.status(), m.getKey(), message(m)));
        }
        return found;
    }

    private static Request request(Exchange exchange) {
        URI uri = exchange.uri();
        SimpleRequest.Builder b = new SimpleRequest.Builder(exchange.method(), uri.getRawPath());
        exchange.requestHeaders().map().forEach(b::withHeader);
        for (Map.Entry<String, List<String>> q : query(uri.getRawQuery()).entrySet()) {
            b.withQueryParam(q.getKey(), q.getValue());
        }
        if (exchange.requestBody() != null && exchange.requestBody().length > 0) {
            b.withBody(exchange.requestBody());
        }
        return b.build();
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String operation(Exchange exchange, ValidationReport.Message m) {
        return m.getContext()
                .flatMap(ValidationReport.MessageContext::getApiOperation)
                .map(op -> op.getMethod() + " " + op.getApiPath().original())
                .orElse(exchange.method() + " " + exchange.uri().getRawPath());
    }

    private static String message(ValidationReport.Message m) {
        String text = m.getMessage().replace('\n', ' ');
        return m.getNestedMessages().isEmpty()
                ? text
                : text + " {"
                        + m.getNestedMessages().stream()
                                .map(ValidationReport.Message::getMessage)
                                .collect(Collectors.joining("; "))
                        + "}";
    }

    private static boolean inScope(URI uri) {
        String path = uri.getPath();
        return (path.startsWith("/api/") && !path.startsWith("/api/docs")) || path.startsWith("/health");
    }

    private static String base(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static Optional<OpenApiCheck> forBase(URI uri) {
        return BY_BASE.computeIfAbsent(base(uri), OpenApiCheck::load);
    }

    /** The document as served by the server under test: what a generated client would be built from. */
    private static Optional<OpenApiCheck> load(String base) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/docs"))
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 404 || r.statusCode() == 401) {
                // 404: the operator's port serves no document. 401: a production node shows its document only to
                // signed-in callers; its exchanges go unchecked (the same build's embedded-default nodes check them).
                return Optional.empty();
            }
            if (r.statusCode() != 200) {
                throw new IllegalStateException(base + "/api/docs answered " + r.statusCode());
            }
            return Optional.of(new OpenApiCheck(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            LOAD_NANOS.addAndGet(System.nanoTime() - start);
        }
    }

    private static String version(String document) {
        try {
            JsonNode root = JSON.readTree(document);
            return root.path("openapi").asText(root.path("swagger").asText("?"));
        } catch (IOException e) {
            return "?";
        }
    }

    /** Array indexes in JSON pointers do not make a violation distinct: item 0 and item 7 are the same field. */
    private static String normalised(Violation v) {
        Matcher m = ARRAY_INDEX.matcher(v.message());
        return new Violation(v.operation(), v.status(), v.key(), m.replaceAll("/[]")).toString();
    }

    private static void writeReport() {
        long exchanges = EXCHANGES.get();
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "# OpenAPI check (%s): %d exchanges checked, %.1f ms validating (%.2f ms each), %.1f ms loading "
                        + "%d document(s)%n",
                MODE.name().toLowerCase(Locale.ROOT),
                exchanges,
                VALIDATION_NANOS.get() / 1e6,
                exchanges == 0 ? 0.0 : VALIDATION_NANOS.get() / 1e6 / exchanges,
                LOAD_NANOS.get() / 1e6,
                BY_BASE.size()));
        Map<String, Long> byKey = new LinkedHashMap<>();
        SEEN.forEach((k, n) -> byKey.merge(k.replaceFirst("^.*?: \\[([^\\]]+)\\].*$", "$1"), n.get(), Long::sum));
        out.append(String.format(
                Locale.ROOT,
                "# %d distinct violations, %d in all%n",
                SEEN.size(),
                SEEN.values().stream().mapToLong(AtomicLong::get).sum()));
        byKey.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.append(String.format(Locale.ROOT, "#   %6d  %s%n", e.getValue(), e.getKey())));
        SEEN.entrySet().stream()
                .sorted(Map.Entry.<String, AtomicLong>comparingByValue((a, b) -> Long.compare(b.get(), a.get()))
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> out.append(
                        String.format(Locale.ROOT, "%6d  %s%n", e.getValue().get(), e.getKey())));
        try {
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT, out.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("could not write " + REPORT + ": " + e.getMessage());
        }
    }
}
