package io.stockade.platform.config;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Production mode ({@code STOCKADE_MODE=production}) logs JSON lines (logstash encoder) that a log service indexes
 * by request, correlation, user, organisation and trace id; the embedded default keeps Spring Boot's plain text for
 * a person at a terminal. An explicit {@code LOGGING_CONFIG} still wins. Runs before the logging system reads
 * {@code logging.config}.
 */
class ProductionLogging implements EnvironmentPostProcessor {
    static final String CONFIG = "classpath:io/stockade/platform/logback-production.xml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if ("production".equalsIgnoreCase(env.getProperty("stockade.mode", "embedded"))
                && env.getProperty("logging.config") == null) {
            env.getPropertySources()
                    .addLast(new MapPropertySource("stockade-production-logging", Map.of("logging.config", CONFIG)));
        }
    }
}
