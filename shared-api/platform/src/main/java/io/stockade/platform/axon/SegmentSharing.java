package io.stockade.platform.axon;

import java.time.Duration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.springboot.TokenStoreProperties;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Pooled processors share their segments evenly among the nodes that run them (see {@link ProcessorNodes}). */
@Configuration(proxyBeanMethods = false)
class SegmentSharing {

    /** Static: this configuration's own autowired method needs it. */
    @Bean
    static ProcessorNodes processorNodes(
            DSLContext dsl,
            TokenSchema tokens,
            ObjectProvider<EventProcessingConfiguration> processing,
            ObjectProvider<TokenStoreProperties> tokenStore) {
        Duration claimTimeout =
                tokenStore.getIfAvailable(TokenStoreProperties::new).getClaimTimeout();
        return new ProcessorNodes(
                dsl, tokens, processing, claimTimeout == null ? Duration.ofSeconds(10) : claimTimeout);
    }

    /**
     * Applied to every pooled processor before its own settings (segments, threads, batch size from the properties),
     * which leave the limit alone.
     */
    @Autowired
    void fairShareOfSegments(EventProcessingConfigurer processing, ProcessorNodes nodes) {
        processing.registerPooledStreamingEventProcessorConfiguration(
                (config, builder) -> builder.maxSegmentProvider(nodes));
    }
}
