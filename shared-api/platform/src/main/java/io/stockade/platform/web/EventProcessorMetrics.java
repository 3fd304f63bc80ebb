package io.stockade.platform.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * The processors' state as metrics, for the alert rules in {@code ops/prometheus}: per processor (a bounded set
 * of names) its lag behind the event store's head, its dead letters and whether it replays. Read from the same
 * view as {@code /actuator/processors}, at most once per {@link #FRESH} however many gauges a scrape reads.
 */
public class EventProcessorMetrics {
    static final Duration FRESH = Duration.ofSeconds(5);

    private final ProcessorsEndpoint processors;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Set<String> registered = new HashSet<>();
    private Map<String, ProcessorsEndpoint.ProcessorStatus> last = Map.of();
    private Instant readAt = Instant.MIN;

    public EventProcessorMetrics(ProcessorsEndpoint processors, MeterRegistry meters, Clock clock) {
        this.processors = processors;
        this.meters = meters;
        this.clock = clock;
    }

    /** Once the processors exist (and again whenever a scrape finds a new one in the token store). */
    @EventListener(ApplicationReadyEvent.class)
    public void register() {
        snapshot().keySet().forEach(this::register);
    }

    private synchronized void register(String name) {
        if (!registered.add(name)) {
            return;
        }
        gauge(
                "stockade.processor.lag",
                name,
                "Events this processor is behind the event store's head",
                s -> s.lag() == null ? Double.NaN : s.lag());
        gauge(
                "stockade.processor.dead.letters",
                name,
                "Events parked in this processor's dead-letter queue",
                s -> s.deadLetters() == null ? 0 : s.deadLetters());
        gauge(
                "stockade.processor.replaying",
                name,
                "1 while this processor replays",
                s -> Boolean.TRUE.equals(s.replaying()) ? 1 : 0);
        gauge(
                "stockade.processor.running",
                name,
                "1 while this node runs this processor without error",
                s -> s.running() == null
                        ? Double.NaN
                        : Boolean.TRUE.equals(s.running()) && !Boolean.TRUE.equals(s.error()) ? 1 : 0);
    }

    private void gauge(
            String metric,
            String processor,
            String description,
            ToDoubleFunction<ProcessorsEndpoint.ProcessorStatus> value) {
        Gauge.builder(metric, this, m -> {
                    ProcessorsEndpoint.ProcessorStatus s = m.snapshot().get(processor);
                    return s == null ? Double.NaN : value.applyAsDouble(s);
                })
                .tag("processor", processor)
                .description(description)
                .register(meters);
    }

    synchronized Map<String, ProcessorsEndpoint.ProcessorStatus> snapshot() {
        Instant now = clock.instant();
        if (readAt.plus(FRESH).isBefore(now)) {
            last = processors.processors().processors().stream()
                    .collect(Collectors.toMap(ProcessorsEndpoint.ProcessorStatus::name, s -> s, (a, b) -> a));
            readAt = now;
            last.keySet().stream().filter(n -> !registered.contains(n)).forEach(this::register);
        }
        return last;
    }
}
