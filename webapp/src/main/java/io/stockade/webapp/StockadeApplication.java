package io.stockade.webapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The all-in-one host: command side, query side and the SPA in one JVM. {@code java -jar
 * stockade.jar} starts it; {@code java -jar stockade.jar org create ...} runs the operator command.
 */
@SpringBootApplication(scanBasePackages = "io.stockade")
public class StockadeApplication {

    public static void main(String[] args) {
        // No calls home, no writes to $HOME/.axoniq: the product starts offline.
        System.setProperty("axoniq.update-checker.disabled", "true");
        if (args.length > 0 && "org".equals(args[0])) {
            System.exit(OperatorCommands.run(args));
        }
        SpringApplication.run(StockadeApplication.class, args);
    }
}
