package io.stockade.command.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker around the mail service: after {@code threshold} failures in a row it stops
 * calling for {@code openFor} (the outbox keeps the messages, and their attempts are not spent),
 * then lets one message through; success closes it, failure opens it again.
 */
public class CircuitBreakingTransport implements MailTransport {
    private static final Logger log = LoggerFactory.getLogger(CircuitBreakingTransport.class);
    private final MailTransport delegate;
    private final int threshold;
    private final Duration openFor;
    private final Clock clock;
    private int failures;
    private Instant openUntil;

    public CircuitBreakingTransport(MailTransport delegate, int threshold, Duration openFor, Clock clock) {
        this.delegate = delegate;
        this.threshold = threshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    /** Thrown instead of calling the service while the circuit is open. */
    public static final class CircuitOpenException extends Exception {
        private final Instant until;

        CircuitOpenException(Instant until) {
            super("the mail service is failing; not called until " + until);
            this.until = until;
        }

        public Instant until() {
            return until;
        }
    }

    @Override
    public synchronized String send(OutgoingMail mail) throws Exception {
        Instant now = clock.instant();
        if (openUntil != null && now.isBefore(openUntil)) {
            throw new CircuitOpenException(openUntil);
        }
        try {
            String id = delegate.send(mail);
            if (openUntil != null) {
                log.info("The mail service answers again; circuit closed");
            }
            failures = 0;
            openUntil = null;
            return id;
        } catch (Exception e) {
            failures++;
            if (openUntil != null || failures >= threshold) {
                openUntil = now.plus(openFor);
                log.warn("The mail service failed {} times in a row; circuit open until {}", failures, openUntil);
            }
            throw e;
        }
    }

    public synchronized boolean open() {
        return openUntil != null && clock.instant().isBefore(openUntil);
    }

    @Override
    public String name() {
        return delegate.name();
    }
}
