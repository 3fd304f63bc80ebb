package io.stockade.command.mail;

import io.stockade.command.jooq.tables.records.EmailOutboxRecord;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import io.stockade.platform.web.Paging;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    Map<String, Object> retry(@PathVariable UUID id, CurrentUser admin) {
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
            return Map.of(
                    "message",
                    json(repository.lock(admin.tenantId().value(), id).orElseThrow()));
        });
    }

    @GetMapping(path = "/api/admin/outbox", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    Map<String, Object> list(
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
        List<Map<String, Object>> messages =
                repository.page(admin.tenantId().value(), wanted, paging.page(), paging.limit()).stream()
                        .map(OutboxController::json)
                        .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messages", messages);
        body.put("total", repository.count(admin.tenantId().value(), wanted));
        body.put("page", paging.page());
        body.put("limit", paging.limit());
        return body;
    }

    static Map<String, Object> json(EmailOutboxRecord m) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", m.getMessageId().toString());
        j.put("kind", m.getKind());
        j.put("to", m.getRecipient());
        j.put("subject", m.getSubject());
        // The placeholder, never the secret: the stored text does not contain it in the first place.
        j.put("text", m.getBodyText().replace(Outbox.SECRET, MASK));
        j.put("status", m.getStatus().toLowerCase(Locale.ROOT));
        j.put("attempts", m.getAttempts());
        j.put("lastError", m.getLastError());
        j.put("createdAt", m.getCreatedAt().toInstant());
        j.put("sentAt", m.getSentAt() == null ? null : m.getSentAt().toInstant());
        j.put(
                "nextAttemptAt",
                "PENDING".equals(m.getStatus()) ? m.getNextAttemptAt().toInstant() : null);
        return j;
    }
}
