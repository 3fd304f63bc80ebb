package io.stockade.webapp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockade.webapp.support.ApiTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The provisioned Grafana dashboards in {@code ops/grafana}: each is well-formed for Grafana's file provisioning,
 * every query (panels, variables, annotations) parses and evaluates in the real Prometheus scraping the running
 * application, and names only metrics a scrape of that application shows (or the few first-event counters of
 * {@link ScrapedMetrics#FIRST_EVENT_ONLY}).
 */
class GrafanaDashboardIT extends ApiTestBase {
    private static final Path GRAFANA =
            Path.of("..", "ops", "grafana").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATASOURCE_UID = "stockade-prometheus";
    /** Grafana's own variables and the dashboard's, as Grafana would fill them in before asking Prometheus. */
    private static final Map<String, String> VARIABLES = Map.of(
            "$__rate_interval", "1m",
            "$__interval", "15s",
            "$__range", "1h",
            "$instance", ".*");
    /** Series Prometheus itself keeps (alert state), not scraped from Stockade. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("ALERTS", "ALERTS_FOR_STATE");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^\\]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern NAME = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "bool",
            "offset",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "inf",
            "nan",
            "Inf",
            "NaN");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((\\w+)\\s*,\\s*\\w+\\)");

    @Test
    void shouldProvisionDashboardsWhoseQueriesParseAndNameScrapedMetrics() throws Exception {
        Map<String, Object> datasources =
                new Yaml().load(Files.readString(GRAFANA.resolve("provisioning/datasources/stockade.yml")));
        assertThat(datasources.toString()).contains("uid=" + DATASOURCE_UID, "type=prometheus");
        Map<String, Object> providers =
                new Yaml().load(Files.readString(GRAFANA.resolve("provisioning/dashboards/stockade.yml")));
        assertThat(providers.toString()).contains("type=file", "path=/var/lib/grafana/dashboards/stockade");

        List<Path> dashboards;
        try (Stream<Path> files = Files.list(GRAFANA.resolve("dashboards"))) {
            dashboards =
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(dashboards).isNotEmpty();
        Map<String, String> queries = new LinkedHashMap<>();
        Set<String> variableMetrics = new TreeSet<>();
        for (Path file : dashboards) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            assertThat(dashboard.path("uid").asText()).as(file.toString()).isNotBlank();
            assertThat(dashboard.path("title").asText()).isNotBlank();
            assertThat(dashboard.path("schemaVersion").asInt()).isPositive();
            List<JsonNode> panels = new ArrayList<>();
            dashboard.path("panels").forEach(p -> {
                panels.add(p);
                p.path("panels").forEach(panels::add);
            });
            Set<Integer> ids = new HashSet<>();
            Set<String> rows = new TreeSet<>();
            for (JsonNode panel : panels) {
                String title = file.getFileName() + ": " + panel.path("title").asText();
                assertThat(ids.add(panel.path("id").asInt()))
                        .as("unique id of " + title)
                        .isTrue();
                assertThat(panel.has("gridPos")).as(title).isTrue();
                if ("row".equals(panel.path("type").asText())) {
                    rows.add(panel.path("title").asText());
                    continue;
                }
                assertThat(panel.at("/datasource/uid").asText()).as(title).isEqualTo(DATASOURCE_UID);
                assertThat(panel.path("targets")).as(title).isNotEmpty();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("expr").asText()).as(title).isNotBlank();
                    queries.put(
                            title + " [" + target.path("refId").asText() + "]",
                            target.path("expr").asText());
                }
            }
            assertThat(rows).as(file.toString()).isNotEmpty();
            for (JsonNode variable : dashboard.at("/templating/list")) {
                Matcher m = LABEL_VALUES.matcher(variable.at("/query/query").asText());
                assertThat(m.matches()).as("variable " + variable.path("name")).isTrue();
                variableMetrics.add(m.group(1));
            }
            for (JsonNode annotation : dashboard.at("/annotations/list")) {
                queries.put(
                        file.getFileName() + ": annotation "
                                + annotation.path("name").asText(),
                        annotation.path("expr").asText());
            }
        }
        assertThat(queries).hasSizeGreaterThanOrEqualTo(15);

        // A failed sign-in, so that the sign-in route has its request metrics, as in PrometheusRulesIT.
        assertThat(anonymous()
                        .post("/api/auth/login", Map.of("username", "nobody-" + shortId(), "password", "Wrong-Pass-1"))
                        .status())
                .isEqualTo(401);
        // The processor gauges appear after the first read of the token store (within 5 s of start-up).
        Set<String> exposed = ScrapedMetrics.exposed(operator());
        for (int i = 0; i < 50 && !exposed.contains("stockade_processor_lag"); i++) {
            Thread.sleep(200);
            exposed = ScrapedMetrics.exposed(operator());
        }
        Set<String> named = new TreeSet<>(variableMetrics);
        queries.values().forEach(q -> named.addAll(metricNames(q)));
        assertThat(named).contains("http_server_requests_seconds_bucket", "stockade_processor_lag");
        for (String metric : named) {
            if (!ScrapedMetrics.FIRST_EVENT_ONLY.containsKey(metric) && !PROMETHEUS_OWN.contains(metric)) {
                assertThat(exposed).as("a dashboard names " + metric).contains(metric);
            }
        }

        try (PrometheusServer prometheus = PrometheusServer.start(managementPort)) {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!"up".equals(prometheus.targetHealth()) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(prometheus.targetHealth()).as(prometheus.log()).isEqualTo("up");
            int withData = 0;
            for (Map.Entry<String, String> q : queries.entrySet()) {
                String promql = q.getValue();
                for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
                    promql = promql.replace(v.getKey(), v.getValue());
                }
                JsonNode answer = prometheus.query(promql);
                assertThat(answer.path("status").asText())
                        .as(q.getKey() + ": " + promql + " -> " + answer)
                        .isEqualTo("success");
                withData += answer.at("/data/result").isEmpty() ? 0 : 1;
            }
            System.out.printf(
                    "Grafana: %d queries parse in Prometheus, %d with data after one scrape; %d metrics named%n",
                    queries.size(), withData, named.size());
        }
    }

    /** The metric names a PromQL expression selects: what is left once strings, matchers and groupings are gone. */
    static Set<String> metricNames(String promql) {
        String bare = STRING.matcher(promql).replaceAll("\"\"");
        bare = MATCHERS.matcher(bare).replaceAll(" ");
        bare = RANGES.matcher(bare).replaceAll(" ");
        bare = GROUPING.matcher(bare).replaceAll(" ");
        for (String variable : VARIABLES.keySet()) {
            bare = bare.replace(variable, " ");
        }
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(bare);
        while (m.find()) {
            if (!KEYWORDS.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
