package io.stockade.webapp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The alert rules in {@code ops/prometheus} are valid, pass their unit tests (Debian's {@code promtool}, which
 * {@code .ci/run} installs), and name only metrics a running Stockade exposes on its management port.
 */
class PrometheusRulesIT extends ApiTestBase {
    private static final Path OPS =
            Path.of("..", "ops", "prometheus").toAbsolutePath().normalize();
    private static final Pattern METRIC = Pattern.compile("\\b((?:stockade|http_server)_[a-z0-9_]+)\\b");

    @Test
    void shouldPassPromtoolsChecksAndUnitTests() throws Exception {
        assertThat(promtool("check", "config", OPS.resolve("prometheus.yml").toString()))
                .contains("SUCCESS");
        assertThat(promtool(
                        "test", "rules", OPS.resolve("tests/stockade_test.yml").toString()))
                .contains("SUCCESS");
    }

    @Test
    void shouldNameOnlyMetricsThatAScrapeShows() throws Exception {
        // A failed sign-in, so its counter exists (Micrometer creates a tagged counter at its first use).
        assertThat(new Api(port)
                        .post("/api/auth/login", Map.of("username", "nobody-" + shortId(), "password", "Wrong-Pass-1"))
                        .status())
                .isEqualTo(401);
        Api.Response scrape = operator().get("/actuator/prometheus");
        Set<String> exposed = ScrapedMetrics.exposed(operator());
        assertThat(exposed).contains("stockade_processor_lag", "stockade_processor_dead_letters");
        assertThat(scrape.raw())
                .contains("http_server_requests_seconds_bucket{")
                .contains("uri=\"/api/auth/login\"");

        // The rules without their comments (which name files such as stockade_test.yml).
        String rules = Files.readAllLines(OPS.resolve("rules/stockade.yml"), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.strip().startsWith("#"))
                .collect(Collectors.joining("\n"));
        Set<String> named = new TreeSet<>();
        Matcher m = METRIC.matcher(rules);
        while (m.find()) {
            named.add(m.group(1));
        }
        assertThat(named).hasSizeGreaterThanOrEqualTo(7);
        for (String metric : named) {
            if (!ScrapedMetrics.FIRST_EVENT_ONLY.containsKey(metric)) {
                assertThat(exposed).as("a rule names " + metric).contains(metric);
            }
        }
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        Path promtool = Path.of("/usr/bin/promtool");
        assertThat(promtool)
                .as("promtool (Debian package prometheus; .ci/run installs it: apt-get install prometheus)")
                .isExecutable();
        String[] command = new String[args.length + 1];
        command[0] = promtool.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command)
                .directory(OPS.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
