package io.stockade.command.identity;

import io.stockade.platform.config.StockadeProperties;
import io.stockade.platform.errors.DomainRuleViolation;
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
    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);
    private final Organisations organisations;
    private final Environment env;
    private final StockadeProperties properties;

    BootstrapAdmin(Organisations organisations, Environment env, StockadeProperties properties) {
        this.organisations = organisations;
        this.env = env;
        this.properties = properties;
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
            throw new IllegalStateException(
                    "STOCKADE_BOOTSTRAP_ADMIN_PASSWORD is required for the first start in production mode");
        }
        Organisations.Created created;
        try {
            created = organisations.createDefault(new Organisations.FirstAdmin(username, email, password));
        } catch (DomainRuleViolation e) {
            if (e.kind() == DomainRuleViolation.Kind.CONFLICT) {
                log.info("Another node created the first Admin already");
                return;
            }
            throw e;
        }
        if (created.passwordGenerated()) {
            log.warn(
                    "Created the first Admin '{}'. The generated password is in {} (readable by this user only); "
                            + "it must be changed at first sign-in.",
                    username,
                    created.passwordFile().toAbsolutePath());
        } else {
            log.info("Created the first Admin '{}' from STOCKADE_BOOTSTRAP_ADMIN_*", username);
        }
    }
}
