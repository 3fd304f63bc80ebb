package io.stockade.query.ledger;

import static org.mockito.Mockito.mock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The ledger's table, mocked: the CSV export streams from it. */
@TestConfiguration(proxyBeanMethods = false)
public class LedgerSliceBeans {

    @Bean
    LedgerRepository ledgerRepository() {
        return mock(LedgerRepository.class);
    }
}
