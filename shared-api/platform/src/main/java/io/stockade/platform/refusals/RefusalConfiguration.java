package io.stockade.platform.refusals;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stockade.platform.privacy.PersonalDataCipher;
import org.axonframework.eventhandling.EventBus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Refused writes of signed-in callers, recorded in the event store (issue 14 §1). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import(RequestBodyCapture.class)
public class RefusalConfiguration {

    @Bean
    RefusedCommands refusedCommands(
            ObjectProvider<EventBus> events, PersonalDataCipher cipher, ObjectProvider<MeterRegistry> meters) {
        return new RefusedCommands(events::getIfAvailable, cipher, meters.getIfAvailable(SimpleMeterRegistry::new));
    }
}
