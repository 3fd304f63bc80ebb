package io.stockade.platform.config;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * One public address for everything that names Stockade to the outside (the API document's server, links in
 * e-mails): {@code STOCKADE_PUBLIC_URL}. The older {@code STOCKADE_MAIL_PUBLIC_URL} is still read, and the new
 * name wins when both are set.
 */
class PublicUrlAlias implements EnvironmentPostProcessor {
    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        String url = env.getProperty("stockade.public-url");
        if (url != null && !url.isBlank()) {
            env.getPropertySources()
                    .addFirst(new MapPropertySource("stockade-public-url", Map.of("stockade.mail.public-url", url)));
        }
    }
}
