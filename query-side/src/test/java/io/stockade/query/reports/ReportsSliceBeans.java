package io.stockade.query.reports;

import static org.mockito.Mockito.mock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The reporting tables, mocked: the CSV exports stream from them. */
@TestConfiguration(proxyBeanMethods = false)
public class ReportsSliceBeans {

    @Bean
    ReportsRepository reportsRepository() {
        return mock(ReportsRepository.class);
    }
}
