package io.stockade.command.idempotency;

import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Axon's Spring Boot support registers handler-interceptor beans on the command bus by itself. */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    @Bean
    IdempotencyInterceptor idempotencyInterceptor(
            IdempotencyRepository records, @Qualifier("messageSerializer") Serializer serializer) {
        return new IdempotencyInterceptor(records, serializer);
    }
}
