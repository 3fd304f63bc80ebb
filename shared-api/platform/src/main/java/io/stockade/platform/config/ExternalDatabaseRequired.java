package io.stockade.platform.config;

import java.util.List;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The command-side and query-side services never start a database of their own: several of them share one
 * PostgreSQL, and an embedded one per process would silently split the event store. Without
 * {@code SPRING_DATASOURCE_URL} they refuse to start and say which variable to set. The all-in-one host keeps its
 * embedded default.
 */
class ExternalDatabaseRequired implements EnvironmentPostProcessor {
    static final Set<String> SERVICES = Set.of("command", "query");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        String host = env.getProperty(PlatformDefaults.HOST);
        if (host == null || !SERVICES.contains(host)) {
            return;
        }
        String url = env.getProperty("spring.datasource.url");
        if (url == null || url.isBlank()) {
            throw new StartupRefusal(
                    List.of("SPRING_DATASOURCE_URL"),
                    "the " + host + "-side service needs the shared PostgreSQL database and starts no embedded one",
                    "Set SPRING_DATASOURCE_URL (jdbc:postgresql://host:5432/database) with SPRING_DATASOURCE_USERNAME"
                            + " and SPRING_DATASOURCE_PASSWORD; the same database for every command-side and"
                            + " query-side process.");
        }
    }
}
