package io.stockade.platform.mail;

import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockade.platform.jooq.tables.records.EmailOutboxRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends what the outbox holds: due messages are claimed with {@code FOR UPDATE SKIP LOCKED} (one
 * node sends each), a failure is retried with exponential backoff, and after
 * {@code maxAttempts} the message is dead-lettered. Errors are recorded by class name only: a
 * provider's message could quote the recipient or the text.
 */
@Component
class OutboxRelay {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration MAX_DELAY = Duration.ofHours(1);
    private final OutboxRepository repository;
    private final MailTransport transport;
    private final MailSettings settings;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final MeterRegistry meters;
    private final IntervalFunction backoff;

    OutboxRelay(
            OutboxRepository repository,
            MailTransport transport,
            MailSettings settings,
            TransactionTemplate tx,
            Clock clock,
            MeterRegistry meters) {
        this.repository = repository;
        this.transport = transport;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
        this.meters = meters;
        this.backoff = IntervalFunction.ofExponentialBackoff(settings.firstRetry(), 2.0, MAX_DELAY);
    }

    @Scheduled(fixedDelay = 2, initialDelay = 2, timeUnit = TimeUnit.SECONDS)
    void relay() {
        int sent;
        do {
            sent = tx.execute(s -> batch());
        } while (sent == 20);
    }

    /** One batch in one transaction: the row locks keep other nodes off these messages meanwhile. */
    private int batch() {
        List<EmailOutboxRecord> due = repository.claimDue(clock.instant(), 20);
        for (EmailOutboxRecord m : due) {
            String text = fill(m.getBodyText(), m.getSecret());
            String html = m.getBodyHtml() == null ? null : fill(m.getBodyHtml(), m.getSecret());
            try {
                String providerId = transport.send(new MailTransport.OutgoingMail(
                        m.getMessageId().toString(), settings.from(), m.getRecipient(), m.getSubject(), text, html));
                repository.sent(m.getMessageId(), clock.instant(), providerId);
                meters.counter("stockade.mail.sent", "kind", m.getKind()).increment();
            } catch (CircuitBreakingTransport.CircuitOpenException open) {
                // Not this message's fault: it keeps its attempts and waits for the circuit.
                repository.postpone(m.getMessageId(), open.until());
                meters.counter("stockade.mail.postponed", "kind", m.getKind()).increment();
            } catch (Exception e) {
                int attempts = m.getAttempts() + 1;
                boolean dead = attempts >= settings.maxAttempts();
                Instant next = clock.instant().plus(delay(attempts));
                String error = e.getClass().getSimpleName();
                repository.failed(m.getMessageId(), attempts, next, error, dead);
                meters.counter(dead ? "stockade.mail.dead" : "stockade.mail.retried", "kind", m.getKind())
                        .increment();
                log.warn(
                        "Sending message {} failed ({}), attempt {}{}",
                        m.getMessageId(),
                        error,
                        attempts,
                        dead ? "; dead-lettered" : "; will retry");
            }
        }
        return due.size();
    }

    /**
     * Resilience4j's backoff (the first retry delay, doubled per attempt, at most an hour). Its Retry itself
     * does not fit: it waits in the calling thread, and these retries must outlive a restart in the table.
     */
    Duration delay(int attempts) {
        return Duration.ofMillis(backoff.apply(attempts));
    }

    static String fill(String text, String secret) {
        return secret == null ? text : text.replace(Outbox.SECRET, secret);
    }
}
