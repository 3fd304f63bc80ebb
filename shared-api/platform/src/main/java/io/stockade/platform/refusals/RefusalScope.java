package io.stockade.platform.refusals;

import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatusCode;
import org.springframework.util.AntPathMatcher;

/**
 * Which refusals are recorded: writes to items and their stock, and to people (issue 14 §1), refused by
 * validation (400), a missing role (403), a conflict with the rules (409, 412) or an unprocessable request (422).
 * Not recorded: 401 (no signed-in caller: those stay in the security events), 404 (nothing of the caller's
 * organisation was there to refuse), 429 (over the rate limit: counted, and recorded once per quiet period as a
 * security event), transport refusals (405, 406, 413, 415), sign-in, token and password-reset calls (their
 * bodies are secrets and their failures are security events) and every read.
 */
final class RefusalScope {
    private static final AntPathMatcher PATHS = new AntPathMatcher();
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final List<String> COVERED = List.of(
            "/api/inventory",
            "/api/inventory/**",
            "/api/users/**",
            "/api/profile",
            "/api/profile/**",
            "/api/auth/register");
    private static final Set<Integer> STATUSES = Set.of(400, 403, 409, 412, 422);

    private RefusalScope() {}

    static boolean covers(String method, String path) {
        return method != null
                && path != null
                && WRITES.contains(method)
                && COVERED.stream().anyMatch(p -> PATHS.match(p, path));
    }

    static boolean recorded(HttpStatusCode status) {
        return STATUSES.contains(status.value());
    }
}
