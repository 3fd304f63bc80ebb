package io.stockade.webapp;

import io.stockade.platform.web.AwaitsProjections;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
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
 * bounded time, until the named processors have handled every event up to the event store's head as it stood
 * after the write. It reads processor positions only (the stored tokens, which every node sharing the database
 * sees, so it also works when another node owns the segments, and this node's own segments as they stand in
 * memory), never a read model; a command-only service has no such advice.
 *
 * <p>A segment waits only for the events it handles. A pooled processor's segment stores its token when it
 * handles a batch, but when the events it receives are none of its own (another segment's aggregate, or a type
 * it has no handler for) it only moves in memory and stores the position at its next claim extension, up to 5 s
 * later: waiting for every stored token to pass the head would hold the answer that long. So the events between
 * the lowest stored position and the head are read once from the event store, each segment's own picked out with
 * the processor's own filter, and each segment waits until its token covers those.
 */
@ControllerAdvice
class ProjectionFence implements ResponseBodyAdvice<Object> {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Past this many events between the lowest token and the head, every segment simply waits for the head. */
    private static final int MOST_EVENTS_READ = 5_000;

    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final ObjectProvider<EventStore> eventStore;
    private final ObjectProvider<TokenPositionRepository> tokens;
    private final ObjectProvider<EventStorageEngine> storage;

    ProjectionFence(
            ObjectProvider<EventProcessingConfiguration> processing,
            ObjectProvider<EventStore> eventStore,
            ObjectProvider<TokenPositionRepository> tokens,
            ObjectProvider<EventStorageEngine> storage) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.tokens = tokens;
        this.storage = storage;
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
        long head = headToken == null ? -1L : headToken.position().orElse(-1L);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        TokenPositionRepository stored = tokens.getIfAvailable();
        for (String name : awaits.value()) {
            config.eventProcessor(name, StreamingEventProcessor.class).ifPresent(p -> {
                if (stored == null) {
                    awaitPosition(() -> passedHere(p, head), deadline);
                    return;
                }
                // Worked out once the processor has tokens (a processor that has none yet is still starting).
                List<Map<Integer, Long>> due = new ArrayList<>(1);
                awaitPosition(
                        () -> {
                            Map<Integer, List<TrackingToken>> now = tokens(stored, name, p);
                            if (now.isEmpty()) {
                                return false;
                            }
                            if (due.isEmpty()) {
                                due.add(due(p, now, head));
                            }
                            return covered(due.get(0), now);
                        },
                        deadline);
            });
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

    /**
     * Each segment's token: the stored one, and for a segment this node processes, both (its status in memory is
     * never behind what it stored, and is ahead while it has nothing of its own to store).
     */
    private static Map<Integer, List<TrackingToken>> tokens(
            TokenPositionRepository stored, String name, StreamingEventProcessor processor) {
        Map<Integer, List<TrackingToken>> out = new HashMap<>();
        stored.tokens(name)
                .forEach((segment, token) ->
                        out.computeIfAbsent(segment, s -> new ArrayList<>()).add(token));
        processor
                .processingStatus()
                .forEach((segment, status) ->
                        out.computeIfAbsent(segment, s -> new ArrayList<>()).add(status.getTrackingToken()));
        return out;
    }

    /**
     * Per segment, the last position up to the head that it must have handled: that of its last own event it has not
     * covered yet (segments with none are left out). When the events cannot be read (no JDBC event store, a segment
     * that has never stored a token, too many events), every segment waits for the head.
     */
    private Map<Integer, Long> due(
            StreamingEventProcessor processor, Map<Integer, List<TrackingToken>> now, long head) {
        Map<Integer, Long> everyone = new HashMap<>();
        now.keySet().forEach(segment -> everyone.put(segment, head));
        EventStorageEngine engine = storage.getIfAvailable();
        if (engine == null || !(processor instanceof AbstractEventProcessor filtered)) {
            return everyone;
        }
        long from = Long.MAX_VALUE;
        for (List<TrackingToken> segment : now.values()) {
            from = Math.min(
                    from,
                    segment.stream()
                            .mapToLong(ProjectionFence::handledThrough)
                            .max()
                            .orElse(-1L));
        }
        if (from < 0) {
            return everyone;
        }
        int[] ids = now.keySet().stream().mapToInt(Integer::intValue).toArray();
        Map<Integer, Long> due = new HashMap<>();
        int read = 0;
        try (Stream<? extends TrackedEventMessage<?>> events =
                engine.readEvents(GapAwareTrackingToken.newInstance(from, Set.of()), false)) {
            for (Iterator<? extends TrackedEventMessage<?>> it = events.iterator(); it.hasNext(); ) {
                TrackedEventMessage<?> event = it.next();
                long position = event.trackingToken().position().orElse(Long.MAX_VALUE);
                if (position > head) {
                    break;
                }
                if (++read > MOST_EVENTS_READ) {
                    return everyone;
                }
                for (int id : ids) {
                    if (!covers(now.get(id), position)
                            && filtered.eventHandlerInvoker().canHandle(event, Segment.computeSegment(id, ids))) {
                        due.put(id, position);
                    }
                }
            }
        }
        return due;
    }

    /** The position below which a token has handled everything (gaps included): where reading must start. */
    private static long handledThrough(TrackingToken token) {
        if (token == null) {
            return -1L;
        }
        Optional<GapAwareTrackingToken> gapAware = WrappedToken.unwrap(token, GapAwareTrackingToken.class);
        if (gapAware.isPresent() && !gapAware.get().getGaps().isEmpty()) {
            return gapAware.get().getGaps().first() - 1;
        }
        return token.position().orElse(-1L);
    }

    private static boolean covers(List<TrackingToken> tokens, long position) {
        return tokens != null && tokens.stream().anyMatch(t -> covers(t, position));
    }

    /** The token has handled the event at this position: passed it, and it is not one of its gaps. */
    private static boolean covers(TrackingToken token, long position) {
        if (token == null) {
            return false;
        }
        Optional<GapAwareTrackingToken> gapAware = WrappedToken.unwrap(token, GapAwareTrackingToken.class);
        if (gapAware.isPresent()) {
            return position <= gapAware.get().getIndex()
                    && !gapAware.get().getGaps().contains(position);
        }
        return token.position().orElse(-1L) >= position;
    }

    /** Every segment with an event due has handled it; a segment gone since (split or merged) holds nobody up. */
    private static boolean covered(Map<Integer, Long> due, Map<Integer, List<TrackingToken>> now) {
        for (Map.Entry<Integer, Long> segment : due.entrySet()) {
            List<TrackingToken> tokens = now.get(segment.getKey());
            if (tokens != null && !covers(tokens, segment.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Every segment this node processes is at or past the head; a node with none of them has nothing to wait for. */
    private static boolean passedHere(StreamingEventProcessor processor, long head) {
        for (EventTrackerStatus status : processor.processingStatus().values()) {
            if (status.getCurrentPosition().orElse(-1L) < head) {
                return false;
            }
        }
        return true;
    }
}
