package io.stockade.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The routing table (ops/routing/routes.json) sends each request to the side that serves it at the load balancer. */
class RouteTableTest {
    private final RouteTable table = RouteTable.load();

    @Test
    void shouldSendWritesToTheCommandSideAndReadsToTheQuerySide() {
        assertThat(table.serviceFor("POST", "/api/inventory")).isEqualTo("command-side");
        assertThat(table.serviceFor("PUT", "/api/inventory/42")).isEqualTo("command-side");
        assertThat(table.serviceFor("DELETE", "/api/categories/7")).isEqualTo("command-side");
        assertThat(table.serviceFor("GET", "/api/inventory/42")).isEqualTo("query-side");
        assertThat(table.serviceFor("GET", "/api/dashboard/metrics")).isEqualTo("query-side");
        assertThat(table.serviceFor("GET", "/health")).isEqualTo("query-side");
    }

    @Test
    void shouldSendTheExceptionsToTheSideThatServesThemWhenTheMethodAloneWouldMislead() {
        assertThat(table.serviceFor("GET", "/api/auth/me")).isEqualTo("command-side");
        assertThat(table.serviceFor("POST", "/api/auth/login")).isEqualTo("command-side");
        assertThat(table.serviceFor("GET", "/api/inventory/import/9")).isEqualTo("command-side");
        assertThat(table.serviceFor("GET", "/api/notifications")).isEqualTo("command-side");
        assertThat(table.serviceFor("POST", "/api/audit/verify")).isEqualTo("query-side");
        assertThat(table.serviceFor("GET", "/api/stream/dashboard")).isEqualTo("query-side");
    }

    @Test
    void shouldSplitByMethodOnlyWherePathsAreSharedAndTurnSubtreesIntoTwoPatternsWhenRead() {
        assertThat(table.serviceFor("POST", "/api/inventory/42/stock")).isEqualTo("command-side");
        assertThat(table.serviceFor("GET", "/api/inventory/42/image")).isEqualTo("query-side");
        assertThat(table.serviceFor("POST", "/api/inventory/42/image")).isEqualTo("command-side");
        assertThat(table.serviceFor("GET", "/api/admin/outbox")).isEqualTo("command-side");
        assertThat(RouteTable.albPatterns("/api/auth/**")).containsExactly("/api/auth", "/api/auth/*");
        assertThat(table.routes())
                .filteredOn(r -> !r.methods().isEmpty())
                .allSatisfy(r -> assertThat(r.methods()).containsExactly("GET", "HEAD"));
    }

    @Test
    void shouldRefuseARouteTheLoadBalancerCouldNotExpressWhenItHasTooManyValues() {
        assertThatThrownBy(() -> new RouteTable.Route(
                        List.of("/a", "/b", "/c"), List.of("GET", "POST", "PUT"), "query-side", "too many"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RouteTable.Route(List.of("/a"), List.of(), "webapp", "unknown"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
