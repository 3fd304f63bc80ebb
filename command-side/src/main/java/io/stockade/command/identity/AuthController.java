package io.stockade.command.identity;

import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.RegisterUserCommand;
import io.stockade.api.identity.SecurityMessages.SecurityEventType;
import io.stockade.command.identity.IdentityAnswers.LoginAnswer;
import io.stockade.command.identity.IdentityAnswers.Me;
import io.stockade.command.identity.IdentityAnswers.SessionList;
import io.stockade.command.identity.IdentityAnswers.SessionView;
import io.stockade.command.identity.IdentityAnswers.UserAnswer;
import io.stockade.command.identity.IdentityAnswers.UserSummary;
import io.stockade.command.jooq.tables.records.UserAccountRecord;
import io.stockade.platform.config.SecuritySettings;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.ratelimit.RateLimitFilter;
import io.stockade.platform.ratelimit.RateLimiter;
import io.stockade.platform.security.AccessTokens;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.CurrentUsers;
import io.stockade.platform.security.Roles;
import io.stockade.platform.web.ClientIps;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-in, token refresh, logout and the user's own sessions. A failed sign-in never tells whether
 * the account exists, is locked or is deactivated: one status, one body, one BCrypt check each.
 */
@RestController
@RequestMapping(path = "/api/auth", produces = MediaType.APPLICATION_JSON_VALUE)
class AuthController {
    static final String INVALID_CREDENTIALS = "Invalid username or password";
    private final AccountLookupRepository accounts;
    private final Passwords passwords;
    private final AccessTokens tokens;
    private final CommandGateway commands;
    private final Sessions sessions;
    private final AuthCookies cookies;
    private final SecurityRecorder recorder;
    private final RateLimiter limiter;
    private final SecuritySettings settings;
    private final ClientIps clientIps;
    private final Clock clock;
    private final Mfa mfa;

    AuthController(
            Mfa mfa,
            AccountLookupRepository accounts,
            Passwords passwords,
            AccessTokens tokens,
            CommandGateway commands,
            Sessions sessions,
            AuthCookies cookies,
            SecurityRecorder recorder,
            RateLimiter limiter,
            SecuritySettings settings,
            ClientIps clientIps,
            Clock clock) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.tokens = tokens;
        this.commands = commands;
        this.sessions = sessions;
        this.cookies = cookies;
        this.recorder = recorder;
        this.limiter = limiter;
        this.settings = settings;
        this.clientIps = clientIps;
        this.clock = clock;
        this.mfa = mfa;
    }

    @PostMapping(path = "/login", consumes = MediaType.APPLICATION_JSON_VALUE)
    LoginAnswer login(
            @Valid @RequestBody IdentityRequests.Login body, HttpServletRequest request, HttpServletResponse response) {
        String ip = clientIps.resolve(request);
        throttle(ip, body.username(), response);
        Optional<UserAccountRecord> found = accounts.findByUsername(body.username());
        Instant now = clock.instant();
        // Exactly one BCrypt comparison on every path, so timing does not tell the paths apart.
        boolean passwordOk;
        if (found.isEmpty()) {
            passwords.burn(body.password());
            recorder.unknownAccount();
            throw invalidCredentials();
        }
        UserAccountRecord a = found.get();
        passwordOk = passwords.matches(body.password(), a.getPasswordHash());
        boolean locked =
                a.getLockedUntil() != null && now.isBefore(a.getLockedUntil().toInstant());
        if (locked) {
            recorder.event(
                    new UserId(a.getUserId()),
                    new TenantId(a.getTenantId()),
                    SecurityEventType.LOGIN_FAILED,
                    null,
                    "account locked",
                    ip);
            throw invalidCredentials();
        }
        if (!passwordOk) {
            recorder.failure(
                    a, "wrong password", ip, settings.lockoutThreshold(), now.plus(settings.lockoutDuration()));
            throw invalidCredentials();
        }
        if (!a.getActive()) {
            recorder.event(
                    new UserId(a.getUserId()),
                    new TenantId(a.getTenantId()),
                    SecurityEventType.LOGIN_FAILED,
                    null,
                    "account deactivated",
                    ip);
            throw invalidCredentials();
        }
        if (mfa.enrolled(a.getUserId())) {
            // The password was right; the session opens only once the second factor is shown too.
            Mfa.Challenge challenge = mfa.challenge(a.getUserId());
            return LoginAnswer.challenge(challenge.token(), challenge.expiresAt());
        }
        return signIn(a, List.of("pwd"), request, response, ip);
    }

    /** Opens the session, sets the cookies and answers as seed 004's login does. */
    LoginAnswer signIn(
            UserAccountRecord a,
            List<String> amr,
            HttpServletRequest request,
            HttpServletResponse response,
            String ip) {
        Sessions.Opened opened = sessions.open(a, request.getHeader("User-Agent"), ip, amr);
        cookies.set(response, opened.refreshToken(), opened.csrfToken(), opened.expiresAt(), clock.instant());
        recorder.event(
                new UserId(a.getUserId()),
                new TenantId(a.getTenantId()),
                SecurityEventType.LOGIN_SUCCEEDED,
                opened.sessionId().toString(),
                String.join("+", amr),
                ip);
        return tokenResponse(a, opened.sessionId(), amr);
    }

    @PostMapping(path = "/refresh")
    ResponseEntity<LoginAnswer> refresh(HttpServletRequest request, HttpServletResponse response) {
        Sessions.Refresh result = sessions.refresh(
                AuthCookies.read(request, AuthCookies.REFRESH),
                AuthCookies.read(request, AuthCookies.CSRF),
                request.getHeader(AuthCookies.CSRF_HEADER));
        if (result instanceof Sessions.Refused refused) {
            throw refusal(refused, response);
        }
        Sessions.Refreshed ok = (Sessions.Refreshed) result;
        cookies.set(response, ok.refreshToken(), null, ok.expiresAt(), clock.instant());
        return ResponseEntity.ok(tokenResponse(ok.account(), ok.sessionId(), ok.amr()));
    }

    @PostMapping(path = "/logout")
    ResponseEntity<Void> logout(HttpServletRequest request, HttpServletResponse response) {
        Optional<Sessions.Refused> refused = sessions.logout(
                AuthCookies.read(request, AuthCookies.REFRESH),
                AuthCookies.read(request, AuthCookies.CSRF),
                request.getHeader(AuthCookies.CSRF_HEADER));
        if (refused.isPresent()) {
            throw refusal(refused.get(), response);
        }
        cookies.clear(response);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/sessions")
    SessionList sessions(CurrentUser user) {
        String current = CurrentUsers.sessionId().orElse(null);
        return new SessionList(sessions.live(user.userId().value()).stream()
                .map(s -> SessionView.of(s, current))
                .toList());
    }

    @DeleteMapping("/sessions/{id}")
    ResponseEntity<Void> revokeSession(@PathVariable UUID id, CurrentUser user) {
        if (!sessions.revokeOwn(user.userId().value(), id)) {
            throw ProblemException.notFound("Session");
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/register", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    ResponseEntity<UserAnswer<UserSummary>> register(
            @Valid @RequestBody IdentityRequests.Register body, CurrentUser admin) {
        passwords.check("password", body.password(), body.username(), body.email());
        UserId id = UserId.random();
        commands.sendAndWait(new RegisterUserCommand(
                id,
                admin.tenantId(),
                body.username().strip(),
                body.email().strip(),
                passwords.hash(body.password()),
                body.role(),
                false));
        UserAccountRecord a = accounts.find(id).orElseThrow();
        return ResponseEntity.created(URI.create("/api/users/" + id)).body(new UserAnswer<>(UserSummary.of(a)));
    }

    @GetMapping("/me")
    UserAnswer<Me> me(CurrentUser user) {
        UserAccountRecord a = accounts.find(user.userId())
                .filter(UserAccountRecord::getActive)
                .orElseThrow(() -> new ProblemException(
                        HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", "Authentication required", List.of()));
        return new UserAnswer<>(Me.of(a));
    }

    /**
     * Per address and username (5 / 15 min) and per address overall (the wider cap): checked before
     * the account is even looked up, so guessing is slow and one address can lock few accounts.
     */
    private void throttle(String ip, String username, HttpServletResponse response) {
        String who = HexFormat.of().formatHex(Sessions.sha256(AccountLookupRepository.key(username)), 0, 12);
        RateLimiter.Decision perIp =
                limiter.consume("login-ip:" + ip, settings.limits().loginIp());
        RateLimiter.Decision perUser = perIp.allowed()
                ? limiter.consume("login:" + ip + ":" + who, settings.limits().login())
                : perIp;
        RateLimiter.Decision shown = !perIp.allowed() ? perIp : perUser;
        RateLimitFilter.writeHeaders(response, shown);
        if (!shown.allowed()) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, shown.retryAfterSeconds())));
            recorder.loginThrottled();
            throw new ProblemException(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "rate-limited",
                    "Too many requests",
                    "Too many sign-in attempts; try again in " + Math.max(1, shown.retryAfterSeconds()) + " s",
                    List.of());
        }
    }

    private LoginAnswer tokenResponse(UserAccountRecord a, UUID sessionId, List<String> amr) {
        CurrentUser user = new CurrentUser(
                new UserId(a.getUserId()), new TenantId(a.getTenantId()), Role.valueOf(a.getRole()), a.getUsername());
        boolean enrol = amr.size() == 1 && mfa.requiredFor(a) && !mfa.enrolled(a.getUserId());
        AccessTokens.Issued issued = tokens.issue(user, a.getMustChangePassword(), enrol, sessionId.toString(), amr);
        return LoginAnswer.session(
                issued.token(), issued.expiresAt(), a.getMustChangePassword(), enrol, UserSummary.of(a));
    }

    private ProblemException refusal(Sessions.Refused refused, HttpServletResponse response) {
        if (refused.csrf()) {
            return new ProblemException(
                    HttpStatus.FORBIDDEN,
                    "csrf",
                    "Forbidden",
                    "Missing or wrong " + AuthCookies.CSRF_HEADER + " header",
                    List.of());
        }
        cookies.clear(response);
        return new ProblemException(
                HttpStatus.UNAUTHORIZED,
                "session-ended",
                "Unauthorized",
                "The session has ended; sign in again",
                List.of());
    }

    static ProblemException invalidCredentials() {
        return new ProblemException(
                HttpStatus.UNAUTHORIZED, "invalid-credentials", "Unauthorized", INVALID_CREDENTIALS, List.of());
    }

    /** "Chrome on Android" from a user agent, enough to recognise one's own devices. */
    static String describe(String agent) {
        if (agent == null || agent.isBlank()) {
            return "Unknown device";
        }
        String a = agent.toLowerCase(Locale.ROOT);
        String browser = a.contains("edg/")
                ? "Edge"
                : a.contains("firefox/")
                        ? "Firefox"
                        : a.contains("chrome/") || a.contains("chromium/")
                                ? "Chrome"
                                : a.contains("safari/")
                                        ? "Safari"
                                        : a.contains("java-http-client")
                                                ? "Java client"
                                                : a.contains("curl/") ? "curl" : "Browser";
        String os = a.contains("android")
                ? "Android"
                : a.contains("iphone") || a.contains("ipad")
                        ? "iOS"
                        : a.contains("windows")
                                ? "Windows"
                                : a.contains("mac os") ? "macOS" : a.contains("linux") ? "Linux" : null;
        return os == null ? browser : browser + " on " + os;
    }
}
