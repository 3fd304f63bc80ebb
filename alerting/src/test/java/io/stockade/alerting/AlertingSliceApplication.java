package io.stockade.alerting;

import static org.mockito.Mockito.mock;

import io.stockade.testsupport.web.SecuritySlice;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * What {@code @WebMvcTest} slices of alerting start from: the notification endpoints behind the platform's
 * security, with the command bus, the inbox projection and the recipients' table mocked.
 */
@SpringBootConfiguration
@ComponentScan(excludeFilters = @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class))
@Import(SecuritySlice.class)
public class AlertingSliceApplication {

    @Bean
    CommandGateway commandGateway() {
        return mock(CommandGateway.class);
    }

    @Bean
    NotificationProjection notificationProjection() {
        return mock(NotificationProjection.class);
    }

    @Bean
    AlertRecipientRepository alertRecipientRepository() {
        return mock(AlertRecipientRepository.class);
    }
}
