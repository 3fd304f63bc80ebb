package io.stockade.platform.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * One switch for where events live and how messages travel, read by every host: {@code STOCKADE_EVENT_STORE=jdbc}
 * (the default: Axon's JDBC event store on PostgreSQL, buses inside the JVM) or {@code axonserver} (Axon Server's
 * event store, command routing, distributed queries and subscription-query updates). Axon's own
 * {@code axon.axonserver.enabled} follows it and cannot disagree with it: a host's configuration file that sets it
 * is overridden, so no host can run half on one store and half on the other. Token store, sagas, deadlines and read
 * models stay on PostgreSQL in both modes.
 */
public class EventStoreMode implements EnvironmentPostProcessor, Ordered {
    public static final String PROPERTY = "stockade.event-store";
    public static final String JDBC = "jdbc";
    public static final String AXON_SERVER = "axonserver";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        env.getPropertySources()
                .addFirst(new MapPropertySource(
                        "stockade-event-store", Map.of("axon.axonserver.enabled", String.valueOf(axonServer(env)))));
    }

    /** Whether this node runs on Axon Server; refuses any value but the two it knows. */
    public static boolean axonServer(Environment env) {
        String value = env.getProperty(PROPERTY, JDBC).trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case JDBC -> false;
            case AXON_SERVER -> true;
            default ->
                throw new StartupRefusal(
                        List.of("STOCKADE_EVENT_STORE"),
                        "is neither jdbc nor axonserver",
                        "set STOCKADE_EVENT_STORE=jdbc (PostgreSQL, the default) or axonserver (with AXON_AXONSERVER_SERVERS)");
        };
    }

    /** After the configuration files are read, so the switch wins over a file's {@code axon.axonserver.enabled}. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
