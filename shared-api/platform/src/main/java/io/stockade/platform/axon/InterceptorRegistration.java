package io.stockade.platform.axon;

import io.stockade.platform.privacy.PersonalDataCipher;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.queryhandling.QueryBus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class InterceptorRegistration {

    /** Registers on the buses as they are created; the returned marker only makes the registration a bean. */
    @Bean
    Object requestMetadataInterceptors(
            PersonalDataCipher cipher, ObjectProvider<CommandBus> commandBus, ObjectProvider<QueryBus> queryBus) {
        commandBus.ifAvailable(bus -> bus.registerDispatchInterceptor(new RequestMetadataInterceptor<>(cipher, true)));
        queryBus.ifAvailable(bus -> bus.registerDispatchInterceptor(new RequestMetadataInterceptor<>(cipher, false)));
        return new Object();
    }
}
