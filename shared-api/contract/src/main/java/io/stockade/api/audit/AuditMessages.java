package io.stockade.api.audit;

import io.stockade.api.common.MessageType;
import io.stockade.api.common.Nullable;
import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.serialization.Revision;

/** Messages of the audit trail itself, beyond the events of the aggregates. */
public final class AuditMessages {
    private AuditMessages() {}

    /**
     * A write refused to a signed-in caller (by validation, a rule or a missing role). Published with no aggregate:
     * it is stored in the event store (so the organisation's verifiable log seals it) and never joins the stream
     * of the item or person it was about. Who, from where and the correlation id travel in the metadata, like
     * every event's.
     *
     * @param operation      the operation asked for (the API's operationId, or method and path where none matched)
     * @param targetId       the id in the path (the item or person the write was about), if any
     * @param fields         the request's fields that are neither secret nor personal, as their JSON text
     * @param personalFields the request's personal fields (reasons, usernames, e-mails), sealed under the caller's key
     * @param withheldFields names of fields never recorded, only named: passwords, tokens, codes, secrets
     * @param problemType    the problem type of the refusal ({@code validation}, {@code forbidden}, …)
     * @param detail         the refusal's message (it may repeat what the caller typed): sealed under the caller's key
     */
    @MessageType("stockade.audit.CommandRefused")
    @Revision("1")
    public record CommandRefusedEvent(
            TenantId tenantId,
            UserId userId,
            String operation,
            String method,
            String path,
            @Nullable String targetId,
            Map<String, String> fields,
            Map<String, PersonalValue> personalFields,
            List<String> withheldFields,
            int status,
            String problemType,
            PersonalValue detail,
            List<RefusedField> errors) {
        public CommandRefusedEvent {
            // Sorted, so the stored bytes do not depend on a map's iteration order.
            fields = fields == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(fields));
            personalFields = personalFields == null
                    ? Map.of()
                    : Collections.unmodifiableSortedMap(new TreeMap<>(personalFields));
            withheldFields = withheldFields == null ? List.of() : List.copyOf(withheldFields);
            errors = errors == null ? List.of() : List.copyOf(errors);
        }
    }

    /** A field error of a refusal; its message is sealed under the caller's key, like the detail. */
    public record RefusedField(String field, PersonalValue message) {}
}
