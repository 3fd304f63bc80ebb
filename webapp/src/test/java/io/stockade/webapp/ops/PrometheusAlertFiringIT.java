package io.stockade.webapp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockade.webapp.support.ApiTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The real Prometheus scrapes the running application's management port, evaluates the committed alert rules, and
 * raises the failed sign-in alert when more than 5 sign-ins fail within a minute, as its own API reports it.
 *
 * <p>The committed {@code StockadeSignInFailures} has no {@code for:}: Prometheus makes such an alert pending and
 * firing in the same evaluation, so its pending state is never visible. To see both states the test also loads a
 * copy of that one rule (same expression, read from the committed file) held for 5 seconds and labelled
 * {@code held="5s"}; the committed rule itself must fire unchanged.
 */
class PrometheusAlertFiringIT extends ApiTestBase {
    private static final String ALERT = "StockadeSignInFailures";
    private static final String HELD = "5s";
    private static final String FAILED = "stockade_security_events_total{type=\"LOGIN_FAILED\"}";

    @Test
    void shouldRaiseTheSignInAlertPendingThenFiringWhenSignInsFail() throws Exception {
        // The counter is registered at zero when the application starts (an increase needs two samples of one
        // series, so a counter born at its first event would lose that event).
        Path dir = Files.createTempDirectory("stockade-rules-");
        Path held = heldCopy(dir.resolve("held.yml"));
        try (PrometheusServer prometheus = PrometheusServer.start(managementPort, held)) {
            eventually(30, () -> {
                assertThat(prometheus.targetHealth()).isEqualTo("up");
                JsonNode samples = prometheus.query("count_over_time(" + FAILED + "[1m])");
                assertThat(samples.at("/data/result")).as(samples.toString()).hasSize(1);
                assertThat(samples.at("/data/result/0/value/1").asDouble()).isGreaterThanOrEqualTo(2);
            });
            JsonNode groups = prometheus.rules().at("/data/groups");
            assertThat(groups.findValuesAsText("name")).contains("stockade", "stockade-held-copy", ALERT);
            assertThat(states(prometheus)).as("quiet before the failures").isEmpty();

            // Sign-ins take their time (password hashing): poll while they run, or a short pending phase passes
            // unseen.
            long burst = System.nanoTime();
            CompletableFuture<Void> failures = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 8; i++) {
                    failSignIn();
                }
            });
            List<String> heldStates = new ArrayList<>();
            List<String> committedStates = new ArrayList<>();
            long deadline = System.nanoTime() + 30_000_000_000L;
            long firedAfterMs = -1;
            while (System.nanoTime() < deadline
                    && !(last(heldStates).equals("firing")
                            && last(committedStates).equals("firing"))) {
                Map<String, String> now = states(prometheus);
                record(heldStates, now.get(HELD));
                record(committedStates, now.get(""));
                if (firedAfterMs < 0 && "firing".equals(now.get(""))) {
                    firedAfterMs = (System.nanoTime() - burst) / 1_000_000;
                }
                Thread.sleep(100);
            }
            failures.join();
            System.out.printf(
                    "8 failed sign-ins: the committed alert fired after %d ms; held copy went %s%n",
                    firedAfterMs, heldStates);
            assertThat(heldStates).as(prometheus.log()).containsExactly("pending", "firing");
            assertThat(committedStates).as(prometheus.log()).containsExactly("firing");
            JsonNode firing = prometheus.alerts().stream()
                    .filter(a -> ALERT.equals(a.at("/labels/alertname").asText()))
                    .findFirst()
                    .orElseThrow();
            assertThat(firing.at("/labels/severity").asText()).isEqualTo("warning");
            assertThat(firing.at("/annotations/summary").asText()).endsWith("failed sign-ins in the last minute");
            assertThat(Double.parseDouble(firing.path("value").asText())).isGreaterThan(5);
        } finally {
            Files.deleteIfExists(held);
            Files.deleteIfExists(dir);
        }
    }

    private void failSignIn() {
        assertThat(anonymous()
                        .post("/api/auth/login", Map.of("username", "nobody-" + shortId(), "password", "Wrong-Pass-1"))
                        .status())
                .isEqualTo(401);
    }

    /** The state of each instance of the sign-in alert, keyed by its {@code held} label ("" for the committed one). */
    private static Map<String, String> states(PrometheusServer prometheus) throws Exception {
        Map<String, String> states = new LinkedHashMap<>();
        for (JsonNode alert : prometheus.alerts()) {
            if (ALERT.equals(alert.at("/labels/alertname").asText())) {
                states.put(
                        alert.at("/labels/held").asText(""), alert.path("state").asText());
            }
        }
        return states;
    }

    private static void record(List<String> states, String state) {
        if (state != null && !state.equals(last(states))) {
            states.add(state);
        }
    }

    private static String last(List<String> states) {
        return states.isEmpty() ? "" : states.get(states.size() - 1);
    }

    /** The committed sign-in rule, unchanged but for {@code for: 5s} and a {@code held} label, as its own group. */
    @SuppressWarnings("unchecked")
    private static Path heldCopy(Path file) throws Exception {
        Map<String, Object> committed =
                new Yaml().load(Files.readString(PrometheusServer.OPS.resolve("rules/stockade.yml")));
        Map<String, Object> rule = ((List<Map<String, Object>>) committed.get("groups"))
                .stream()
                        .flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream())
                        .filter(r -> ALERT.equals(r.get("alert")))
                        .findFirst()
                        .orElseThrow();
        assertThat(rule).as("the committed rule fires without a pending phase").doesNotContainKey("for");
        Map<String, Object> copy = new LinkedHashMap<>(rule);
        copy.put("for", HELD);
        Map<String, Object> labels = new LinkedHashMap<>((Map<String, Object>) rule.get("labels"));
        labels.put("held", HELD);
        copy.put("labels", labels);
        Files.writeString(
                file,
                new Yaml()
                        .dump(Map.of("groups", List.of(Map.of("name", "stockade-held-copy", "rules", List.of(copy))))));
        return file;
    }

    private interface Check {
        void run() throws Exception;
    }

    private static void eventually(int seconds, Check check) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
