package io.stockade.command.imports;

import static org.mockito.Mockito.mock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The import jobs (their table and their runner), mocked. */
@TestConfiguration(proxyBeanMethods = false)
public class ImportsSliceBeans {

    @Bean
    CatalogueImports catalogueImports() {
        return mock(CatalogueImports.class);
    }

    @Bean
    ImportJobRepository importJobRepository() {
        return mock(ImportJobRepository.class);
    }
}
