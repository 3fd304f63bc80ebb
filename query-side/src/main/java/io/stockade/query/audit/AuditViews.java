package io.stockade.query.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.stockade.api.common.Nullable;
import io.stockade.api.inventory.InventoryQueries.TransactionView;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** The answers of the audit API. */
final class AuditViews {
    private AuditViews() {}

    @Schema(
            description = "Who did it, from where, within which request, and why. Personal values read "
                    + "[erased] once that person is erased.")
    record EventMetadata(
            @Nullable @Schema(format = "uuid") String userId,

            @Nullable String username,
            @Nullable String role,

            @Nullable @Schema(description = "Sealed personal value, shown in clear or [erased]")
            String clientIp,

            @Nullable @Schema(description = "Sealed personal value, shown in clear or [erased]")
            String userAgent,

            @Nullable String requestId,
            @Nullable String correlationId,

            @Nullable @Schema(description = "Why, as recorded (a movement's reason)")
            String reason) {}

    @Schema(description = "One stored event")
    record AuditEvent(
            @Schema(description = "The event store's global position")
            long position,

            @Schema(description = "item, user, category or none")
            String aggregateType,

            String aggregateId,
            long sequence,

            @Schema(description = "The event's name, e.g. StockAdjusted")
            String type,

            @Schema(description = "accepted (stored) or rejected (a refused command)")
            String outcome,

            Instant recordedAt,

            @Nullable
            @Schema(
                    format = "date-time",
                    description = "When a stock movement took effect (may be back-dated); null for other events")
            Instant effectiveAt,

            @Schema(type = "object", description = "The event as stored, decoded; personal values in clear or [erased]")
            JsonNode payload,

            EventMetadata metadata,

            @Nullable
            @Schema(
                    description = "The event's leaf hash (RFC 9162, base64 of 32 bytes) in the organisation's"
                            + " verifiable log; null until the event has been sealed")
            String leafHash) {}

    record AuditEventPage(
            List<AuditEvent> events,

            @Nullable @Schema(description = "Cursor for the next page (after=); null at the end")
            String next) {}

    @Schema(
            description = "One event in an item's life, with the stock before and after it; a stock movement also "
                    + "carries its ledger line (movement, as /api/inventory/{id}/history lists it, names as they "
                    + "were then), absent for other events")
    record TimelineLine(
            long position,
            long sequence,
            String type,
            Instant recordedAt,

            @Nullable @Schema(format = "date-time") Instant effectiveAt,

            int stockBefore,
            int stockAfter,
            EventMetadata metadata,

            @JsonInclude(JsonInclude.Include.NON_NULL) TransactionView movement,

            @Schema(type = "object") JsonNode payload) {}

    record ItemTimeline(
            String itemId,
            List<TimelineLine> lines,

            @Nullable @Schema(description = "Cursor for the next page (after=); null at the end")
            String next) {}

    @Schema(description = "One read of the audit API")
    record AccessLogEntry(
            long id,
            Instant readAt,
            String userId,

            @Nullable @Schema(description = "[erased] once that person is erased")
            String username,

            String role,

            @Schema(description = "The method and path template read, e.g. GET /api/audit/events")
            String endpoint,

            @Schema(type = "object", description = "The validated filter, range or item id of the read")
            JsonNode parameters,

            @Nullable @Schema(description = "Sealed personal value, shown in clear or [erased]")
            String clientIp,

            @Nullable @Schema(description = "Sealed personal value, shown in clear or [erased]")
            String userAgent,

            @Nullable String requestId) {}

    record AccessLogPage(
            List<AccessLogEntry> entries,

            @Nullable @Schema(description = "Cursor for the next page (after=); null at the end")
            String next) {}
}
