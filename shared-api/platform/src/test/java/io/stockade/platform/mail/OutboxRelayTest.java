package io.stockade.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stockade.platform.jooq.tables.records.EmailOutboxRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/** The relay's decisions: fill the secret only when sending, back off exponentially, dead-letter at the limit. */
class OutboxRelayTest {
    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private final OutboxRepository repository = mock(OutboxRepository.class);
    private final List<MailTransport.OutgoingMail> sent = new ArrayList<>();
    private boolean failing;
    private final MailTransport transport = new MailTransport() {
        @Override
        public String send(OutgoingMail mail) throws Exception {
            if (failing) {
                throw new IOException("connection refused");
            }
            sent.add(mail);
            return "provider-1";
        }

        @Override
        public String name() {
            return "test";
        }
    };
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private OutboxRelay relay() {
        TransactionTemplate tx = new TransactionTemplate() {
            @Override
            public <T> T execute(TransactionCallback<T> action) {
                return action.doInTransaction(new SimpleTransactionStatus());
            }
        };
        return new OutboxRelay(
                repository,
                transport,
                new MailSettings("file", "Stockade <s@example.test>", null, null, null, 4, Duration.ofSeconds(10)),
                tx,
                Clock.fixed(NOW, ZoneOffset.UTC),
                meters);
    }

    private static EmailOutboxRecord message(int attempts) {
        EmailOutboxRecord r = new EmailOutboxRecord();
        r.setMessageId(UUID.randomUUID());
        r.setKind("password-reset");
        r.setRecipient("sam@example.test");
        r.setSubject("Reset");
        r.setBodyText("Open https://stockade.example/reset-password#token=" + Outbox.SECRET);
        r.setSecret("s3cr3t-token");
        r.setAttempts(attempts);
        r.setStatus("PENDING");
        r.setNextAttemptAt(OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC));
        return r;
    }

    @Test
    void shouldFillTheSecretOnlyInTheSentMessageAndMarkItSent() {
        EmailOutboxRecord m = message(0);
        when(repository.claimDue(any(), anyInt())).thenReturn(List.of(m));
        relay().relay();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).text()).endsWith("#token=s3cr3t-token");
        assertThat(sent.get(0).from()).isEqualTo("Stockade <s@example.test>");
        verify(repository).sent(m.getMessageId(), NOW, "provider-1");
    }

    @Test
    void shouldRetryWithExponentialBackoff() {
        failing = true;
        EmailOutboxRecord m = message(2);
        when(repository.claimDue(any(), anyInt())).thenReturn(List.of(m));
        relay().relay();
        verify(repository).failed(m.getMessageId(), 3, NOW.plusSeconds(40), "IOException", false);
        verify(repository, never()).sent(any(), any(), any());
        assertThat(meters.get("stockade.mail.retried").counter().count()).isEqualTo(1);
        assertThat(relay().delay(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(relay().delay(20)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldPostponeWithoutSpendingAnAttemptWhileTheCircuitIsOpen() {
        CircuitBreakingTransport breaker =
                new CircuitBreakingTransport(transport, 1, Duration.ofMinutes(1), Clock.fixed(NOW, ZoneOffset.UTC));
        failing = true;
        EmailOutboxRecord first = message(0);
        EmailOutboxRecord second = message(0);
        when(repository.claimDue(any(), anyInt())).thenReturn(List.of(first, second));
        TransactionTemplate tx = new TransactionTemplate() {
            @Override
            public <T> T execute(TransactionCallback<T> action) {
                return action.doInTransaction(new SimpleTransactionStatus());
            }
        };
        new OutboxRelay(
                        repository,
                        breaker,
                        new MailSettings("file", "s@example.test", null, null, null, 4, Duration.ofSeconds(10)),
                        tx,
                        Clock.fixed(NOW, ZoneOffset.UTC),
                        meters)
                .relay();
        verify(repository).failed(eq(first.getMessageId()), eq(1), any(), eq("IOException"), eq(false));
        verify(repository).postpone(second.getMessageId(), NOW.plusSeconds(60));
        verify(repository, never()).failed(eq(second.getMessageId()), anyInt(), any(), any(), eq(false));
    }

    @Test
    void shouldDeadLetterAfterTheLastAttempt() {
        failing = true;
        EmailOutboxRecord m = message(3);
        when(repository.claimDue(any(), anyInt())).thenReturn(List.of(m));
        relay().relay();
        verify(repository).failed(eq(m.getMessageId()), eq(4), any(), eq("IOException"), eq(true));
        assertThat(meters.get("stockade.mail.dead").counter().count()).isEqualTo(1);
    }
}
