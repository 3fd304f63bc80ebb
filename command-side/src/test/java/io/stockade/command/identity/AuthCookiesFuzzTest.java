package io.stockade.command.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.stockade.platform.config.SecuritySettings;
import io.stockade.platform.errors.ProblemException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.core.StandardContext;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.Rfc6265CookieProcessor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The refresh and CSRF cookies as the server reads them: the {@code Cookie} header parsed by Tomcat's own
 * request (its RFC 6265 cookie processor, as in production), then {@link AuthCookies#read} and the double-submit
 * check of {@link Sessions}. Whatever the header carries, parsing never fails; cookies the browser sends
 * first (ours, set with path and SameSite) are read back exactly whatever an attacker appends after them
 * (a sibling subdomain can add cookies, not reorder ours); a token the server issues survives
 * {@code Set-Cookie} and the browser's {@code Cookie} header unchanged; and the CSRF check passes only when the
 * header repeats the cookie.
 *
 * <p>An input is two token seeds and a header tail, split at the first two newlines. Seeds:
 * {@code src/test/resources/io/stockade/command/identity/AuthCookiesFuzzTestInputs/cookieHeader}.
 */
class AuthCookiesFuzzTest {
    private static final Connector CONNECTOR = new Connector();
    private static final int MAX_COOKIES = CONNECTOR.getMaxCookieCount();
    private final AuthCookies cookies =
            new AuthCookies(new SecuritySettings(null, null, null, true, null, null, null, null, null, null));

    @FuzzTest(maxDuration = "10m")
    void cookieHeader(byte[] input) {
        String[] parts = new String(input, StandardCharsets.ISO_8859_1).split("\n", 3);
        // Tokens are what the server issues: Base64url of random bytes (SecretFiles.randomToken).
        String refresh = token(parts[0]);
        String csrf = token(parts.length > 1 ? parts[1] : "");
        String tail = parts.length > 2 ? parts[2] : "";

        // Whatever the header is, it parses, or (past Tomcat's cookie limit) it is refused as a 400 problem; and a
        // cookie we read came from it.
        if (refusedAsTooManyCookies(tail)) {
            return;
        }
        HttpServletRequest anything = tomcatRequest(tail);
        String readRefresh = AuthCookies.read(anything, AuthCookies.REFRESH);
        String readCsrf = AuthCookies.read(anything, AuthCookies.CSRF);
        assertThat(readRefresh == null || tail.contains(AuthCookies.REFRESH)).isTrue();
        assertThat(readCsrf == null || tail.contains(AuthCookies.CSRF)).isTrue();
        assertThat(Sessions.csrfMatches(readCsrf, tail))
                .isEqualTo(readCsrf != null && !tail.isBlank() && readCsrf.equals(tail));

        // Our cookies as set, sent back by a browser, followed by whatever else it holds.
        MockHttpServletResponse response = new MockHttpServletResponse();
        Instant now = Instant.parse("2026-12-07T00:00:00Z");
        cookies.set(response, refresh, csrf, now.plusSeconds(3600), now);
        List<String> setCookies = response.getHeaders(HttpHeaders.SET_COOKIE);
        assertThat(setCookies).hasSize(2);
        String sent = pair(setCookies.get(0)) + "; " + pair(setCookies.get(1)) + (tail.isEmpty() ? "" : "; " + tail);
        if (refusedAsTooManyCookies(sent)) {
            return;
        }
        HttpServletRequest browser = tomcatRequest(sent);
        assertThat(AuthCookies.read(browser, AuthCookies.REFRESH)).isEqualTo(refresh);
        assertThat(AuthCookies.read(browser, AuthCookies.CSRF)).isEqualTo(csrf);
        assertThat(Sessions.csrfMatches(AuthCookies.read(browser, AuthCookies.CSRF), csrf))
                .isEqualTo(!csrf.isBlank());
    }

    private static String token(String seed) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(seed.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The name=value pair a browser sends back for a Set-Cookie header. */
    private static String pair(String setCookie) {
        int end = setCookie.indexOf(';');
        return end < 0 ? setCookie : setCookie.substring(0, end);
    }

    /** A Tomcat request whose only header is that Cookie header, read with a default context's processor. */
    private static HttpServletRequest tomcatRequest(String cookieHeader) {
        org.apache.coyote.Request coyote = new org.apache.coyote.Request();
        MessageBytes value = coyote.getMimeHeaders().addValue("Cookie");
        byte[] bytes = cookieHeader.getBytes(StandardCharsets.ISO_8859_1);
        value.setBytes(bytes, 0, bytes.length);
        Request request = new Request(CONNECTOR);
        request.setCoyoteRequest(coyote);
        StandardContext context = new StandardContext();
        // What a started context uses by default (Spring Boot keeps Tomcat's default).
        context.setCookieProcessor(new Rfc6265CookieProcessor());
        request.getMappingData().context = context;
        return request;
    }

    /**
     * Whether Tomcat refuses the header (more cookies than its connector's limit), and if so, that reading our cookie
     * from it is a 400 problem and nothing else; otherwise every cookie it parses has a name and a value. (Tomcat
     * parses once per request and answers no cookies after a refusal, so each check gets a request of its own.)
     */
    private static boolean refusedAsTooManyCookies(String cookieHeader) {
        Cookie[] parsed;
        try {
            parsed = tomcatRequest(cookieHeader).getCookies();
        } catch (IllegalArgumentException tooMany) {
            assertThatThrownBy(() -> AuthCookies.read(tomcatRequest(cookieHeader), AuthCookies.REFRESH))
                    .isInstanceOfSatisfying(
                            ProblemException.class, p -> assertThat(p.status()).isEqualTo(HttpStatus.BAD_REQUEST));
            assertThat(cookieHeader.chars().filter(c -> c == ';').count())
                    .as("only a header of more than the limit's cookies is refused")
                    .isGreaterThanOrEqualTo(MAX_COOKIES - 1);
            return true;
        }
        if (parsed != null) {
            assertThat(Arrays.stream(parsed).allMatch(c -> c.getName() != null && c.getValue() != null))
                    .isTrue();
        }
        return false;
    }
}
