package io.stockade.query;

import static org.mockito.Mockito.mock;

import io.stockade.platform.config.StockadeProperties;
import io.stockade.platform.media.ItemLinks;
import io.stockade.platform.media.SignedUrls;
import io.stockade.platform.tenancy.TenantScope;
import io.stockade.platform.web.DeadLetterController;
import io.stockade.query.audit.AuditSliceBeans;
import io.stockade.query.audit.asof.AsOfSliceBeans;
import io.stockade.query.ledger.LedgerSliceBeans;
import io.stockade.query.live.LiveStreams;
import io.stockade.query.reports.ReportsSliceBeans;
import io.stockade.testsupport.web.SecuritySlice;
import java.time.Clock;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * What {@code @WebMvcTest} slices of the query side start from: the scan (narrowed by the slice's filters),
 * the platform's security and its dead-letter endpoints (the projections' parked events), and mocks for the query bus, the tenant-bound reads and the live streams. Every
 * slice of this module uses this one configuration, so Spring builds their context once.
 */
@SpringBootConfiguration
@ComponentScan(excludeFilters = @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class))
@Import({
    SecuritySlice.class,
    LedgerSliceBeans.class,
    ReportsSliceBeans.class,
    AuditSliceBeans.class,
    AsOfSliceBeans.class,
    DeadLetterController.class
})
public class QuerySliceApplication {

    @Bean
    QueryGateway queryGateway() {
        return mock(QueryGateway.class);
    }

    @Bean
    TenantScope tenantScope() {
        return mock(TenantScope.class);
    }

    @Bean
    LiveStreams liveStreams() {
        return mock(LiveStreams.class);
    }

    /** Real signed links: item views carry them as production's do. */
    @Bean
    ItemLinks itemLinks(StockadeProperties properties, Clock clock) {
        return new ItemLinks(new SignedUrls(properties, "slice-url-signing-key", clock));
    }
}
