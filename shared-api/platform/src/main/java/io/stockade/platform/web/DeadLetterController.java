package io.stockade.platform.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockade.api.common.Nullable;
import io.stockade.api.common.TenantId;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    DeadLetterList list(CurrentUser admin) {
        List<DeadLetterView> out = new ArrayList<>();
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
        return new DeadLetterList(out, out.size());
    }

    /**
     * Handles the parked event again. Axon retries a sequence from its first letter, so only that one
     * can be retried; the answer says whether it went through this time.
     */
    @PostMapping(path = "/api/admin/dead-letters/{id}/retry", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    RetryAnswer retry(@PathVariable String id, CurrentUser admin) {
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
                        return new RetryAnswer(
                                processed,
                                processed
                                        ? "Handled: the event left the dead-letter queue"
                                        : "Failed again: the event stays parked with the new cause");
                    }
                    first = false;
                }
            }
        }
        throw ProblemException.notFound("Dead letter");
    }

    record DeadLetterList(List<DeadLetterView> deadLetters, int total) {}

    /** One parked event; {@code cause} is left out when Axon recorded none. */
    record DeadLetterView(
            String id,
            String processingGroup,
            @Nullable String sequence,
            boolean firstInSequence,
            String eventId,
            String eventType,
            Instant occurredAt,
            Instant enqueuedAt,
            Instant lastTouched,
            @JsonInclude(JsonInclude.Include.NON_NULL) Cause cause) {}

    record Cause(String type, String message) {}

    record RetryAnswer(boolean processed, String message) {}

    private static DeadLetterView json(String group, DeadLetter<? extends EventMessage<?>> letter, boolean first) {
        EventMessage<?> m = letter.message();
        Cause cause = letter.cause()
                .map(c -> {
                    String message = c.message() == null
                            ? ""
                            : c.message().length() > 300 ? c.message().substring(0, 300) : c.message();
                    return new Cause(c.type(), message);
                })
                .orElse(null);
        return new DeadLetterView(
                identifier(letter),
                group,
                letter instanceof JdbcDeadLetter<?> jdbc ? jdbc.getSequenceIdentifier() : null,
                first,
                m.getIdentifier(),
                m.getPayloadType().getSimpleName(),
                m.getTimestamp(),
                letter.enqueuedAt(),
                letter.lastTouched(),
                cause);
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
