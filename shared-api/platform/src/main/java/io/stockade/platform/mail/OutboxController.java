package io.stockade.platform.mail;

import io.stockade.api.common.Nullable;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.jooq.tables.records.EmailOutboxRecord;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import io.stockade.platform.web.Paging;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/admin/outbox}: the organisation's e-mails, sent or waiting. Secrets are never shown. */
@RestController
class OutboxController {
    static final String MASK = "[hidden]";

    /** One message as an Admin sees it: the text with its secret's place masked, never the secret. */
    record OutboxMessageView(
            String id,
            String kind,
            String to,
            String subject,
            String text,
            String status,
            int attempts,
            @Nullable String lastError,
            Instant createdAt,
            @Nullable Instant sentAt,
            @Nullable Instant nextAttemptAt) {}

    record OutboxPage(List<OutboxMessageView> messages, int total, int page, int limit) {}

    record RetriedMessage(OutboxMessageView message) {}

    private final OutboxRepository repository;
    private final TransactionTemplate tx;
    private final Clock clock;

    OutboxController(OutboxRepository repository, TransactionTemplate tx, Clock clock) {
        this.repository = repository;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * {@code POST /api/admin/outbox/{id}/retry}: a dead message goes back into the queue. A message
     * whose one-time link was dropped when it died cannot be sent again: the person asks for a new one.
     */
    @PostMapping(path = "/api/admin/outbox/{id}/retry", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    RetriedMessage retry(@PathVariable UUID id, CurrentUser admin) {
        return tx.execute(s -> {
            EmailOutboxRecord m = repository
                    .lock(admin.tenantId().value(), id)
                    .orElseThrow(() -> ProblemException.notFound("Message"));
            if (!"DEAD".equals(m.getStatus())) {
                throw new ProblemException(
                        HttpStatus.CONFLICT,
                        "not-dead-lettered",
                        "Conflict",
                        "Only a dead-lettered message can be retried; this one is "
                                + m.getStatus().toLowerCase(Locale.ROOT),
                        List.of());
            }
            if (m.getBodyText().contains(Outbox.SECRET) && m.getSecret() == null) {
                throw new ProblemException(
                        HttpStatus.CONFLICT,
                        "secret-expired",
                        "Conflict",
                        "This message carried a one-time link that was discarded; the person must ask for a new one",
                        List.of());
            }
            repository.revive(id, clock.instant());
            return new RetriedMessage(
                    view(repository.lock(admin.tenantId().value(), id).orElseThrow()));
        });
    }

    @GetMapping(path = "/api/admin/outbox", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    OutboxPage list(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String page,
            @RequestParam(required = false) String limit,
            CurrentUser admin) {
        Paging paging = Paging.of(page, limit);
        String wanted = null;
        if (status != null && !status.isBlank()) {
            wanted = status.strip().toUpperCase(Locale.ROOT);
            if (!List.of("PENDING", "SENT", "DEAD").contains(wanted)) {
                throw ProblemException.validation("status", "status must be pending, sent or dead");
            }
        }
        List<OutboxMessageView> messages =
                repository.page(admin.tenantId().value(), wanted, paging.page(), paging.limit()).stream()
                        .map(OutboxController::view)
                        .toList();
        return new OutboxPage(
                messages, repository.count(admin.tenantId().value(), wanted), paging.page(), paging.limit());
    }

    static OutboxMessageView view(EmailOutboxRecord m) {
        return new OutboxMessageView(
                m.getMessageId().toString(),
                m.getKind(),
                m.getRecipient(),
                m.getSubject(),
                // The placeholder, never the secret: the stored text does not contain it in the first place.
                m.getBodyText().replace(Outbox.SECRET, MASK),
                m.getStatus().toLowerCase(Locale.ROOT),
                m.getAttempts(),
                m.getLastError(),
                m.getCreatedAt().toInstant(),
                m.getSentAt() == null ? null : m.getSentAt().toInstant(),
                "PENDING".equals(m.getStatus()) ? m.getNextAttemptAt().toInstant() : null);
    }
}
