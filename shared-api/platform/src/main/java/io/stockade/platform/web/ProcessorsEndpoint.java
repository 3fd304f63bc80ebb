package io.stockade.platform.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code GET /actuator/processors}, on the management port only: every event processor of this node with its
 * position, lag and replay state. Deployment-wide, so it is the operator's, never an organisation Admin's.
 */
@Endpoint(id = "processors")
public class ProcessorsEndpoint {
    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final ObjectProvider<EventStore> eventStore;

    public ProcessorsEndpoint(
            ObjectProvider<EventProcessingConfiguration> processing, ObjectProvider<EventStore> eventStore) {
        this.processing = processing;
        this.eventStore = eventStore;
    }

    /** {@code healthy}: every processor runs and none is in error. */
    public record Processors(boolean healthy, Long headPosition, List<ProcessorStatus> processors) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProcessorStatus(
            String name, boolean running, boolean error, Long position, Long lag, Boolean replaying) {}

    @ReadOperation
    public Processors processors() {
        Long head = eventStore.getIfAvailable() == null ? null : headPosition();
        List<ProcessorStatus> processors = new ArrayList<>();
        boolean healthy = true;
        EventProcessingConfiguration config = processing.getIfAvailable();
        if (config != null) {
            for (EventProcessor p : config.eventProcessors().values()) {
                Long position = null;
                Long lag = null;
                Boolean replaying = null;
                if (p instanceof StreamingEventProcessor s) {
                    position = s.processingStatus().values().stream()
                            .map(status -> status.getCurrentPosition().orElse(0L))
                            .min(Long::compare)
                            .orElse(0L);
                    lag = head == null ? null : Math.max(0, head - position);
                    replaying = s.isReplaying();
                }
                healthy &= p.isRunning() && !p.isError();
                processors.add(new ProcessorStatus(p.getName(), p.isRunning(), p.isError(), position, lag, replaying));
            }
        }
        return new Processors(healthy, head, processors);
    }

    private Long headPosition() {
        TrackingToken token = eventStore.getObject().createHeadToken();
        return token == null ? 0L : token.position().orElse(0L);
    }
}
