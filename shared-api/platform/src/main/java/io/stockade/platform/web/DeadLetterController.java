package io.stockade.platform.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockade.api.common.TenantId;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Events a projection could not handle are parked in Axon's dead-letter queue (the others go on).
 * Admins list their organisation's parked events and retry them once the cause is fixed; every
 * processor's queue size is a gauge ({@code stockade_deadletters{group}}).
 */
@RestController
public class DeadLetterController {
    private static final int MAX_LISTED = 500;
    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final ObjectProvider<MeterRegistry> meters;

    public DeadLetterController(
            ObjectProvider<EventProcessingConfiguration> processing, ObjectProvider<MeterRegistry> meters) {
        this.processing = processing;
        this.meters = meters;
    }

    @EventListener(ContextRefreshedEvent.class)
    void registerGauges() {
        MeterRegistry registry = meters.getIfAvailable();
        EventProcessingConfiguration config = processing.getIfAvailable();
        if (registry == null || config == null) {
            return;
        }
        config.eventProcessors()
                .keySet()
                .forEach(group -> config.deadLetterQueue(group)
                        .ifPresent(q -> Gauge.builder("stockade.deadletters", q, SequencedDeadLetterQueue::size)
                                .tag("group", group)
                                .description("Events parked because a handler failed on them")
                                .register(registry)));
    }

    @GetMapping(path = "/api/admin/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    Map<String, Object> list(CurrentUser admin) {
        List<Map<String, Object>> out = new ArrayList<>();
        EventProcessingConfiguration config = processing.getIfAvailable();
        if (config != null) {
            for (String group : config.eventProcessors().keySet()) {
                Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue = config.deadLetterQueue(group);
                if (queue.isEmpty()) {
                    continue;
                }
                for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence :
                        queue.get().deadLetters()) {
                    boolean first = true;
                    for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                        if (out.size() < MAX_LISTED && ownedBy(letter, admin.tenantId())) {
                            out.add(json(group, letter, first));
                        }
                        first = false;
                    }
                }
            }
        }
        return Map.of("deadLetters", out, "total", out.size());
    }

    /**
     * Handles the parked event again. Axon retries a sequence from its first letter, so only that one
     * can be retried; the answer says whether it went through this time.
     */
    @PostMapping(path = "/api/admin/dead-letters/{id}/retry", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    Map<String, Object> retry(@PathVariable String id, CurrentUser admin) {
        EventProcessingConfiguration config = processing.getIfAvailable();
        if (config == null) {
            throw ProblemException.notFound("Dead letter");
        }
        for (String group : config.eventProcessors().keySet()) {
            Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue = config.deadLetterQueue(group);
            if (queue.isEmpty()) {
                continue;
            }
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence :
                    queue.get().deadLetters()) {
                boolean first = true;
                for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                    if (id.equals(identifier(letter)) && ownedBy(letter, admin.tenantId())) {
                        if (!first) {
                            throw new ProblemException(
                                    HttpStatus.CONFLICT,
                                    "not-first-in-sequence",
                                    "Conflict",
                                    "Events of one sequence are retried in order: retry the first one of this sequence",
                                    List.of());
                        }
                        SequencedDeadLetterProcessor<EventMessage<?>> processor = config.sequencedDeadLetterProcessor(
                                        group)
                                .orElseThrow(() -> ProblemException.notFound("Dead letter"));
                        boolean processed = processor.process(l -> id.equals(identifier(l)));
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("processed", processed);
                        body.put(
                                "message",
                                processed
                                        ? "Handled: the event left the dead-letter queue"
                                        : "Failed again: the event stays parked with the new cause");
                        return body;
                    }
                    first = false;
                }
            }
        }
        throw ProblemException.notFound("Dead letter");
    }

    private static Map<String, Object> json(String group, DeadLetter<? extends EventMessage<?>> letter, boolean first) {
        EventMessage<?> m = letter.message();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", identifier(letter));
        j.put("processingGroup", group);
        j.put("sequence", letter instanceof JdbcDeadLetter<?> jdbc ? jdbc.getSequenceIdentifier() : null);
        j.put("firstInSequence", first);
        j.put("eventId", m.getIdentifier());
        j.put("eventType", m.getPayloadType().getSimpleName());
        j.put("occurredAt", m.getTimestamp());
        j.put("enqueuedAt", letter.enqueuedAt());
        j.put("lastTouched", letter.lastTouched());
        letter.cause().ifPresent(c -> {
            String message = c.message() == null
                    ? null
                    : c.message().length() > 300 ? c.message().substring(0, 300) : c.message();
            j.put("cause", Map.of("type", c.type(), "message", message == null ? "" : message));
        });
        return j;
    }

    private static String identifier(DeadLetter<?> letter) {
        return letter instanceof JdbcDeadLetter<?> jdbc
                ? jdbc.getIdentifier()
                : letter.message().getIdentifier();
    }

    /** Every event of the contract names its organisation in a {@code tenantId} component. */
    static boolean ownedBy(DeadLetter<? extends EventMessage<?>> letter, TenantId tenant) {
        Object payload;
        try {
            payload = letter.message().getPayload();
        } catch (RuntimeException unreadable) {
            return false;
        }
        if (payload == null || !payload.getClass().isRecord()) {
            return false;
        }
        for (RecordComponent c : payload.getClass().getRecordComponents()) {
            if (c.getName().equals("tenantId")) {
                try {
                    return tenant.equals(c.getAccessor().invoke(payload));
                } catch (ReflectiveOperationException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
