package io.stockade.cdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Files of the repository's {@code ops/} directory the deployment ships, found from the working
 * directory ({@code cdk/} under {@code cdk synth} and the tests) upwards.
 */
public final class OpsFiles {
    private OpsFiles() {}

    /** One Prometheus rule file: its name without extension, and its YAML. */
    public record RuleFile(String name, String content) {}

    /** {@code ops/prometheus/rules/*.yml}, by name: Amazon Managed Prometheus evaluates the same rules. */
    public static List<RuleFile> prometheusRules() {
        Path rules = find(Path.of("ops", "prometheus", "rules"));
        try (Stream<Path> files = Files.list(rules)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yml"))
                    .sorted()
                    .map(f -> new RuleFile(f.getFileName().toString().replaceFirst("\\.yml$", ""), read(f)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path find(Path relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
