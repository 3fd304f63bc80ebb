package io.stockade.platform.mail;

import io.stockade.api.common.TenantId;
import io.stockade.platform.jooq.tables.records.EmailOutboxRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The one way to send e-mail: {@link #enqueue} stores the message (in the caller's transaction, if
 * any) and the relay sends it. Text may hold {@value #SECRET} where a secret belongs (a reset link);
 * the secret is stored apart, filled in only when sending, and never shown in the outbox view.
 */
@Component
public class Outbox {
    public static final String SECRET = "{{secret}}";
    private final OutboxRepository repository;
    private final Clock clock;
    private final MailTransport transport;

    Outbox(OutboxRepository repository, Clock clock, MailTransport transport) {
        this.repository = repository;
        this.clock = clock;
        this.transport = transport;
    }

    /** A message of the outbox as the person it went to may see it (never its secret). */
    public record SentMail(
            UUID messageId,
            String kind,
            String to,
            String subject,
            String text,
            String status,
            Instant createdAt,
            Instant sentAt) {}

    /** Every message of the organisation addressed to one of {@code addresses} (compared case-insensitively). */
    public List<SentMail> sentTo(TenantId tenant, Collection<String> addresses) {
        return repository.to(tenant.value(), lower(addresses)).stream()
                .map(r -> new SentMail(
                        r.getMessageId(),
                        r.getKind(),
                        r.getRecipient(),
                        r.getSubject(),
                        r.getBodyText(),
                        r.getStatus(),
                        r.getCreatedAt().toInstant(),
                        r.getSentAt() == null ? null : r.getSentAt().toInstant()))
                .toList();
    }

    /**
     * Erasure: the messages to these addresses keep their row (what was sent, when) but lose recipient, subject
     * and text; unsent ones are never sent; the transport forgets its copy where it keeps one (the mail drop).
     * @return how many messages were cleared
     */
    public int forget(TenantId tenant, Collection<String> addresses, String placeholder) {
        List<String> providerIds = repository.clear(tenant.value(), lower(addresses), placeholder);
        for (String providerId : providerIds) {
            if (providerId != null) {
                transport.forget(providerId);
            }
        }
        return providerIds.size();
    }

    private static List<String> lower(Collection<String> addresses) {
        return addresses.stream()
                .map(a -> a.strip().toLowerCase(Locale.ROOT))
                .distinct()
                .toList();
    }

    public record Mail(String kind, String to, String subject, String text, String html, String secret) {
        @Override
        public String toString() {
            return "Mail[kind=" + kind + "]";
        }
    }

    public UUID enqueue(TenantId tenant, Mail mail) {
        UUID id = UUID.randomUUID();
        repository.insert(record(id, tenant, mail, null));
        return id;
    }

    /**
     * Stores the message unless one with the same key was stored before: the key names the cause (an
     * alert's event and its recipient, a day's digest and its recipient), so a handler that runs again
     * after a crash or a replay never queues a second copy. True when this call stored it.
     */
    public boolean enqueueOnce(TenantId tenant, Mail mail, String dedupeKey) {
        return repository.insertIfAbsent(record(UUID.randomUUID(), tenant, mail, dedupeKey));
    }

    private EmailOutboxRecord record(UUID id, TenantId tenant, Mail mail, String dedupeKey) {
        EmailOutboxRecord r = new EmailOutboxRecord();
        r.setMessageId(id);
        r.setTenantId(tenant.value());
        r.setKind(mail.kind());
        r.setRecipient(mail.to());
        r.setSubject(mail.subject());
        r.setBodyText(mail.text());
        r.setBodyHtml(mail.html());
        r.setSecret(mail.secret());
        r.setStatus("PENDING");
        r.setAttempts(0);
        r.setNextAttemptAt(OutboxRepository.at(clock.instant()));
        r.setCreatedAt(OutboxRepository.at(clock.instant()));
        r.setDedupeKey(dedupeKey);
        return r;
    }
}
