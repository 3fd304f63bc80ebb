package io.stockade.query.audit.seal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockade.platform.config.StockadeProperties;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the sealer on every node that has the query side ({@code stockade.audit.sealer.enabled}, default on): rounds
 * every {@code STOCKADE_AUDIT_SEAL_EVERY} (1 s), one node at a time through the advisory lock, and a last round with
 * a checkpoint of every changed log when the node stops.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SealSettings.class)
class SealConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SealConfiguration.class);

    @Bean
    Checkpoints auditCheckpoints(SealSettings settings, StockadeProperties props) {
        Path dir = settings.checkpointDir() != null
                ? settings.checkpointDir()
                : props.dataDir().resolve("audit-checkpoints");
        return new Checkpoints(Checkpoints.loadSigner(settings.signingKey(), props.dataDir()), dir);
    }

    @Bean
    Sealer sealer(
            StoredEventRepository events,
            LedgerRepository ledger,
            PlatformTransactionManager transactions,
            Checkpoints checkpoints,
            SealSettings settings) {
        return new Sealer(
                events, ledger, new TransactionTemplate(transactions), checkpoints, settings, Clock.systemUTC());
    }

    @Bean
    LedgerExports ledgerExports(LedgerRepository ledger, PlatformTransactionManager transactions, Sealer sealer) {
        return new LedgerExports(ledger, new TransactionTemplate(transactions), sealer);
    }

    @Bean
    LedgerVerifier ledgerVerifier(
            LedgerRepository ledger,
            StoredEventRepository events,
            PlatformTransactionManager transactions,
            Checkpoints checkpoints) {
        TransactionTemplate readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        return new LedgerVerifier(ledger, events, readOnly, () -> List.of(checkpoints.verifierKey()));
    }

    @Bean(destroyMethod = "")
    AuditLedger auditLedger(
            LedgerVerifier verifier,
            LedgerRepository ledger,
            VerifyJobRepository jobs,
            PlatformTransactionManager transactions,
            Checkpoints checkpoints,
            ObjectMapper json,
            @Value("${stockade.audit.verify-sync-limit:100000}") long syncLimit) {
        // One verification job at a time per node, a few queued; more are refused (the job reads "failed").
        ExecutorService executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(8), r -> {
            Thread t = new Thread(r, "audit-verify");
            t.setDaemon(true);
            return t;
        });
        return new AuditLedger(
                verifier,
                ledger,
                jobs,
                checkpoints,
                new TransactionTemplate(transactions),
                executor,
                json,
                syncLimit,
                Clock.systemUTC());
    }

    @Bean
    @ConditionalOnProperty(name = "stockade.audit.sealer.enabled", matchIfMissing = true)
    SmartLifecycle sealerSchedule(Sealer sealer, SealSettings settings) {
        return new SmartLifecycle() {
            private ScheduledExecutorService executor;

            @Override
            public synchronized void start() {
                sealer.registerSigningKey();
                executor = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "audit-sealer");
                    t.setDaemon(true);
                    return t;
                });
                long every = settings.sealEvery().toMillis();
                executor.scheduleWithFixedDelay(
                        () -> {
                            try {
                                sealer.sealOnce();
                            } catch (RuntimeException e) {
                                log.warn("sealing round failed; the next round retries", e);
                            }
                        },
                        every,
                        every,
                        TimeUnit.MILLISECONDS);
            }

            @Override
            public synchronized void stop() {
                if (executor == null) {
                    return;
                }
                executor.shutdown();
                try {
                    executor.awaitTermination(30, TimeUnit.SECONDS);
                    sealer.sealAndCheckpointAll();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    log.warn("the shutdown checkpoint failed", e);
                }
                executor = null;
            }

            @Override
            public synchronized boolean isRunning() {
                return executor != null;
            }

            @Override
            public int getPhase() {
                // Stops before the web server and the event processors' phases end, after they stop taking work.
                return Integer.MAX_VALUE - 2048;
            }
        };
    }
}
