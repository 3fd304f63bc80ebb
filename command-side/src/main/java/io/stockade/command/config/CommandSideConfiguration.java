package io.stockade.command.config;

import io.stockade.platform.db.MigrationSet;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The command side's schema and the snapshots that keep hot items fast (the item cache: InventoryItemCaching). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class CommandSideConfiguration {

    @Bean
    MigrationSet commandMigrations() {
        return new MigrationSet("command", "classpath:db/command", 10);
    }

    /** Busy items accumulate thousands of movements; a snapshot every 200 keeps a cold load short. */
    @Bean
    SnapshotTriggerDefinition inventoryItemSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, 200);
    }
}
