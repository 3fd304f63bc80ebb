package io.stockade.platform.config;

import java.util.List;

/**
 * A start-up refused because of a setting the operator gave: names the setting, the rule it breaks and
 * what to do, so the operator never has to read a stack trace to learn which variable is wrong.
 * {@link StartupRefusalAnalyzer} prints it as Spring Boot's "APPLICATION FAILED TO START" report.
 */
public class StartupRefusal extends RuntimeException {
    private final List<String> settings;
    private final String action;

    /**
     * @param settings the environment variables at fault, e.g. {@code STOCKADE_BOOTSTRAP_ADMIN_PASSWORD}
     * @param rule     what is wrong with them, in the product's words (never the secret itself)
     * @param action   how to fix it
     */
    public StartupRefusal(List<String> settings, String rule, String action) {
        super(String.join(", ", settings) + ": " + rule, null, false, false);
        this.settings = List.copyOf(settings);
        this.action = action;
    }

    public List<String> settings() {
        return settings;
    }

    public String action() {
        return action;
    }
}
