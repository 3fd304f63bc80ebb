package io.stockade.webapp;

import io.stockade.command.identity.Organisations;
import io.stockade.platform.config.StartupRefusal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Platform-operator commands of the jar. {@code org create --name N --admin-username U
 * --admin-email E [--admin-password-file F]} creates an organisation and its first Admin; without a
 * password file the password is generated into the data directory and must be changed at first sign-in.
 */
final class OperatorCommands {
    private OperatorCommands() {}

    static int run(String[] args) {
        if (args.length < 2 || !"create".equals(args[1])) {
            return usage();
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 2; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                return usage();
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        String name = options.get("name");
        String username = options.get("admin-username");
        String email = options.get("admin-email");
        if (name == null || username == null || email == null) {
            return usage();
        }
        String password = null;
        if (options.containsKey("admin-password-file")) {
            try {
                password = Files.readString(Path.of(options.get("admin-password-file")), StandardCharsets.UTF_8)
                        .strip();
            } catch (IOException e) {
                System.err.println("Cannot read the password file: " + e.getMessage());
                return 2;
            }
        }
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(StockadeApplication.class)
                .web(WebApplicationType.NONE)
                .run()) {
            Organisations.Created created = ctx.getBean(Organisations.class)
                    .create(name.strip(), new Organisations.FirstAdmin(username.strip(), email.strip(), password));
            System.out.println("Created organisation " + created.tenantId() + " with Admin " + username);
            if (created.passwordGenerated()) {
                System.out.println("The Admin's generated password is in "
                        + created.passwordFile().toAbsolutePath() + " and must be changed at first sign-in.");
            }
            return 0;
        } catch (RuntimeException e) {
            StartupRefusal refusal = startupRefusal(e);
            if (refusal != null) {
                // Starting the application also creates the default organisation on an empty database; its
                // settings, not this command's options, are what failed.
                System.err.println("Could not start Stockade to create the organisation '" + name.strip()
                        + "' (it was not created): " + refusal.getMessage());
                System.err.println(refusal.action());
                return 1;
            }
            System.err.println("Could not create the organisation '" + name.strip() + "': " + e.getMessage());
            return 1;
        }
    }

    private static StartupRefusal startupRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StartupRefusal refusal) {
                return refusal;
            }
        }
        return null;
    }

    private static int usage() {
        System.err.println("usage: java -jar stockade.jar org create --name NAME --admin-username USER "
                + "--admin-email EMAIL [--admin-password-file FILE]");
        return 2;
    }
}
