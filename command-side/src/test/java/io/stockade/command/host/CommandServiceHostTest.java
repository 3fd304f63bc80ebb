package io.stockade.command.host;

import static io.stockade.testsupport.process.HostScan.aggregates;
import static io.stockade.testsupport.process.HostScan.processingGroups;
import static io.stockade.testsupport.process.HostScan.sagas;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.testsupport.process.HostScan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the command-side service's context holds, read from its scan: the aggregates and alerting, no projection. */
class CommandServiceHostTest {
    private final List<Class<?>> classes = HostScan.stockadeClasses(CommandServiceApplication.class);

    @Test
    void shouldRunTheAggregatesAndAlertingAndNoProjection() {
        assertThat(aggregates(classes)).contains("InventoryItem", "UserAccount", "Category");
        assertThat(processingGroups(classes))
                .as("alerting's processors only (ADR 0001)")
                .containsExactlyInAnyOrder("alerts-mail", "alerts-items", "alerts-notifications");
        assertThat(sagas(classes)).containsExactly("LowStockAlertSaga");
        assertThat(classes).extracting(Class::getName).noneMatch(n -> n.startsWith("io.stockade.query."));
        assertThat(classes).extracting(Class::getSimpleName).contains("OutboxRelay", "CatalogueImports");
        // alerts-items buffers its stock movements (DeferredWrites.Buffered): the write-behind runs here too.
        assertThat(classes).extracting(Class::getSimpleName).contains("WriteBehind");
    }
}
