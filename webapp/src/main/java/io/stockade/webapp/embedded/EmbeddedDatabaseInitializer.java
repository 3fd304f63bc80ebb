package io.stockade.webapp.embedded;

import io.stockade.embedded.EmbeddedPostgres;
import io.stockade.platform.config.SecretFiles;
import io.stockade.platform.db.DatabaseProvisioner;
import io.stockade.platform.db.DatabaseProvisioner.Provisioned;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The embedded default: with no {@code spring.datasource.url}, start PostgreSQL from the bundled
 * binaries in the data directory, provision the owner and application roles (passwords generated
 * once, mode 600), and point the application at it. The server is a bean the DataSource depends
 * on, so Spring closes the pool before it stops PostgreSQL.
 */
public class EmbeddedDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseInitializer.class);
    static final String DATABASE = "stockade";
    static final String OWNER = "stockade_owner";
    static final String APP = "stockade_app";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        if (env.getProperty("spring.datasource.url") != null) {
            return;
        }
        if ("production".equalsIgnoreCase(env.getProperty("stockade.mode", "embedded"))) {
            throw new IllegalStateException(
                    "Production mode needs an external PostgreSQL: set SPRING_DATASOURCE_URL, "
                            + "SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD (the embedded database is for the embedded mode only)");
        }
        Path dataDir = Path.of(env.getProperty("stockade.data-dir", "stockade-data"))
                .toAbsolutePath()
                .normalize();
        Path secrets = dataDir.resolve("secrets");
        EmbeddedPostgres pg = EmbeddedPostgres.start(
                dataDir.resolve("postgres"), env.getProperty("stockade.embedded-db.port", Integer.class, 0));
        Provisioned db = new Provisioned(
                DATABASE,
                OWNER,
                SecretFiles.readOrCreate(secrets.resolve("db-owner.password"), () -> SecretFiles.randomToken(24)),
                APP,
                SecretFiles.readOrCreate(secrets.resolve("db-app.password"), () -> SecretFiles.randomToken(24)));
        try (Connection c = pg.connect(EmbeddedPostgres.DEFAULT_DATABASE)) {
            DatabaseProvisioner.provision(c, db);
            try (Connection target = pg.connect(DATABASE)) {
                DatabaseProvisioner.allowIndexedSearchUnderRowSecurity(target);
            }
        } catch (SQLException e) {
            pg.close();
            throw new IllegalStateException("Provisioning the embedded database failed: " + e.getMessage(), e);
        }
        Map<String, Object> props = new HashMap<>();
        props.put("spring.datasource.url", pg.jdbcUrl(DATABASE));
        props.put("spring.datasource.username", APP);
        props.put("spring.datasource.password", db.appPassword());
        props.put("stockade.db.migration-username", OWNER);
        props.put("stockade.db.migration-password", db.ownerPassword());
        env.getPropertySources().addFirst(new MapPropertySource("stockade-embedded-database", props));
        context.addBeanFactoryPostProcessor(new Registration(pg));
        log.info("Embedded PostgreSQL on 127.0.0.1:{} with data in {}", pg.port(), pg.dataDirectory());
    }

    private record Registration(EmbeddedPostgres pg) implements BeanDefinitionRegistryPostProcessor {
        @Override
        public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
            registry.registerBeanDefinition(
                    "embeddedPostgres",
                    BeanDefinitionBuilder.genericBeanDefinition(EmbeddedPostgres.class, () -> pg)
                            .setDestroyMethodName("close")
                            .getBeanDefinition());
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory factory) {
            for (String name : factory.getBeanNamesForType(DataSource.class, true, false)) {
                BeanDefinition definition = factory.getBeanDefinition(name);
                String[] existing = definition.getDependsOn();
                String[] dependsOn = existing == null
                        ? new String[] {"embeddedPostgres"}
                        : Stream.concat(Arrays.stream(existing), Stream.of("embeddedPostgres"))
                                .toArray(String[]::new);
                definition.setDependsOn(dependsOn);
            }
        }
    }
}
