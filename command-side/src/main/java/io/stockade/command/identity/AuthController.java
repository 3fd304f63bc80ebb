package io.stockade.command.identity;

import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.RegisterUserCommand;
import io.stockade.command.jooq.tables.records.UserAccountRecord;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.AccessTokens;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Seed 004's auth routes. Failures never tell whether the user exists. */
@RestController
@RequestMapping(path = "/api/auth", produces = MediaType.APPLICATION_JSON_VALUE)
class AuthController {
    private static final Logger log = LoggerFactory.getLogger(AuthController.class);
    private final AccountLookupRepository accounts;
    private final Passwords passwords;
    private final AccessTokens tokens;
    private final CommandGateway commands;

    AuthController(AccountLookupRepository accounts, Passwords passwords, AccessTokens tokens, CommandGateway commands) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.tokens = tokens;
        this.commands = commands;
    }

    @PostMapping(path = "/login", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> login(@Valid @RequestBody IdentityRequests.Login body) {
        Optional<UserAccountRecord> found = accounts.findByUsername(body.username());
        boolean ok;
        if (found.isEmpty()) {
            passwords.burn(body.password());
            ok = false;
        } else {
            ok = passwords.matches(body.password(), found.get().getPasswordHash()) && found.get().getActive();
        }
        if (!ok) {
            log.info("Failed sign-in");
            throw new ProblemException(HttpStatus.UNAUTHORIZED, "invalid-credentials", "Unauthorized",
                    "Invalid username or password", List.of());
        }
        UserAccountRecord a = found.get();
        CurrentUser user = new CurrentUser(new UserId(a.getUserId()), new TenantId(a.getTenantId()),
                Role.valueOf(a.getRole()), a.getUsername());
        AccessTokens.Issued issued = tokens.issue(user, a.getMustChangePassword());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("token", issued.token());
        response.put("expiresAt", issued.expiresAt());
        response.put("mustChangePassword", a.getMustChangePassword());
        response.put("user", userJson(a));
        return response;
    }

    @PostMapping(path = "/register", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    ResponseEntity<Map<String, Object>> register(@Valid @RequestBody IdentityRequests.Register body, CurrentUser admin) {
        passwords.check("password", body.password(), body.username(), body.email());
        UserId id = UserId.random();
        commands.sendAndWait(new RegisterUserCommand(id, admin.tenantId(), body.username().strip(), body.email().strip(),
                passwords.hash(body.password()), body.role(), false));
        UserAccountRecord a = accounts.find(id).orElseThrow();
        return ResponseEntity.created(URI.create("/api/users/" + id)).body(Map.of("user", userJson(a)));
    }

    @GetMapping("/me")
    Map<String, Object> me(CurrentUser user) {
        UserAccountRecord a = accounts.find(user.userId()).filter(UserAccountRecord::getActive)
                .orElseThrow(() -> new ProblemException(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                        "Authentication required", List.of()));
        Map<String, Object> u = userJson(a);
        u.put("mustChangePassword", a.getMustChangePassword());
        return Map.of("user", u);
    }

    static Map<String, Object> userJson(UserAccountRecord a) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("id", a.getUserId().toString());
        u.put("username", a.getUsername());
        u.put("email", a.getEmail());
        u.put("role", Role.valueOf(a.getRole()).label());
        return u;
    }
}
