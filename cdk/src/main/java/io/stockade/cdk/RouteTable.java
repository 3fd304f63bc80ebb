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
 * The load balancer's path rules: which service answers which request. Read from Stockade's one routing table,
 * {@code ops/routing/routes.json}, which the build copies beside this class (the same table generates nginx's
 * routes; webapp's {@code RoutingTableTest} checks it against every request mapping of both services). Each row
 * becomes one listener rule, in the table's order: {@code /x/**} is the patterns {@code /x} and {@code /x/*}.
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

    /** ops/routing/routes.json, as the build copied it into this module. */
    public static RouteTable load() {
        try (InputStream in = RouteTable.class.getResourceAsStream("routes.json")) {
            if (in == null) {
                throw new IllegalStateException("routes.json (ops/routing) is missing from the classpath");
            }
            Json json = new ObjectMapper()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(in, Json.class);
            List<Route> routes = json.routes().stream()
                    .map(row -> new Route(albPatterns(row.path()), row.methods(), row.service(), row.why()))
                    .toList();
            return new RouteTable(json.defaultService(), routes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table path as ALB patterns: {@code *} (one segment there) stays, a trailing {@code /**} is two patterns. */
    static List<String> albPatterns(String path) {
        if (path.endsWith("/**")) {
            String base = path.substring(0, path.length() - 3);
            return List.of(base, base + "/*");
        }
        return List.of(path);
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

    /** A row of ops/routing/routes.json (its notes, {@code shared} and {@code outside}, are for the checks). */
    private record Row(String path, List<String> methods, String service, String why) {}

    private record Json(@JsonProperty("default") String defaultService, List<Row> routes) {}
}
