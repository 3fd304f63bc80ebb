package io.stockade.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stockade.platform.errors.DomainRuleViolation;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.dao.TransientDataAccessResourceException;

class AlertConfigurationTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ListenerInvocationErrorHandler handler = AlertConfiguration.sagaErrorHandler(meters);

    @Test
    void shouldRetryWhenTheFailureMayPass() {
        Exception down =
                new CommandExecutionException("db", new TransientDataAccessResourceException("connection refused"));
        assertThatThrownBy(() -> handler.onError(
                        down, GenericEventMessage.asEventMessage("e"), Mockito.mock(EventMessageHandler.class)))
                .isSameAs(down);
        assertThat(meters.find("stockade.alerts.saga.refused").counter()).isNull();
    }

    @Test
    void shouldSkipAndCountWhenTheCommandIsRefusedForGood() throws Exception {
        Exception refused = new CommandExecutionException("refused", DomainRuleViolation.notFound("Item"));
        handler.onError(refused, GenericEventMessage.asEventMessage("e"), Mockito.mock(EventMessageHandler.class));
        assertThat(meters.counter("stockade.alerts.saga.refused").count()).isEqualTo(1.0);
    }
}
