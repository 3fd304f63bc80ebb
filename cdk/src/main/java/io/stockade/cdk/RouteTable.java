package io.stockade.cdk;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The load balancer's path rules: which service answers which request. Read from
 * {@code routing.json} beside this class, a stand-in for the split issue's routing table: when
 * {@code ops/routing} lands, this reads that file instead and the stand-in goes.
 *
 * @param defaultService the service requests no route matches go to
 * @param routes first match wins
 */
public record RouteTable(String defaultService, List<Route> routes) {
    public static final String COMMAND_SIDE = "command-side";
    public static final String QUERY_SIDE = "query-side";

    /** One rule: path patterns ({@code *} wildcards, ALB syntax) and methods (empty: any). */
    public record Route(List<String> paths, List<String> methods, String service, String why) {
        public Route {
            paths = List.copyOf(paths);
            methods = methods == null ? List.of() : List.copyOf(methods);
            if (paths.isEmpty() || paths.size() + methods.size() > 5) {
                // An ALB rule evaluates at most five values across its conditions.
                throw new IllegalArgumentException("a route needs 1 to 5 paths and methods in all: " + paths);
            }
            checkService(service);
        }
    }

    public RouteTable {
        routes = List.copyOf(routes);
        checkService(defaultService);
    }

    private static void checkService(String service) {
        if (!COMMAND_SIDE.equals(service) && !QUERY_SIDE.equals(service)) {
            throw new IllegalArgumentException("unknown service in routing table: " + service);
        }
    }

    /** The table shipped with this module. */
    public static RouteTable load() {
        try (InputStream in = RouteTable.class.getResourceAsStream("routing.json")) {
            if (in == null) {
                throw new IllegalStateException("routing.json is missing from the classpath");
            }
            Json json = new ObjectMapper()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(in, Json.class);
            return new RouteTable(json.defaultService(), json.routes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Which service answers {@code method path}: the same first-match rule the load balancer applies. */
    public String serviceFor(String method, String path) {
        for (Route route : routes) {
            boolean methodMatches = route.methods().isEmpty() || route.methods().contains(method);
            if (methodMatches && route.paths().stream().anyMatch(p -> matches(p, path))) {
                return route.service();
            }
        }
        return defaultService;
    }

    /** ALB path patterns: {@code *} matches any characters (slashes too), {@code ?} one character. */
    static boolean matches(String pattern, String path) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return path.matches(regex.toString());
    }

    private record Json(@JsonProperty("default") String defaultService, List<Route> routes) {}
}
