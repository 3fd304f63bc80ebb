package io.stockade.query.host;

import org.axonframework.springboot.autoconfig.AxonDbSchedulerAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The query-side service ({@code query-side/target/stockade-query.jar}): the projections (inventory, ledger,
 * categories, users, security events, trends, the audit index and as-of tables, reports) with their query
 * handlers, the read API, the live streams and the audit API, behind the platform's defences. It handles no command
 * and runs no saga, reminder or mail (see the README's table). Its settings are {@code stockade-query.yml} over
 * the platform's shared file.
 *
 * <p>Left out: the platform's mail package (the outbox, its relay and API are the command side's, in the command
 * schema) and Axon's db-scheduler deadline manager (no saga here could take a reminder; a node that picked one up
 * would complete it undelivered). The all-in-one host (webapp) excludes this package from its scan.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(exclude = AxonDbSchedulerAutoConfiguration.class)
@ComponentScan(
        basePackages = {"io.stockade.platform", "io.stockade.query"},
        excludeFilters = {
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
            @ComponentScan.Filter(type = FilterType.REGEX, pattern = "io\\.stockade\\.platform\\.mail\\..*")
        })
public class QueryServiceApplication {

    public static void main(String[] args) {
        // No calls home, no writes to $HOME/.axoniq: the product starts offline.
        System.setProperty("axoniq.update-checker.disabled", "true");
        new SpringApplicationBuilder(QueryServiceApplication.class)
                .properties("spring.config.name=stockade-query")
                .run(args);
    }
}
