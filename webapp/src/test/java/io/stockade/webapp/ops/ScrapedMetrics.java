package io.stockade.webapp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.webapp.support.Api;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names a running Stockade's management port exposes, and the few that a quiet node may not expose yet.
 * The alert rules ({@link PrometheusRulesIT}) and the Grafana dashboard ({@link GrafanaDashboardIT}) may name only
 * these.
 */
final class ScrapedMetrics {
    /**
     * Counters that Micrometer creates at their first event, with the reason they may be missing from a scrape of
     * a quiet node: a rule or panel that names them still holds for a node where they happened.
     */
    static final Map<String, String> FIRST_EVENT_ONLY = Map.of(
            "stockade_mail_dead_total", "created when the outbox first gives up on a message",
            "stockade_mail_retried_total", "created when the outbox first retries a message",
            "stockade_mail_postponed_total", "created when the outbox first postpones a message (circuit open)",
            "stockade_mail_sent_total", "created when the outbox first sends a message",
            "stockade_ratelimit_redis_degraded", "registered only when Redis is configured (split mode)");

    private ScrapedMetrics() {}

    /** The names in one scrape of {@code /actuator/prometheus} on the management port. */
    static Set<String> exposed(Api operator) {
        Api.Response scrape = operator.get("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        Set<String> exposed = new TreeSet<>();
        for (String line : scrape.raw().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                exposed.add(line.split("[{ ]", 2)[0]);
            }
        }
        return exposed;
    }
}
