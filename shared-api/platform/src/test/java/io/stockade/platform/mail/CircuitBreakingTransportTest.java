package io.stockade.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Five failures in a row open the circuit for a minute; then one message tests the service. */
class CircuitBreakingTransportTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T08:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    };
    private final AtomicInteger calls = new AtomicInteger();
    private boolean failing = true;
    private final MailTransport service = new MailTransport() {
        @Override
        public String send(OutgoingMail mail) throws Exception {
            calls.incrementAndGet();
            if (failing) {
                throw new IOException("503");
            }
            return "ok";
        }

        @Override
        public String name() {
            return "stub";
        }
    };
    private final MailTransport.OutgoingMail mail =
            new MailTransport.OutgoingMail("m", "f@x.test", "t@x.test", "s", "t", null);

    @Test
    void shouldOpenAfterFiveFailuresAndProbeOnceAMinuteLater() throws Exception {
        CircuitBreakingTransport breaker = new CircuitBreakingTransport(service, 5, Duration.ofMinutes(1), clock);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> breaker.send(mail)).isInstanceOf(IOException.class);
        }
        assertThat(breaker.open()).isTrue();
        assertThatThrownBy(() -> breaker.send(mail)).isInstanceOf(CircuitBreakingTransport.CircuitOpenException.class);
        assertThat(calls.get()).as("not called while open").isEqualTo(5);

        now.set(now.get().plusSeconds(61));
        assertThatThrownBy(() -> breaker.send(mail)).as("the probe fails").isInstanceOf(IOException.class);
        assertThat(breaker.open()).as("open again at once").isTrue();

        now.set(now.get().plusSeconds(61));
        failing = false;
        assertThat(breaker.send(mail)).isEqualTo("ok");
        assertThat(breaker.open()).isFalse();
        assertThat(calls.get()).isEqualTo(7);
    }

    @Test
    void shouldStayClosedWhileFailuresAreNotInARow() throws Exception {
        CircuitBreakingTransport breaker = new CircuitBreakingTransport(service, 5, Duration.ofMinutes(1), clock);
        for (int round = 0; round < 3; round++) {
            failing = true;
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> breaker.send(mail)).isInstanceOf(IOException.class);
            }
            failing = false;
            breaker.send(mail);
        }
        assertThat(breaker.open()).isFalse();
    }
}
