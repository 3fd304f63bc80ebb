package io.stockade.query.alerts;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertSettings.class)
class AlertConfiguration {
    /**
     * A saga step that fails (the database briefly away) must be retried, not logged and skipped: an
     * alert skipped that way would be lost. The processor backs off and tries the event again.
     */
    @Autowired
    void sagaErrors(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler("LowStockAlertSagaProcessor", c -> PropagatingErrorHandler.instance());
    }
}
