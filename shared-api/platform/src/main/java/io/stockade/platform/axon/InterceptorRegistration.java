package io.stockade.platform.axon;

import io.stockade.platform.privacy.PersonalDataCipher;
import io.stockade.platform.tenancy.TenantBinding;
import io.stockade.platform.tenancy.TenantScope;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.queryhandling.QueryBus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
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

    /**
     * Every event processor (projections, sagas, dead letters handled again) and every query handler runs
     * bound to its message's tenant. The processors ask for it when they are built, after the database is up.
     */
    @Autowired
    void tenantBinding(
            EventProcessingConfigurer processing,
            ObjectProvider<TenantScope> tenants,
            ObjectProvider<QueryBus> queryBus) {
        TenantBinding binding = new TenantBinding(tenants::getObject);
        processing.registerDefaultHandlerInterceptor((config, processor) -> binding);
        queryBus.ifAvailable(bus -> bus.registerHandlerInterceptor(binding));
    }
}
