package io.stockade.command.identity;

import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.SecurityMessages.SecurityEventType;
import io.stockade.command.identity.IdentityAnswers.Limit;
import io.stockade.command.identity.IdentityAnswers.Lockout;
import io.stockade.command.identity.IdentityAnswers.LoginAnswer;
import io.stockade.command.identity.IdentityAnswers.MfaEnrolment;
import io.stockade.command.identity.IdentityAnswers.MfaStatus;
import io.stockade.command.identity.IdentityAnswers.RateLimits;
import io.stockade.command.identity.IdentityAnswers.RecoveryCodes;
import io.stockade.command.identity.IdentityAnswers.SecurityPolicy;
import io.stockade.command.identity.IdentityAnswers.SessionPolicy;
import io.stockade.command.jooq.tables.records.UserAccountRecord;
import io.stockade.platform.config.SecuritySettings;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.CurrentUsers;
import io.stockade.platform.security.Roles;
import io.stockade.platform.web.ClientIps;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** TOTP enrolment and sign-in, and the organisation's security policy (Admin). */
@RestController
class MfaController {
    private final Mfa mfa;
    private final AccountLookupRepository accounts;
    private final Passwords passwords;
    private final AuthController auth;
    private final SecurityRecorder recorder;
    private final SecuritySettings settings;
    private final ClientIps clientIps;
    private final Clock clock;

    MfaController(
            Mfa mfa,
            AccountLookupRepository accounts,
            Passwords passwords,
            AuthController auth,
            SecurityRecorder recorder,
            SecuritySettings settings,
            ClientIps clientIps,
            Clock clock) {
        this.mfa = mfa;
        this.accounts = accounts;
        this.passwords = passwords;
        this.auth = auth;
        this.recorder = recorder;
        this.settings = settings;
        this.clientIps = clientIps;
        this.clock = clock;
    }

    record Verify(
            @NotNull @Size(max = 100) String challenge,

            @Pattern(regexp = "\\d{6}", message = "must be 6 digits")
            String code,

            @Size(max = 40) String recoveryCode) {
        @Override
        public String toString() {
            return "Verify[***]";
        }
    }

    record Confirm(
            @NotNull @Pattern(regexp = "\\d{6}", message = "must be 6 digits")
            String code) {}

    record Disable(
            @NotNull @Size(max = 1024) String password,

            @Pattern(regexp = "\\d{6}", message = "must be 6 digits")
            String code,

            @Size(max = 40) String recoveryCode) {
        @Override
        public String toString() {
            return "Disable[***]";
        }
    }

    record Policy(
            @NotNull @Size(max = 4) List<Role> mfaRequiredRoles,

            @Schema(description = "Optional; must equal the deployment's profile, which is not set here")
            @Size(max = 32)
            String passwordProfile) {}

    @PostMapping(
            path = "/api/auth/mfa/verify",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    LoginAnswer verify(@Valid @RequestBody Verify body, HttpServletRequest request, HttpServletResponse response) {
        if ((body.code() == null)
                == (body.recoveryCode() == null || body.recoveryCode().isBlank())) {
            throw ProblemException.validation("code", "Send either code or recoveryCode");
        }
        String ip = clientIps.resolve(request);
        Mfa.Attempt attempt = mfa.attempt(body.challenge(), body.code(), body.recoveryCode());
        if (attempt instanceof Mfa.WrongCode wrong) {
            accounts.find(new UserId(wrong.userId()))
                    .ifPresent(a -> recorder.failure(
                            a,
                            "wrong second factor",
                            ip,
                            settings.lockoutThreshold(),
                            clock.instant().plus(settings.lockoutDuration())));
            throw wrongCode();
        }
        if (!(attempt instanceof Mfa.Passed passed)) {
            throw wrongCode();
        }
        UserAccountRecord a = accounts.find(new UserId(passed.userId())).orElseThrow(MfaController::wrongCode);
        boolean locked = a.getLockedUntil() != null
                && clock.instant().isBefore(a.getLockedUntil().toInstant());
        if (!a.getActive() || locked) {
            throw wrongCode();
        }
        return auth.signIn(a, List.of("pwd", passed.method()), request, response, ip);
    }

    @GetMapping(path = "/api/auth/mfa", produces = MediaType.APPLICATION_JSON_VALUE)
    MfaStatus status(CurrentUser user) {
        UserAccountRecord a = account(user);
        return new MfaStatus(mfa.enrolled(a.getUserId()), mfa.requiredFor(a), mfa.recoveryCodesLeft(a.getUserId()));
    }

    @PostMapping(path = "/api/auth/mfa/enrolment", produces = MediaType.APPLICATION_JSON_VALUE)
    MfaEnrolment enrol(CurrentUser user) {
        Mfa.Enrolment e = mfa.startEnrolment(account(user))
                .orElseThrow(() -> new ProblemException(
                        HttpStatus.CONFLICT,
                        "mfa-already-enrolled",
                        "Conflict",
                        "A second factor is already set up; remove it first",
                        List.of()));
        return new MfaEnrolment(e.otpauthUri(), e.secret(), e.qrCode());
    }

    @PostMapping(
            path = "/api/auth/mfa/enrolment/confirm",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    RecoveryCodes confirm(@Valid @RequestBody Confirm body, CurrentUser user, HttpServletRequest request) {
        List<String> codes = mfa.confirm(user.userId().value(), body.code())
                .orElseThrow(() -> ProblemException.validation(
                        "code",
                        "That code is not right (or was used already); "
                                + "check the time on your phone and try the next code"));
        recorder.event(
                user.userId(),
                user.tenantId(),
                SecurityEventType.MFA_ENROLLED,
                CurrentUsers.sessionId().orElse(null),
                "totp",
                clientIps.resolve(request));
        return new RecoveryCodes(codes);
    }

    @DeleteMapping(path = "/api/auth/mfa", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> disable(@Valid @RequestBody Disable body, CurrentUser user, HttpServletRequest request) {
        UserAccountRecord a = account(user);
        if (!passwords.matches(body.password(), a.getPasswordHash())) {
            throw ProblemException.validation("password", "The password is wrong");
        }
        if (!mfa.verify(a.getUserId(), body.code(), body.recoveryCode())) {
            throw ProblemException.validation("code", "That code is not right (or was used already)");
        }
        if (mfa.requiredFor(a)) {
            throw new ProblemException(
                    HttpStatus.CONFLICT,
                    "mfa-required",
                    "Conflict",
                    "Your organisation requires a second factor for your role",
                    List.of());
        }
        mfa.remove(a.getUserId());
        recorder.event(
                user.userId(),
                user.tenantId(),
                SecurityEventType.MFA_DISABLED,
                CurrentUsers.sessionId().orElse(null),
                null,
                clientIps.resolve(request));
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/api/admin/security-policy", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    SecurityPolicy policy(CurrentUser admin) {
        return policyJson(admin.tenantId());
    }

    /** Only the MFA roles are the organisation's to choose; the rest is the deployment's (environment). */
    @PutMapping(
            path = "/api/admin/security-policy",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    SecurityPolicy setPolicy(@Valid @RequestBody Policy body, CurrentUser admin) {
        if (body.passwordProfile() != null && !body.passwordProfile().equalsIgnoreCase(settings.passwordProfile())) {
            throw ProblemException.validation(
                    "passwordProfile",
                    "The password profile is a deployment setting (STOCKADE_SECURITY_PASSWORD_PROFILE)");
        }
        Set<Role> roles = body.mfaRequiredRoles().isEmpty()
                ? EnumSet.noneOf(Role.class)
                : EnumSet.copyOf(body.mfaRequiredRoles());
        mfa.setRequiredRoles(admin.tenantId().value(), roles);
        return policyJson(admin.tenantId());
    }

    private SecurityPolicy policyJson(TenantId tenant) {
        var limits = settings.limits();
        return new SecurityPolicy(
                mfa.requiredRoles(tenant.value()).stream().map(Role::label).toList(),
                settings.asvs5() ? "asvs-5" : "seed-003",
                settings.asvs5() ? Passwords.ASVS5_MIN_LENGTH : Passwords.MIN_LENGTH,
                new Lockout(
                        settings.lockoutThreshold(), settings.lockoutDuration().toMinutes()),
                new RateLimits(
                        limit(limits.anonymous()),
                        limit(limits.login()),
                        limit(limits.loginIp()),
                        limit(limits.user())),
                new SessionPolicy(
                        15,
                        settings.refreshTtl().toDays(),
                        settings.sessionIdle().toHours()));
    }

    private static Limit limit(SecuritySettings.Limit l) {
        return new Limit(l.requests(), l.period().toSeconds(), l.burst());
    }

    private UserAccountRecord account(CurrentUser user) {
        return accounts.find(user.userId())
                .filter(UserAccountRecord::getActive)
                .orElseThrow(() -> ProblemException.notFound("User"));
    }

    private static ProblemException wrongCode() {
        return new ProblemException(
                HttpStatus.UNAUTHORIZED,
                "invalid-credentials",
                "Unauthorized",
                "Invalid or expired code; sign in again if this keeps happening",
                List.of());
    }
}
