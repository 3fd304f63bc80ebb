package io.stockade.webapp.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A small HTTP client for the integration tests: real requests to the running application. */
public final class Api {
    public static final String ADMIN_PASSWORD = "Chief-Passw0rd-2026!";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;
    private final boolean offContract;

    public Api(int port) {
        this("http://127.0.0.1:" + port, null, false);
    }

    private Api(String base, String token, boolean offContract) {
        this.base = base;
        this.token = token;
        this.offContract = offContract;
    }

    public record Response(int status, JsonNode body, String raw, HttpResponse<String> http) {
        public String header(String name) {
            return http.headers().firstValue(name).orElse(null);
        }

        public JsonNode at(String pointer) {
            return body.at(pointer);
        }

        @Override
        public String toString() {
            return status + " " + raw;
        }
    }

    public String token() {
        return token;
    }

    public Api as(String token) {
        return new Api(base, token, offContract);
    }

    /**
     * A client whose requests break the API document on purpose and may still be accepted by the server;
     * {@link OpenApiCheck} then checks only the responses. A request the server refuses (4xx) needs no such
     * mark: the refusal already agrees with the document.
     */
    public Api offContract() {
        return new Api(base, token, true);
    }

    /** Signs in and returns a client that sends the access token. */
    public Api login(String username, String password) {
        Response r = post("/api/auth/login", Map.of("username", username, "password", password));
        if (r.status() != 200) {
            throw new AssertionError("login failed: " + r);
        }
        return as(r.body().get("token").asText());
    }

    /**
     * What a browser keeps after signing in: the access token and the two cookies. Its methods send
     * the cookies (and the CSRF header) as the SPA does.
     */
    public final class BrowserSession {
        private String token;
        private String refresh;
        private final String csrf;
        private final Response login;

        BrowserSession(Response login) {
            this.login = login;
            this.token = login.body().path("token").asText(null);
            this.refresh = cookie(login, "stockade_refresh");
            this.csrf = cookie(login, "stockade_csrf");
        }

        public Response login() {
            return login;
        }

        public Api api() {
            return as(token);
        }

        public String token() {
            return token;
        }

        public String refreshToken() {
            return refresh;
        }

        public String csrf() {
            return csrf;
        }

        /** POST /api/auth/refresh with the cookies and header; keeps the rotated cookie and new token on success. */
        public Response refresh() {
            Response r = refreshWith(refresh, csrf, csrf);
            if (r.status() == 200) {
                token = r.body().get("token").asText();
                refresh = cookie(r, "stockade_refresh");
            }
            return r;
        }

        public Response refreshWith(String refreshToken, String csrfCookie, String csrfHeader) {
            return cookiePost("/api/auth/refresh", refreshToken, csrfCookie, csrfHeader);
        }

        public Response logout() {
            return cookiePost("/api/auth/logout", refresh, csrf, csrf);
        }
    }

    public BrowserSession signIn(String username, String password) {
        Response r = post("/api/auth/login", Map.of("username", username, "password", password));
        if (r.status() != 200) {
            throw new AssertionError("login failed: " + r);
        }
        return new BrowserSession(r);
    }

    public Response cookiePost(String path, String refreshToken, String csrfCookie, String csrfHeader) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody());
        StringBuilder cookies = new StringBuilder();
        if (refreshToken != null) {
            cookies.append("stockade_refresh=").append(refreshToken);
        }
        if (csrfCookie != null) {
            cookies.append(cookies.isEmpty() ? "" : "; ")
                    .append("stockade_csrf=")
                    .append(csrfCookie);
        }
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookies.toString());
        }
        if (csrfHeader != null) {
            b.header("X-CSRF-Token", csrfHeader);
        }
        return send(b, null);
    }

    /** The value of a cookie set by the response, or null. */
    public static String cookie(Response r, String name) {
        return r.http().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .findFirst()
                .orElse(null);
    }

    /** The whole Set-Cookie header of a cookie (to check its attributes), or null. */
    public static String setCookie(Response r, String name) {
        return r.http().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .findFirst()
                .orElse(null);
    }

    public Response get(String path) {
        return send(request(path).GET(), null);
    }

    /** A GET with headers of its own (an Accept that asks for a file, say). */
    public Response get(String path, Map<String, String> headers) {
        HttpRequest.Builder b = request(path).GET();
        headers.forEach(b::header);
        return send(b, null);
    }

    public Response post(String path, Object body) {
        return post(path, body, Map.of());
    }

    /** A POST without a body, for the operations that take none (the document says so). */
    public Response post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()), null);
    }

    public Response post(String path, Object body, Map<String, String> headers) {
        byte[] bytes = json(body);
        HttpRequest.Builder b = request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.forEach(b::header);
        return send(b, bytes);
    }

    public Response postRaw(String path, String contentType, String body) {
        return postRaw(path, contentType, body, Map.of());
    }

    public Response postRaw(String path, String contentType, String body, Map<String, String> headers) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b =
                request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.forEach(b::header);
        return send(b, bytes);
    }

    /** A multipart/form-data POST with text fields and, if {@code file} is not null, one file part. */
    public Response postMultipart(
            String path, Map<String, String> fields, String fileField, String filename, String fileType, byte[] file) {
        return postMultipart(path, fields, fileField, filename, fileType, file, Map.of());
    }

    public Response postMultipart(
            String path,
            Map<String, String> fields,
            String fileField,
            String filename,
            String fileType,
            byte[] file,
            Map<String, String> headers) {
        String boundary = "----stockade" + System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Charset utf8 = StandardCharsets.UTF_8;
        fields.forEach((k, v) -> out.writeBytes(
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n")
                        .getBytes(utf8)));
        if (file != null) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField
                            + "\"; filename=\"" + filename + "\"\r\nContent-Type: " + fileType + "\r\n\r\n")
                    .getBytes(utf8));
            out.writeBytes(file);
            out.writeBytes("\r\n".getBytes(utf8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(utf8));
        byte[] bytes = out.toByteArray();
        HttpRequest.Builder b = request(path)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.forEach(b::header);
        return send(b, bytes);
    }

    /** GET returning the raw bytes (images). */
    public HttpResponse<byte[]> getBytes(String path) {
        try {
            HttpRequest request = request(path).GET().build();
            HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            check(request, null, r, r.body());
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response put(String path, Object body, Map<String, String> headers) {
        byte[] bytes = json(body);
        HttpRequest.Builder b = request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.forEach(b::header);
        return send(b, bytes);
    }

    public Response put(String path, Object body) {
        return put(path, body, Map.of());
    }

    public Response deleteWithBody(String path, Object body) {
        byte[] bytes = json(body);
        return send(
                request(path)
                        .header("Content-Type", "application/json")
                        .method("DELETE", HttpRequest.BodyPublishers.ofByteArray(bytes)),
                bytes);
    }

    public Response delete(String path) {
        return send(request(path).DELETE(), null);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        Optional.ofNullable(token).ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    private static byte[] json(Object body) {
        try {
            return body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every exchange is checked against the served API document ({@link OpenApiCheck}). */
    private void check(HttpRequest request, byte[] requestBody, HttpResponse<?> response, byte[] responseBody) {
        OpenApiCheck.verify(
                new OpenApiCheck.Exchange(
                        request.method(),
                        request.uri(),
                        request.headers(),
                        requestBody,
                        response.statusCode(),
                        response.headers(),
                        responseBody),
                offContract);
    }

    private Response send(HttpRequest.Builder b, byte[] requestBody) {
        try {
            HttpRequest request = b.build();
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            check(request, requestBody, r, r.body().getBytes(StandardCharsets.UTF_8));
            JsonNode body = null;
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (type.contains("json") && !r.body().isEmpty()) {
                body = JSON.readTree(r.body());
            }
            return new Response(r.statusCode(), body == null ? JSON.missingNode() : body, r.body(), r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
