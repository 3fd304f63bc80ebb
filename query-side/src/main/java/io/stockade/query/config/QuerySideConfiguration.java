package io.stockade.query.config;

import io.stockade.platform.db.MigrationSet;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class QuerySideConfiguration {

    @Bean
    MigrationSet readModelMigrations() {
        return new MigrationSet("read", "classpath:db/read", 20);
    }

    /** The tamper-evidence ledger: after the read schema, whose tenant isolation function it uses. */
    @Bean
    MigrationSet ledgerMigrations() {
        return new MigrationSet("ledger", "classpath:db/ledger", 25);
    }
}
