package io.stockade.webapp;

import io.stockade.platform.web.AwaitsProjections;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Read-your-writes for the all-in-one host. A write marked {@link AwaitsProjections} answers from its
 * command's result; before that answer leaves, this host (which also runs the projections) waits, for a
 * bounded time, until the named processors have passed the event store's head as it stood after the write.
 * It reads processor positions only (the stored tokens, which every node sharing the database sees, so it
 * also works when another node owns the segments), never a read model; a command-only service has no such
 * advice.
 */
@ControllerAdvice
class ProjectionFence implements ResponseBodyAdvice<Object> {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final ObjectProvider<EventStore> eventStore;
    private final ObjectProvider<TokenPositionRepository> tokens;

    ProjectionFence(
            ObjectProvider<EventProcessingConfiguration> processing,
            ObjectProvider<EventStore> eventStore,
            ObjectProvider<TokenPositionRepository> tokens) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.tokens = tokens;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return returnType.hasMethodAnnotation(AwaitsProjections.class);
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        AwaitsProjections awaits = returnType.getMethodAnnotation(AwaitsProjections.class);
        EventProcessingConfiguration config = processing.getIfAvailable();
        EventStore store = eventStore.getIfAvailable();
        if (awaits == null || config == null || store == null) {
            return body;
        }
        TrackingToken headToken = store.createHeadToken();
        long head = headToken == null ? 0L : headToken.position().orElse(0L);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        TokenPositionRepository stored = tokens.getIfAvailable();
        for (String name : awaits.value()) {
            config.eventProcessor(name, StreamingEventProcessor.class)
                    .ifPresent(p -> awaitPosition(
                            () -> stored != null ? passed(stored.positions(name), head) : passed(p, head), deadline));
        }
        return body;
    }

    private static void awaitPosition(BooleanSupplier passed, long deadline) {
        long pause = 1;
        while (!passed.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause = Math.min(pause * 2, 50);
        }
    }

    /** Every stored segment token is at or past the head, whichever node owns it. */
    private static boolean passed(List<OptionalLong> positions, long head) {
        return !positions.isEmpty() && positions.stream().allMatch(p -> p.orElse(-1L) >= head);
    }

    /** Every segment this node processes is at or past the head; a node with none of them has nothing to wait for. */
    private static boolean passed(StreamingEventProcessor processor, long head) {
        for (EventTrackerStatus status : processor.processingStatus().values()) {
            if (status.getCurrentPosition().orElse(-1L) < head) {
                return false;
            }
        }
        return true;
    }
}
