package io.stockade.platform.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stockade.platform.axon.TokenStoreReport;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code GET /actuator/processors}, on the management port only: every event processor with its position, lag,
 * segments and their owners, dead letters and replay progress. Deployment-wide, so it is the operator's, never an
 * organisation Admin's. Running and error state are this node's; segments, owners, dead letters and replay
 * progress come from the shared token store, so a processor only another node runs is listed too.
 */
@Endpoint(id = "processors")
public class ProcessorsEndpoint {
    private static final Logger log = LoggerFactory.getLogger(ProcessorsEndpoint.class);

    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final ObjectProvider<EventStore> eventStore;
    private final ObjectProvider<DataSource> dataSource;
    private final ObjectProvider<Serializer> serializer;

    public ProcessorsEndpoint(
            ObjectProvider<EventProcessingConfiguration> processing,
            ObjectProvider<EventStore> eventStore,
            ObjectProvider<DataSource> dataSource,
            ObjectProvider<Serializer> serializer) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.dataSource = dataSource;
        this.serializer = serializer;
    }

    /** {@code healthy}: every processor of this node runs and none is in error. */
    public record Processors(boolean healthy, Long headPosition, List<ProcessorStatus> processors) {}

    /**
     * One processor. {@code running} and {@code error} are absent for a processor this node does not run;
     * {@code replayPercent} is present while it replays.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProcessorStatus(
            String name,
            Boolean running,
            Boolean error,
            Long position,
            Long lag,
            Boolean replaying,
            Integer replayPercent,
            List<String> owners,
            List<TokenStoreReport.Segment> segments,
            Long deadLetters) {}

    @ReadOperation
    public Processors processors() {
        Long head = eventStore.getIfAvailable() == null ? null : headPosition();
        Map<String, TokenStoreReport.Processor> stored = stored();
        List<ProcessorStatus> processors = new ArrayList<>();
        boolean healthy = true;
        EventProcessingConfiguration config = processing.getIfAvailable();
        Set<String> local = new HashSet<>();
        if (config != null) {
            for (EventProcessor p : config.eventProcessors().values()) {
                local.add(p.getName());
                TokenStoreReport.Processor t = stored.get(p.getName());
                Long position = null;
                Boolean replaying = null;
                if (p instanceof StreamingEventProcessor s) {
                    position = s.processingStatus().values().stream()
                            .map(status -> status.getCurrentPosition().orElse(0L))
                            .min(Long::compare)
                            .orElse(t == null || t.position() == null ? 0L : t.position());
                    replaying = s.isReplaying();
                }
                healthy &= p.isRunning() && !p.isError();
                processors.add(status(p.getName(), p.isRunning(), p.isError(), position, replaying, head, t));
            }
        }
        stored.values().stream()
                .filter(t -> !local.contains(t.name()))
                .forEach(t ->
                        processors.add(status(t.name(), null, null, t.position(), t.replayPercent() != null, head, t)));
        return new Processors(healthy, head, processors);
    }

    private static ProcessorStatus status(
            String name,
            Boolean running,
            Boolean error,
            Long position,
            Boolean replaying,
            Long head,
            TokenStoreReport.Processor stored) {
        Long lag = head == null || position == null ? null : Math.max(0, head - position);
        return new ProcessorStatus(
                name,
                running,
                error,
                position,
                lag,
                replaying,
                stored == null ? null : stored.replayPercent(),
                stored == null ? null : stored.owners(),
                stored == null ? null : stored.segments(),
                stored == null ? null : stored.deadLetters());
    }

    private Map<String, TokenStoreReport.Processor> stored() {
        DataSource ds = dataSource.getIfAvailable();
        Serializer tokens = serializer.getIfAvailable();
        if (ds == null || tokens == null) {
            return Map.of();
        }
        try (Connection c = ds.getConnection()) {
            return TokenStoreReport.read(c, tokens);
        } catch (SQLException | RuntimeException e) {
            log.warn("Cannot read the token store: {}", e.toString());
            return Map.of();
        }
    }

    private Long headPosition() {
        TrackingToken token = eventStore.getObject().createHeadToken();
        return token == null ? 0L : token.position().orElse(0L);
    }
}
