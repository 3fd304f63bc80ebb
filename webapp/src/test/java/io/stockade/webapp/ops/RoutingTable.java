package io.stockade.webapp.ops;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code ops/routing/routes.json} as the front door applies it: first matching route wins, the default otherwise.
 * Writes the routing part of {@code ops/nginx/nginx.conf} (one {@code map} on method and path, in table order).
 */
record RoutingTable(String defaultService, List<Route> routes) {
    static final String BEGIN = "    # BEGIN ROUTES: generated from ops/routing/routes.json, do not edit (regenerate: "
            + RoutingTableTest.REGENERATE + ")";
    static final String END = "    # END ROUTES";

    record Route(String path, List<String> methods, String service, String why, String shared, String outside) {
        Route {
            methods = methods == null ? List.of() : List.copyOf(methods);
            if (!path.matches("(/([A-Za-z0-9._-]+|\\*))+(/\\*\\*)?")) {
                throw new IllegalArgumentException(
                        "a path is segments of letters, digits, '.', '_', '-' or '*', and may end in /**: " + path);
            }
        }

        /** The path as a regular expression: {@code *} one segment, a trailing {@code /**} the path and below. */
        String pathRegex() {
            String base = path.endsWith("/**") ? path.substring(0, path.length() - 3) : path;
            StringBuilder regex = new StringBuilder("^");
            for (String segment : base.substring(1).split("/", -1)) {
                regex.append('/').append("*".equals(segment) ? "[^/]+" : segment.replace(".", "\\."));
            }
            return regex.append(path.endsWith("/**") ? "(/.*)?$" : "$").toString();
        }

        boolean matches(String method, String uri) {
            return (methods.isEmpty() || methods.contains(method)) && uri.matches(pathRegex());
        }

        /** The same condition as nginx reads it, on {@code "$request_method:$uri"}. */
        String nginxKey() {
            String method = methods.isEmpty() ? "[A-Z]+" : "(" + String.join("|", methods) + ")";
            return "\"~^" + method + ":" + pathRegex().substring(1) + "\"";
        }
    }

    static RoutingTable read(Path file) throws IOException {
        Json json = new ObjectMapper()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(file.toFile(), Json.class);
        return new RoutingTable(json.defaultService(), json.routes());
    }

    /** The route that answers, or null when the request falls through to the default. */
    Route routeFor(String method, String uri) {
        return routes.stream().filter(r -> r.matches(method, uri)).findFirst().orElse(null);
    }

    /** The nginx upstream of a service: {@code command-side} is {@code command}. */
    static String upstream(String service) {
        return service.replace("-side", "");
    }

    /** The lines between the markers in nginx.conf. */
    String nginxRoutes() {
        StringBuilder out = new StringBuilder();
        out.append(BEGIN).append('\n');
        out.append("    # Which upstream answers an API request: the first regular expression that matches wins.\n");
        out.append("    map \"$request_method:$uri\" $stockade_service {\n");
        out.append(String.format(Locale.ROOT, "        %-60s %s;%n", "default", upstream(defaultService)));
        for (Route route : routes) {
            out.append(String.format(Locale.ROOT, "        %-60s %s;%n", route.nginxKey(), upstream(route.service())));
        }
        out.append("    }\n");
        out.append(END).append('\n');
        return out.toString();
    }

    private record Json(@JsonProperty("default") String defaultService, List<Route> routes) {}
}
