package io.stockade.webapp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.command.host.CommandServiceApplication;
import io.stockade.query.host.QueryServiceApplication;
import io.stockade.testsupport.process.HostScan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

/**
 * The routing table ({@code ops/routing/routes.json}) against what the two services really map: every request
 * mapping of each service's scan (the classes its context would hold, read by {@link HostScan}) must reach that
 * service through the table, and every route must be the first match of at least one mapping of its service. The
 * committed nginx configuration must be the one the table generates.
 */
class RoutingTableTest {
    static final String REGENERATE = "mvn -B -o -Dskip.spa=true -pl webapp test -Dtest=RoutingTableTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dstockade.routing.update=true";
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path TABLE = ROOT.resolve("ops/routing/routes.json");
    private static final Path NGINX = ROOT.resolve("ops/nginx/nginx.conf");
    private static final String COMMAND = "command-side";
    private static final String QUERY = "query-side";

    private final RoutingTable table = read();
    private final Map<String, List<Mapping>> mappings =
            Map.of(COMMAND, mappings(CommandServiceApplication.class), QUERY, mappings(QueryServiceApplication.class));

    /** One method and path a service answers; the path's variables filled with a sample segment. */
    record Mapping(String method, String path, String declaredBy) {
        String uri() {
            return path.replaceAll("\\{[^}]+}", "1");
        }

        boolean sameRequest(Mapping other) {
            return method.equals(other.method) && uri().equals(other.uri());
        }
    }

    @Test
    void shouldEqualTheCommittedNginxRoutesWhenGeneratedFromTheTable() throws IOException {
        String conf = Files.readString(NGINX, StandardCharsets.UTF_8);
        int begin = conf.indexOf(RoutingTable.BEGIN);
        int end = conf.indexOf(RoutingTable.END);
        assertThat(begin)
                .as("ops/nginx/nginx.conf has the generated routes' markers")
                .isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String generated =
                conf.substring(0, begin) + table.nginxRoutes() + conf.substring(end + RoutingTable.END.length() + 1);
        if (Boolean.getBoolean("stockade.routing.update")) {
            Files.writeString(NGINX, generated, StandardCharsets.UTF_8);
            conf = generated;
        }
        assertThat(conf)
                .as("ops/nginx/nginx.conf is not what ops/routing/routes.json generates; regenerate it with: "
                        + REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void shouldSendEveryRequestMappingToTheServiceThatMapsItWhenRoutedThroughTheTable() {
        List<String> wrong = new ArrayList<>();
        mappings.forEach((service, list) -> {
            for (Mapping m : list) {
                RoutingTable.Route route = table.routeFor(m.method(), m.uri());
                if (route == null) {
                    wrong.add(m + " of " + service + " matches no route (only the default would take it)");
                } else if (!route.service().equals(service)) {
                    boolean onBoth = mappings.get(route.service()).stream().anyMatch(m::sameRequest);
                    if (route.shared() == null || !onBoth) {
                        wrong.add(m + " of " + service + " is routed to " + route.service() + " by " + route.path()
                                + route.methods());
                    }
                }
            }
        });
        assertThat(wrong).as("requests the table sends to the wrong service").isEmpty();
    }

    @Test
    void shouldMatchAMappingOfItsServiceFirstWithEveryRouteSoThatNoRouteIsDead() {
        List<String> dead = new ArrayList<>();
        for (RoutingTable.Route route : table.routes()) {
            if (route.outside() != null) {
                continue; // served by a library (springdoc), not by a controller the scan sees
            }
            boolean used = mappings.get(route.service()).stream()
                    .anyMatch(m -> route.equals(table.routeFor(m.method(), m.uri())));
            if (!used) {
                dead.add(route.path() + route.methods() + " -> " + route.service());
            }
        }
        assertThat(dead)
                .as("routes that are the first match of no mapping of their service")
                .isEmpty();
    }

    @Test
    void shouldMarkARouteSharedOnlyWhenBothServicesMapItsPaths() {
        for (RoutingTable.Route route : table.routes()) {
            if (route.shared() == null) {
                continue;
            }
            for (String service : List.of(COMMAND, QUERY)) {
                assertThat(mappings.get(service))
                        .as(route.path() + " is marked shared, so " + service + " maps it")
                        .anyMatch(m -> route.matches(m.method(), m.uri()));
            }
        }
        assertThat(mappings.get(COMMAND)).hasSizeGreaterThan(40);
        assertThat(mappings.get(QUERY)).hasSizeGreaterThan(40);
    }

    private static RoutingTable read() {
        try {
            return RoutingTable.read(TABLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request mappings of the controllers a host's context holds; HEAD with every GET, as Spring answers it. */
    static List<Mapping> mappings(Class<?> host) {
        Set<Mapping> out = new LinkedHashSet<>();
        for (Class<?> type : HostScan.stockadeClasses(host)) {
            if (!AnnotatedElementUtils.hasAnnotation(type, Controller.class)) {
                continue;
            }
            RequestMapping onType = AnnotatedElementUtils.findMergedAnnotation(type, RequestMapping.class);
            String[] prefixes = onType == null || onType.path().length == 0 ? new String[] {""} : onType.path();
            for (Method method : type.getDeclaredMethods()) {
                RequestMapping on = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
                if (on == null) {
                    continue;
                }
                String[] paths = on.path().length == 0 ? new String[] {""} : on.path();
                for (String prefix : prefixes) {
                    for (String path : paths) {
                        String full = prefix + path;
                        if (full.contains("${")) {
                            continue; // the error controller: the container's forward target, not a client path
                        }
                        for (RequestMethod verb : on.method()) {
                            out.add(new Mapping(verb.name(), full, type.getSimpleName()));
                            if (verb == RequestMethod.GET) {
                                out.add(new Mapping("HEAD", full, type.getSimpleName()));
                            }
                        }
                    }
                }
            }
        }
        return List.copyOf(out);
    }
}
