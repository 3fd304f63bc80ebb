package io.stockade.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stockade.platform.axon.AxonConfiguration;
import io.stockade.platform.config.ProductionGuard;
import io.stockade.platform.config.StockadeProperties;
import io.stockade.platform.db.Migrations;
import io.stockade.platform.errors.ErrorResponses;
import io.stockade.platform.errors.ProblemErrorController;
import io.stockade.platform.errors.ProblemHandler;
import io.stockade.platform.media.ImageStore;
import io.stockade.platform.media.ItemLinks;
import io.stockade.platform.media.SignedUrls;
import io.stockade.platform.refusals.RefusalConfiguration;
import io.stockade.platform.security.FrontDoorConfiguration;
import io.stockade.platform.security.JwtKeys;
import io.stockade.platform.security.PathMatching;
import io.stockade.platform.security.SecurityConfiguration;
import io.stockade.platform.tenancy.TenantScope;
import io.stockade.platform.web.ApiDocument;
import io.stockade.platform.web.DeadLetterController;
import io.stockade.platform.web.EventProcessorMetrics;
import io.stockade.platform.web.HealthController;
import io.stockade.platform.web.ManagementPort;
import io.stockade.platform.web.ProcessorsEndpoint;
import io.stockade.platform.web.WebConfiguration;
import java.time.Clock;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;

/** Everything a Stockade node runs in front of its own code, whichever side it is. */
@AutoConfiguration
@EnableConfigurationProperties(StockadeProperties.class)
@Import({
    AxonConfiguration.class,
    SecurityConfiguration.class,
    PathMatching.class,
    FrontDoorConfiguration.class,
    WebConfiguration.class,
    ApiDocument.class,
    ProblemHandler.class,
    RefusalConfiguration.class,
    ProblemErrorController.class,
    ErrorResponses.class,
    HealthController.class,
    ProcessorsEndpoint.class,
    DeadLetterController.class
})
@ComponentScan(basePackages = "io.stockade.platform.axon")
public class PlatformAutoConfiguration {

    @Bean
    static Migrations migrations() {
        return new Migrations();
    }

    @Bean
    EventProcessorMetrics eventProcessorMetrics(
            ProcessorsEndpoint processors, ObjectProvider<MeterRegistry> meters, Clock clock) {
        return new EventProcessorMetrics(processors, meters.getIfAvailable(SimpleMeterRegistry::new), clock);
    }

    @Bean
    ManagementPort managementPort(Environment env) {
        return new ManagementPort(env);
    }

    @Bean
    ProductionGuard productionGuard(StockadeProperties properties, Environment env, JwtKeys keys) {
        return new ProductionGuard(properties, env, keys);
    }

    @Bean
    SignedUrls signedUrls(StockadeProperties properties, Environment env, Clock clock) {
        return new SignedUrls(properties, env.getProperty("stockade.url-signing-key"), clock);
    }

    @Bean
    ItemLinks itemLinks(SignedUrls urls) {
        return new ItemLinks(urls);
    }

    @Bean
    ImageStore imageStore(StockadeProperties properties) {
        return new ImageStore(properties);
    }

    @Bean
    TenantScope tenantScope(DSLContext dsl, PlatformTransactionManager tx) {
        return new TenantScope(dsl, tx);
    }
}
