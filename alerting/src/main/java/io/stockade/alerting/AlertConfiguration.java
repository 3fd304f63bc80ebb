package io.stockade.alerting;

import io.micrometer.core.instrument.MeterRegistry;
import io.stockade.platform.db.MigrationSet;
import io.stockade.platform.errors.DomainRuleViolation;
import io.stockade.platform.errors.ProblemException;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertSettings.class)
class AlertConfiguration {
    private static final Logger log = LoggerFactory.getLogger(AlertConfiguration.class);

    /**
     * A saga step that fails for a passing reason (the database briefly away) is retried, not logged and
     * skipped: an alert skipped that way would be lost, so the processor backs off and tries again. A step
     * the command side refuses for good (a rule, a bad request) would fail the same way for ever and hold
     * up every other item's alerts: it is logged and counted ({@code stockade_alerts_saga_refused_total}).
     */
    @Autowired
    void sagaErrors(EventProcessingConfigurer processing, MeterRegistry meters) {
        processing.registerListenerInvocationErrorHandler("LowStockAlertSagaProcessor", c -> sagaErrorHandler(meters));
    }

    /** Alerting's own tables live in their own schema, migrated after the read models. */
    @Bean
    MigrationSet alertingMigrations() {
        return new MigrationSet("alerting", "classpath:db/alerting", 30);
    }

    static ListenerInvocationErrorHandler sagaErrorHandler(MeterRegistry meters) {
        return (exception, event, handler) -> {
            if (!refusedForGood(exception)) {
                throw exception;
            }
            meters.counter("stockade.alerts.saga.refused").increment();
            log.error(
                    "Low-stock saga step refused for good; event {} ({}) skipped: {}",
                    event.getIdentifier(),
                    event.getPayloadType().getSimpleName(),
                    exception.toString());
        };
    }

    static boolean refusedForGood(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DomainRuleViolation || t instanceof ProblemException) {
                return true;
            }
        }
        return false;
    }
}
