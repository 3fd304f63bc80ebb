package io.stockade.command.identity;

import io.stockade.platform.config.SecuritySettings;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.ratelimit.RateLimitFilter;
import io.stockade.platform.ratelimit.RateLimiter;
import io.stockade.platform.web.ClientIps;
import io.stockade.platform.web.MessageAnswer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.util.HexFormat;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/auth/password-reset} (always 202) and {@code …/confirm} (204 or 400). */
@RestController
class PasswordResetController {
    private final PasswordResets resets;
    private final SecurityRecorder recorder;
    private final RateLimiter limiter;
    private final SecuritySettings settings;
    private final ClientIps clientIps;

    PasswordResetController(
            PasswordResets resets,
            SecurityRecorder recorder,
            RateLimiter limiter,
            SecuritySettings settings,
            ClientIps clientIps) {
        this.resets = resets;
        this.recorder = recorder;
        this.limiter = limiter;
        this.settings = settings;
        this.clientIps = clientIps;
    }

    @PostMapping(
            path = "/api/auth/password-reset",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<MessageAnswer> request(
            @Valid @RequestBody IdentityRequests.ResetRequest body,
            HttpServletRequest request,
            HttpServletResponse response) {
        String ip = clientIps.resolve(request);
        // Per address and e-mail, like sign-in: nobody can fill a mailbox with reset messages.
        String who = HexFormat.of().formatHex(Sessions.sha256(AccountLookupRepository.key(body.email())), 0, 12);
        RateLimiter.Decision d =
                limiter.consume("reset:" + ip + ":" + who, settings.limits().login());
        RateLimitFilter.writeHeaders(response, d);
        if (!d.allowed()) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, d.retryAfterSeconds())));
            throw new ProblemException(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "rate-limited",
                    "Too many requests",
                    "Too many reset requests; try again in " + Math.max(1, d.retryAfterSeconds()) + " s",
                    List.of());
        }
        String email = body.email().strip();
        recorder.later(() -> resets.request(email, ip));
        return ResponseEntity.accepted()
                .body(
                        new MessageAnswer(
                                "If an active account uses that address, a reset link is on its way. It is valid for one hour."));
    }

    @PostMapping(
            path = "/api/auth/password-reset/confirm",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> confirm(@Valid @RequestBody IdentityRequests.ResetConfirm body, HttpServletRequest request) {
        resets.complete(body.token().strip(), body.newPassword(), clientIps.resolve(request));
        return ResponseEntity.noContent().build();
    }
}
