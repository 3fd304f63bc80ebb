package io.stockade.command.identity;

import io.stockade.platform.config.SecuritySettings;
import io.stockade.platform.config.StartupRefusal;
import io.stockade.platform.config.StockadeProperties;
import io.stockade.platform.errors.DomainRuleViolation;
import io.stockade.platform.errors.ProblemException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * First start: the default organisation and its Admin, from STOCKADE_BOOTSTRAP_ADMIN_* when set;
 * otherwise a generated password is written to a mode-600 file whose path (never the password) is
 * printed, and it must be changed at first sign-in.
 */
@Component
class BootstrapAdmin {
    private static final String PASSWORD = "STOCKADE_BOOTSTRAP_ADMIN_PASSWORD";
    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);
    private final Organisations organisations;
    private final Environment env;
    private final StockadeProperties properties;
    private final SecuritySettings security;

    BootstrapAdmin(
            Organisations organisations, Environment env, StockadeProperties properties, SecuritySettings security) {
        this.organisations = organisations;
        this.env = env;
        this.properties = properties;
        this.security = security;
    }

    /**
     * The default organisation's first Admin comes from the environment: a refusal names the variable
     * and the rule, never the value.
     */
    private StartupRefusal refusal(List<ProblemException.FieldError> errors) {
        Set<String> settings = new LinkedHashSet<>();
        List<String> rules = new ArrayList<>();
        for (ProblemException.FieldError error : errors) {
            settings.add(variableFor(error.field()));
            rules.add(error.message());
        }
        return new StartupRefusal(
                List.copyOf(settings),
                "the default organisation's first Admin cannot be created: " + String.join("; ", rules),
                "Fix " + String.join(" and ", settings) + " (" + passwordRule() + "; the username and e-mail "
                        + "must pass the same checks as POST /api/auth/register), or unset "
                        + PASSWORD + " to have a password generated into the data directory (embedded mode only).");
    }

    private static String variableFor(String field) {
        if (field == null) {
            return "STOCKADE_BOOTSTRAP_ADMIN_*";
        }
        String f = field.toLowerCase(Locale.ROOT);
        if (f.contains("password")) {
            return PASSWORD;
        }
        if (f.contains("email")) {
            return "STOCKADE_BOOTSTRAP_ADMIN_EMAIL";
        }
        if (f.contains("username")) {
            return "STOCKADE_BOOTSTRAP_ADMIN_USERNAME";
        }
        return "STOCKADE_BOOTSTRAP_ADMIN_*";
    }

    private String passwordRule() {
        return security.asvs5()
                ? "the asvs-5 password policy: 15-128 characters, not a common password, not containing the "
                        + "username or e-mail"
                : "the seed-003 password policy: 12-128 characters with an upper-case letter, a lower-case "
                        + "letter, a digit and a symbol, not a common password, not containing the username or e-mail";
    }

    @EventListener(ApplicationReadyEvent.class)
    void bootstrap() {
        if (organisations.anyUser()) {
            return;
        }
        String username = env.getProperty("stockade.bootstrap.admin-username", "admin");
        String email = env.getProperty("stockade.bootstrap.admin-email", "admin@localhost.localdomain");
        String password = env.getProperty("stockade.bootstrap.admin-password");
        if ((password == null || password.isBlank()) && properties.production()) {
            throw new StartupRefusal(
                    List.of(PASSWORD),
                    "required for the first start in production mode (no password is generated there)",
                    "Set " + PASSWORD + " to the first Admin's password (" + passwordRule() + ").");
        }
        Organisations.Created created;
        try {
            created = organisations.createDefault(new Organisations.FirstAdmin(username, email, password));
        } catch (DomainRuleViolation e) {
            if (e.kind() == DomainRuleViolation.Kind.CONFLICT) {
                log.info("Another node created the first Admin already");
                return;
            }
            throw refusal(List.of(new ProblemException.FieldError(e.field(), e.getMessage())));
        } catch (ProblemException e) {
            throw refusal(
                    e.fieldErrors().isEmpty()
                            ? List.of(new ProblemException.FieldError(null, e.getMessage()))
                            : e.fieldErrors());
        }
        if (created.passwordGenerated()) {
            log.warn(
                    "Created the first Admin '{}'. The generated password is in {} (readable by this user only); "
                            + "it must be changed at first sign-in.",
                    username,
                    created.passwordFile().toAbsolutePath());
        } else {
            // No username: a production log holds no value that names a person (ProductionLogsIT).
            log.info("Created the first Admin from STOCKADE_BOOTSTRAP_ADMIN_*");
        }
    }
}
