package io.stockade.query.audit;

import static org.mockito.Mockito.mock;

import io.stockade.query.audit.seal.AuditLedger;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The audit history (index, event store, access log) and the ledger, mocked: the slice checks who may read it and with what. */
@TestConfiguration(proxyBeanMethods = false)
public class AuditSliceBeans {

    @Bean
    AuditHistory auditHistory() {
        return mock(AuditHistory.class);
    }

    @Bean
    AuditEventExport auditEventExport() {
        return mock(AuditEventExport.class);
    }

    @Bean
    AuditLedger auditLedger() {
        return mock(AuditLedger.class);
    }
}
