package io.stockade.webapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The all-in-one host: command side, query side and the SPA in one JVM. {@code java -jar
 * stockade.jar} starts it; {@code java -jar stockade.jar org create ...} runs the operator command; {@code audit ...} the
 * auditor's commands ({@link AuditCommands}); {@code processors list} the operator's view of the event processors
 * ({@link ProcessorCommands}).
 *
 * <p>{@code @SpringBootApplication}'s scan, widened to all of Stockade, minus the command-side and query-side
 * services' own entry points ({@code io.stockade.command.host}, {@code io.stockade.query.host}): each of them
 * narrows the scan to its side and would bring its own settings file and exclusions into this host.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(
        basePackages = "io.stockade",
        excludeFilters = {
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
            @ComponentScan.Filter(type = FilterType.REGEX, pattern = "io\\.stockade\\.(command|query)\\.host\\..*")
        })
public class StockadeApplication {

    public static void main(String[] args) {
        // No calls home, no writes to $HOME/.axoniq: the product starts offline.
        System.setProperty("axoniq.update-checker.disabled", "true");
        if (args.length > 0 && "audit".equals(args[0])) {
            // No Spring context, data directory or server: an auditor runs these beside a running Stockade.
            System.exit(AuditCommands.run(args, System.out, System.err));
        }
        if (args.length > 0 && "processors".equals(args[0])) {
            System.exit(ProcessorCommands.run(args, System.getenv(), System.out, System.err));
        }
        if (args.length > 0 && "org".equals(args[0])) {
            System.exit(OperatorCommands.run(args));
        }
        SpringApplication.run(StockadeApplication.class, args);
    }
}
