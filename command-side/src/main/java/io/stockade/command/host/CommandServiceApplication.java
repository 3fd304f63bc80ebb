package io.stockade.command.host;

import io.stockade.platform.db.MigrationSet;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

/**
 * The command-side service ({@code command-side/target/stockade-command.jar}): aggregates, command handlers, the
 * write API, sign-in, MFA and password resets, catalogue imports, session clean-up, the outbox relay, and alerting
 * (the low-stock saga and its reminders, the alert mails, the in-app notifications and the daily digest: ADR 0001,
 * the saga sends commands and split mode has no distributed command bus), behind the platform's defences. The
 * projections are the query-side service's (see the README's table). Its settings are {@code stockade-command.yml}
 * over the platform's shared file.
 *
 * <p>Alerting's inbox table lives in the read schema, so this host migrates that schema too (under the advisory
 * lock every host takes) and can start first on an empty database. The all-in-one host (webapp) excludes this
 * package from its scan.
 */
@SpringBootApplication(scanBasePackages = {"io.stockade.platform", "io.stockade.command", "io.stockade.alerting"})
public class CommandServiceApplication {

    public static void main(String[] args) {
        // No calls home, no writes to $HOME/.axoniq: the product starts offline.
        System.setProperty("axoniq.update-checker.disabled", "true");
        new SpringApplicationBuilder(CommandServiceApplication.class)
                .properties("spring.config.name=stockade-command")
                .run(args);
    }

    /** The query side's read schema, as the query side declares it: alerting writes its inbox there. */
    @Bean
    MigrationSet readMigrations() {
        return new MigrationSet("read", "classpath:db/read", 20);
    }
}
