package io.stockade.query.host;

import static io.stockade.testsupport.process.HostScan.aggregates;
import static io.stockade.testsupport.process.HostScan.commandHandlers;
import static io.stockade.testsupport.process.HostScan.processingGroups;
import static io.stockade.testsupport.process.HostScan.sagas;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.testsupport.process.HostScan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the query-side service's context holds, read from its scan: the projections, and nothing that writes. */
class QueryServiceHostTest {
    private final List<Class<?>> classes = HostScan.stockadeClasses(QueryServiceApplication.class);

    @Test
    void shouldRunEveryProjectionAndNoAggregateSagaOrCommandHandler() {
        assertThat(processingGroups(classes))
                .containsExactlyInAnyOrder(
                        "inventory-items",
                        "inventory-ledger",
                        "category-tree",
                        "identity-users",
                        "security-events",
                        "audit-index",
                        "audit-asof",
                        "dashboard-trends",
                        "reporting");
        assertThat(aggregates(classes)).isEmpty();
        assertThat(sagas(classes)).isEmpty();
        assertThat(commandHandlers(classes)).isEmpty();
    }

    @Test
    void shouldLeaveTheMailPackageToTheCommandSide() {
        assertThat(classes)
                .extracting(Class::getName)
                .isNotEmpty()
                .noneMatch(n -> n.startsWith("io.stockade.platform.mail."))
                .noneMatch(n -> n.startsWith("io.stockade.command."))
                .noneMatch(n -> n.startsWith("io.stockade.alerting."));
    }
}
