package io.stockade.platform.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The settings all three hosts share (the all-in-one jar, the command-side and the query-side service), read from
 * {@value #FILE} in one place: the event processors, pools, actuator, limits of the web server. The file sits just
 * above Spring's default properties, where a host's {@code application.yml} sat before: the host's own file, its
 * profiles, the environment and the command line all win over it. A host opts in with {@code stockade.host}, so
 * a test slice that names no host keeps Spring's plain defaults.
 */
class PlatformDefaults implements EnvironmentPostProcessor {
    static final String FILE = "stockade-platform.yml";
    static final String HOST = "stockade.host";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (!env.containsProperty(HOST)) {
            return;
        }
        List<PropertySource<?>> loaded;
        try {
            loaded = new YamlPropertySourceLoader().load("stockade-platform", new ClassPathResource(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE + " from the platform module", e);
        }
        MutablePropertySources sources = env.getPropertySources();
        for (PropertySource<?> source : loaded) {
            if (sources.contains("defaultProperties")) {
                sources.addBefore("defaultProperties", source);
            } else {
                sources.addLast(source);
            }
        }
    }
}
