package io.stockade.command.idempotency;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    @Bean
    IdempotencyInterceptor idempotencyInterceptor(IdempotencyRepository records,
                                                  @Qualifier("messageSerializer") Serializer serializer,
                                                  CommandBus commandBus) {
        IdempotencyInterceptor interceptor = new IdempotencyInterceptor(records, serializer);
        commandBus.registerHandlerInterceptor(interceptor);
        return interceptor;
    }
}
