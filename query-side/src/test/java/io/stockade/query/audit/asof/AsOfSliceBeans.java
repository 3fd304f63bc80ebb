package io.stockade.query.audit.asof;

import static org.mockito.Mockito.mock;

import io.stockade.query.audit.AuditReads;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The as-of answers and the access log's door, mocked: the slice checks who may read them and with what. */
@TestConfiguration(proxyBeanMethods = false)
public class AsOfSliceBeans {

    @Bean
    AsOfQueries asOfQueries() {
        return mock(AsOfQueries.class);
    }

    @Bean
    AuditReads auditReads() {
        return mock(AuditReads.class);
    }
}
