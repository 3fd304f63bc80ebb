package io.stockade.command.config;

import io.stockade.platform.db.MigrationSet;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The command side's schema and the aggregate cache and snapshots that keep hot items fast. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class CommandSideConfiguration {

    @Bean
    MigrationSet commandMigrations() {
        return new MigrationSet("command", "classpath:db/command", 10);
    }

    /**
     * Measured: without a cache every command re-reads the item's history (282 commands/s at 16 threads);
     * with one, ~1,000-2,600/s. A failed append evicts the entry, so a stale copy cannot win.
     * Strongly held and bounded: a weak cache was emptied by every garbage collection under load.
     */
    @Bean
    Cache inventoryItemCache() {
        return new BoundedCache(100_000);
    }

    /** Busy items accumulate thousands of movements; a snapshot every 200 keeps a cold load short. */
    @Bean
    SnapshotTriggerDefinition inventoryItemSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, 200);
    }
}
