package io.stockade.query.audit;

import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.errors.ProblemException.FieldError;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import io.stockade.platform.web.RequestIds;
import io.stockade.query.audit.AuditViews.AccessLogPage;
import io.stockade.query.audit.AuditViews.AuditEventPage;
import io.stockade.query.audit.AuditViews.ItemTimeline;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit history for compliance officers (issue 14 §1): the organisation's events, an item's timeline and
 * the log of who read them. Admin and Auditor only; every read is recorded before it is answered.
 */
@RestController
@RequestMapping(path = "/api/audit", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize(Roles.ADMIN_OR_AUDITOR)
class AuditController {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    private static final Pattern AGGREGATE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,79}");
    private static final Pattern CORRELATION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final int MAX_TYPES = 20;
    private static final Set<String> OUTCOMES = Set.of("accepted", "rejected");

    private final AuditHistory history;

    AuditController(AuditHistory history) {
        this.history = history;
    }

    @Operation(
            summary = "The organisation's stored events, filtered, in keyset pages",
            description = "Filters combine with AND. Pages are read by position: pass the previous answer's next "
                    + "as after, with the same order, until next is null. Admin and Auditor; the read is recorded "
                    + "in the access log.")
    @GetMapping("/events")
    AuditEventPage events(
            @Parameter(schema = @Schema(allowableValues = {"item", "user", "category", "none"}))
                    @RequestParam(required = false)
                    String aggregateType,
            @Parameter(
                            description = "The aggregate's id (an item's, a person's, a category's)",
                            schema = @Schema(maxLength = 64))
                    @RequestParam(required = false)
                    String aggregateId,
            @Parameter(description = "Comma-separated event names, e.g. StockAdjusted,ItemCreated (at most 20)")
                    @RequestParam(required = false)
                    String type,
            @Parameter(schema = @Schema(format = "uuid")) @RequestParam(required = false) String userId,
            @Parameter(description = "Recorded at or after (ISO-8601 instant)", schema = @Schema(format = "date-time"))
                    @RequestParam(required = false)
                    String from,
            @Parameter(description = "Recorded before (ISO-8601 instant)", schema = @Schema(format = "date-time"))
                    @RequestParam(required = false)
                    String to,
            @Parameter(schema = @Schema(maxLength = 64)) @RequestParam(required = false) String correlationId,
            @Parameter(schema = @Schema(allowableValues = {"accepted", "rejected"})) @RequestParam(required = false)
                    String outcome,
            @LimitParameter @RequestParam(required = false) String limit,
            @AfterParameter @RequestParam(required = false) String after,
            @OrderParameter @RequestParam(required = false) String order,
            CurrentUser user,
            HttpServletRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> recorded = new LinkedHashMap<>();
        String kind = oneOf(errors, "aggregateType", aggregateType, AuditedEvents.aggregateTypes());
        String aggregate =
                matching(errors, "aggregateId", aggregateId, AGGREGATE_ID, "at most 64 letters, digits or ._:-");
        List<String> types = types(errors, type);
        UUID who = uuid(errors, "userId", userId);
        Instant start = instant(errors, "from", from);
        Instant end = instant(errors, "to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            errors.add(new FieldError("to", "to must be after from"));
        }
        String correlation =
                matching(errors, "correlationId", correlationId, CORRELATION_ID, "at most 64 letters, digits or ._:-");
        String result = oneOf(errors, "outcome", outcome, OUTCOMES);
        int size = limit(errors, limit);
        boolean descending = descending(errors, order);
        Long position = cursor(errors, after, descending);
        refuse(errors);
        put(recorded, "aggregateType", kind);
        put(recorded, "aggregateId", aggregate);
        put(recorded, "type", types.isEmpty() ? null : types);
        put(recorded, "userId", who);
        put(recorded, "from", start);
        put(recorded, "to", end);
        put(recorded, "correlationId", correlation);
        put(recorded, "outcome", result);
        put(recorded, "after", position);
        recorded.put("order", descending ? "desc" : "asc");
        recorded.put("limit", size);
        record(user, request, "GET /api/audit/events", recorded);
        return history.events(
                user.tenantId(),
                new AuditIndexRepository.Filter(
                        user.tenantId().value(),
                        kind,
                        aggregate,
                        types,
                        who,
                        start,
                        end,
                        correlation,
                        result,
                        position,
                        descending,
                        size));
    }

    @Operation(
            summary = "An item's whole life, oldest first, in keyset pages",
            description = "Every event of the item with the stock before and after it, both times, who and why; "
                    + "a stock movement carries its ledger line. Admin and Auditor; the read is recorded in the "
                    + "access log.")
    @GetMapping("/items/{id}/timeline")
    ItemTimeline timeline(
            @PathVariable UUID id,
            @LimitParameter @RequestParam(required = false) String limit,
            @AfterParameter @RequestParam(required = false) String after,
            CurrentUser user,
            HttpServletRequest request) {
        List<FieldError> errors = new ArrayList<>();
        int size = limit(errors, limit);
        Long position = cursor(errors, after, false);
        refuse(errors);
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("itemId", id.toString());
        put(recorded, "after", position);
        recorded.put("limit", size);
        record(user, request, "GET /api/audit/items/{id}/timeline", recorded);
        return history.timeline(user.tenantId(), id, position, size)
                .orElseThrow(() -> ProblemException.notFound("Item"));
    }

    @Operation(
            summary = "Every read of the audit API (this list included), in keyset pages",
            description = "Who read, with which role, which endpoint with which filter, range or item, when and from "
                    + "where. Admin and Auditor; this read is recorded too.")
    @GetMapping("/access-log")
    AccessLogPage accessLog(
            @LimitParameter @RequestParam(required = false) String limit,
            @AfterParameter @RequestParam(required = false) String after,
            @OrderParameter @RequestParam(required = false) String order,
            CurrentUser user,
            HttpServletRequest request) {
        List<FieldError> errors = new ArrayList<>();
        int size = limit(errors, limit);
        boolean descending = descending(errors, order);
        Long position = cursor(errors, after, descending);
        refuse(errors);
        Map<String, Object> recorded = new LinkedHashMap<>();
        put(recorded, "after", position);
        recorded.put("order", descending ? "desc" : "asc");
        recorded.put("limit", size);
        record(user, request, "GET /api/audit/access-log", recorded);
        return history.accessLog(user.tenantId(), position, descending, size);
    }

    private void record(CurrentUser user, HttpServletRequest request, String endpoint, Map<String, Object> parameters) {
        Object requestId = request.getAttribute(RequestIds.ATTRIBUTE);
        history.recordRead(
                user,
                endpoint,
                parameters,
                request.getRemoteAddr(),
                request.getHeader("User-Agent"),
                requestId == null ? null : requestId.toString());
    }

    private static void refuse(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value instanceof List<?> ? value : value.toString());
        }
    }

    private static boolean blank(String raw) {
        return raw == null || raw.isBlank();
    }

    private static String oneOf(List<FieldError> errors, String field, String raw, Set<String> allowed) {
        if (blank(raw)) {
            return null;
        }
        String value = raw.strip();
        if (!allowed.contains(value)) {
            errors.add(new FieldError(field, field + " must be one of " + String.join(", ", new TreeSet<>(allowed))));
            return null;
        }
        return value;
    }

    private static String matching(List<FieldError> errors, String field, String raw, Pattern pattern, String rule) {
        if (blank(raw)) {
            return null;
        }
        String value = raw.strip();
        if (!pattern.matcher(value).matches()) {
            errors.add(new FieldError(field, field + " must be " + rule));
            return null;
        }
        return value;
    }

    private static List<String> types(List<FieldError> errors, String raw) {
        if (blank(raw)) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String part : raw.split(",", -1)) {
            String name = part.strip();
            if (!EVENT_NAME.matcher(name).matches()) {
                errors.add(new FieldError("type", "type must be event names separated by commas, e.g. StockAdjusted"));
                return List.of();
            }
            names.add(name);
        }
        if (names.size() > MAX_TYPES) {
            errors.add(new FieldError("type", "type names at most " + MAX_TYPES + " event names"));
            return List.of();
        }
        return List.copyOf(names);
    }

    private static UUID uuid(List<FieldError> errors, String field, String raw) {
        if (blank(raw)) {
            return null;
        }
        try {
            String value = raw.strip();
            UUID id = UUID.fromString(value);
            if (!id.toString().equalsIgnoreCase(value)) {
                throw new IllegalArgumentException(value);
            }
            return id;
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, field + " must be a UUID"));
            return null;
        }
    }

    private static Instant instant(List<FieldError> errors, String field, String raw) {
        if (blank(raw)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw.strip()).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(
                    field, field + " must be an ISO-8601 instant with an offset, such as 2026-11-23T08:00:00Z"));
            return null;
        }
    }

    private static int limit(List<FieldError> errors, String raw) {
        if (blank(raw)) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below with the same message as a number out of range
        }
        errors.add(new FieldError("limit", "limit must be a whole number between 1 and " + MAX_LIMIT));
        return DEFAULT_LIMIT;
    }

    private static boolean descending(List<FieldError> errors, String raw) {
        if (blank(raw) || raw.strip().equals("asc")) {
            return false;
        }
        if (raw.strip().equals("desc")) {
            return true;
        }
        errors.add(new FieldError("order", "order must be asc or desc"));
        return false;
    }

    private static Long cursor(List<FieldError> errors, String raw, boolean descending) {
        try {
            return AuditCursor.decode("after", raw, descending);
        } catch (ProblemException e) {
            errors.addAll(e.fieldErrors());
            return null;
        }
    }

    @Target({ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(
            description = "Page size, 1 to 500 (default 100)",
            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "100"))
    @interface LimitParameter {}

    @Target({ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(description = "The previous page's next, unchanged (opaque); valid only with the order it was made in")
    @interface AfterParameter {}

    @Target({ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(
            schema =
                    @Schema(
                            allowableValues = {"asc", "desc"},
                            defaultValue = "asc"))
    @interface OrderParameter {}
}
