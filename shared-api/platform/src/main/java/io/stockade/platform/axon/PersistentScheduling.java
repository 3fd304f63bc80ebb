package io.stockade.platform.axon;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.OnStartup;
import com.github.kagkarlsson.scheduler.task.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * db-scheduler on the event store's database: Axon's persistent deadlines (the low-stock saga's
 * reminders, through its DbSchedulerDeadlineManager) and cluster-safe recurring tasks (the daily digest).
 * Each due task is picked by exactly one node; a dead node's picks are taken over after its heartbeat stops.
 * Built here rather than by db-scheduler's Boot starter: Axon 4.12 calls an API that the starter's
 * current versions (15+) removed, and the 14.x starter is not published.
 * The data source is transaction-aware, so a deadline scheduled by a saga commits or rolls back with it.
 */
@Configuration(proxyBeanMethods = false)
class PersistentScheduling {
    static final String TABLE = "axon.scheduled_tasks";

    @Bean(destroyMethod = "")
    Scheduler dbScheduler(DataSource dataSource, ObjectProvider<Task<?>> tasks) {
        List<Task<?>> known = new ArrayList<>();
        List<OnStartup> recurring = new ArrayList<>();
        tasks.orderedStream().forEach(t -> {
            if (t instanceof OnStartup s) {
                recurring.add(s);
            } else {
                known.add(t);
            }
        });
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), known)
                .startTasks(castAll(recurring))
                .tableName(TABLE)
                .pollingInterval(Duration.ofSeconds(2))
                .heartbeatInterval(Duration.ofSeconds(30))
                .threads(2)
                .build();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Task<?> & OnStartup> List<T> castAll(List<OnStartup> tasks) {
        return (List<T>) (List<?>) tasks;
    }

    /** Starts polling once every handler is registered, and stops before the database goes away. */
    @Bean
    SmartLifecycle dbSchedulerLifecycle(Scheduler scheduler) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                scheduler.start();
                running = true;
            }

            @Override
            public void stop() {
                scheduler.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                // After Axon's processors start, before they stop.
                return Integer.MAX_VALUE - 100;
            }
        };
    }
}
