package io.stockade.platform.mail;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resilience4j's circuit breaker around the mail service: after {@code threshold} failures in a row it stops
 * calling for {@code openFor} (the outbox keeps the messages, and their attempts are not spent), then lets
 * one message through; success closes it, failure opens it again.
 *
 * <p>"In a row" is a count window of {@code threshold} calls that must all fail (a 100% failure rate): one
 * success among them keeps it closed. The outbox postpones a message to when the circuit will let the next
 * one through, which Resilience4j does not expose, so that instant is noted when the circuit opens.
 */
public class CircuitBreakingTransport implements MailTransport {
    private static final Logger log = LoggerFactory.getLogger(CircuitBreakingTransport.class);
    private final MailTransport delegate;
    private final CircuitBreaker breaker;
    private final Clock clock;
    private volatile Instant openUntil;

    public CircuitBreakingTransport(MailTransport delegate, int threshold, Duration openFor, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
        this.breaker = CircuitBreaker.of(
                "mail",
                CircuitBreakerConfig.custom()
                        .slidingWindow(threshold, threshold, SlidingWindowType.COUNT_BASED)
                        .failureRateThreshold(100)
                        .waitDurationInOpenState(openFor)
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .clock(clock)
                        .build());
        breaker.getEventPublisher().onStateTransition(event -> {
            State to = event.getStateTransition().getToState();
            if (to == State.OPEN) {
                openUntil = clock.instant().plus(openFor);
                log.warn("The mail service keeps failing; circuit open until {}", openUntil);
            } else if (to == State.CLOSED) {
                openUntil = null;
                log.info("The mail service answers again; circuit closed");
            }
        });
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
    public void forget(String providerId) {
        delegate.forget(providerId);
    }

    @Override
    public String send(OutgoingMail mail) throws Exception {
        if (!breaker.tryAcquirePermission()) {
            Instant until = openUntil;
            // Half open with the one trial message still out: the next relay round asks again.
            throw new CircuitOpenException(until == null ? clock.instant() : until);
        }
        long start = breaker.getCurrentTimestamp();
        try {
            String id = delegate.send(mail);
            breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
            return id;
        } catch (Exception e) {
            breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
            throw e;
        } catch (Error e) {
            breaker.releasePermission();
            throw e;
        }
    }

    /** Open while the service is not called; false again once the wait is over and a message may try it. */
    public boolean open() {
        Instant until = openUntil;
        return breaker.getState() == State.OPEN
                && until != null
                && clock.instant().isBefore(until);
    }

    @Override
    public String name() {
        return delegate.name();
    }
}
