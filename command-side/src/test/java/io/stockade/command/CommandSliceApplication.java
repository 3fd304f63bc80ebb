package io.stockade.command;

import static org.mockito.Mockito.mock;

import io.stockade.command.identity.IdentitySliceBeans;
import io.stockade.command.imports.ImportsSliceBeans;
import io.stockade.command.inventory.InventorySliceBeans;
import io.stockade.platform.config.StockadeProperties;
import io.stockade.platform.media.ItemLinks;
import io.stockade.platform.media.SignedUrls;
import io.stockade.testsupport.web.SecuritySlice;
import java.time.Clock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * What {@code @WebMvcTest} slices of the command side start from: the scan (narrowed by each slice's filters),
 * the platform's security, and a mocked command bus in place of Axon. Every slice of this module uses this one
 * configuration, so Spring builds their context once.
 */
@SpringBootConfiguration
@ComponentScan(excludeFilters = @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class))
@Import({SecuritySlice.class, InventorySliceBeans.class, IdentitySliceBeans.class, ImportsSliceBeans.class})
public class CommandSliceApplication {

    @Bean
    CommandGateway commandGateway() {
        return mock(CommandGateway.class);
    }

    /** Real signed links: the answers carry them as production's do. */
    @Bean
    ItemLinks itemLinks(StockadeProperties properties, Clock clock) {
        return new ItemLinks(new SignedUrls(properties, "slice-url-signing-key", clock));
    }
}
