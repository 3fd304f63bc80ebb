package io.stockade.command.identity;

import io.stockade.platform.config.SecuritySettings;
import io.stockade.platform.errors.ProblemException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * The two cookies of a browser session. The refresh token is HttpOnly, Secure, SameSite=Strict and
 * sent only to {@code /api/auth}; the CSRF token is readable by the page (it must copy it into the
 * {@code X-CSRF-Token} header) and worthless without the refresh cookie.
 */
@Component
class AuthCookies {
    static final String REFRESH = "stockade_refresh";
    static final String CSRF = "stockade_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private final boolean secure;

    AuthCookies(SecuritySettings settings) {
        this.secure = settings.cookieSecure();
    }

    void set(HttpServletResponse response, String refreshToken, String csrfToken, Instant expires, Instant now) {
        Duration maxAge = Duration.between(now, expires);
        response.addHeader(
                HttpHeaders.SET_COOKIE,
                ResponseCookie.from(REFRESH, refreshToken)
                        .httpOnly(true)
                        .secure(secure)
                        .sameSite("Strict")
                        .path("/api/auth")
                        .maxAge(maxAge)
                        .build()
                        .toString());
        if (csrfToken != null) {
            response.addHeader(
                    HttpHeaders.SET_COOKIE,
                    ResponseCookie.from(CSRF, csrfToken)
                            .httpOnly(false)
                            .secure(secure)
                            .sameSite("Strict")
                            .path("/")
                            .maxAge(maxAge)
                            .build()
                            .toString());
        }
    }

    void clear(HttpServletResponse response) {
        response.addHeader(
                HttpHeaders.SET_COOKIE,
                ResponseCookie.from(REFRESH, "")
                        .httpOnly(true)
                        .secure(secure)
                        .sameSite("Strict")
                        .path("/api/auth")
                        .maxAge(0)
                        .build()
                        .toString());
        response.addHeader(
                HttpHeaders.SET_COOKIE,
                ResponseCookie.from(CSRF, "")
                        .httpOnly(false)
                        .secure(secure)
                        .sameSite("Strict")
                        .path("/")
                        .maxAge(0)
                        .build()
                        .toString());
    }

    static String read(HttpServletRequest request, String name) {
        Cookie[] cookies;
        try {
            cookies = request.getCookies();
        } catch (IllegalArgumentException tooMany) {
            // Tomcat refuses to parse a Cookie header of more than its connector's maxCookieCount (200) cookies
            // and throws from getCookies(): a malformed request, not a server error (found by AuthCookiesFuzzTest).
            throw ProblemException.validation("Cookie", "The request carries more cookies than the server reads");
        }
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (name.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }
}
