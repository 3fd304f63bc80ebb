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
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
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
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.util.MimeTypeUtils;
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

    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";

    private final AuditHistory history;
    private final AuditEventExport exports;

    AuditController(AuditHistory history, AuditEventExport exports) {
        this.history = history;
        this.exports = exports;
    }

    @Operation(
            summary = "The organisation's stored events, filtered, in keyset pages; or all of them as a file",
            description = "Filters combine with AND. Pages are read by position: pass the previous answer's next "
                    + "as after, with the same order, until next is null. format=ndjson (or Accept: "
                    + "application/x-ndjson) streams every matching event, without paging, as the offline verifier's "
                    + "format stockade-audit-export/1: a header line with the filter, the export time, the "
                    + "organisation's log and the signed checkpoint the export forces at its last row, then one line "
                    + "per event with its stored bytes (base64), leaf hash and inclusion proof beside the decoded "
                    + "event, then an end line. format=csv (or Accept: text/csv) holds the same in cells under a "
                    + "header block of # lines, formula cells defused. Admin and Auditor; the read is recorded in the "
                    + "access log.")
    @ApiResponse(
            responseCode = "200",
            description = "A page of events, or with format=ndjson or csv every matching event with its proof",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON_VALUE,
                        schema = @Schema(implementation = AuditEventPage.class)),
                @Content(mediaType = NDJSON, schema = @Schema(type = "string")),
                @Content(mediaType = CSV, schema = @Schema(type = "string"))
            })
    @GetMapping(path = "/events", produces = MediaType.APPLICATION_JSON_VALUE)
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
            @Parameter(
                            description = "json (default): a page; ndjson or csv: every matching event as a file, "
                                    + "with its proof (limit, after and order do not apply)",
                            schema =
                                    @Schema(
                                            allowableValues = {"json", "ndjson", "csv"},
                                            defaultValue = "json"))
                    @RequestParam(required = false)
                    String format,
            CurrentUser user,
            HttpServletRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> recorded = new LinkedHashMap<>();
        AuditIndexRepository.Filter filter = filter(
                errors, recorded, user, aggregateType, aggregateId, type, userId, from, to, correlationId, outcome);
        int size = limit(errors, limit);
        boolean descending = descending(errors, order);
        Long position = cursor(errors, after, descending);
        if (!blank(format) && !format.strip().equals("json")) {
            errors.add(new FieldError("format", "format must be json, ndjson or csv"));
        }
        refuse(errors);
        put(recorded, "after", position);
        recorded.put("order", descending ? "desc" : "asc");
        recorded.put("limit", size);
        record(user, request, "GET /api/audit/events", recorded);
        return history.events(
                user.tenantId(),
                new AuditIndexRepository.Filter(
                        filter.tenant(),
                        filter.aggregateType(),
                        filter.aggregateId(),
                        filter.types(),
                        filter.userId(),
                        filter.from(),
                        filter.to(),
                        filter.correlationId(),
                        filter.outcome(),
                        position,
                        descending,
                        size));
    }

    /** The export asked for by format=ndjson. */
    @Operation(hidden = true)
    @GetMapping(path = "/events", params = "format=ndjson")
    void eventsNdjson(ExportFilter asked, CurrentUser user, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        export(false, asked, user, request, response);
    }

    /** The export asked for by format=csv. */
    @Operation(hidden = true)
    @GetMapping(path = "/events", params = "format=csv")
    void eventsCsv(ExportFilter asked, CurrentUser user, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        export(true, asked, user, request, response);
    }

    /**
     * The export asked for by the Accept header alone (application/x-ndjson or text/csv). A format parameter that
     * names something else is refused rather than one of them silently winning.
     */
    @Operation(hidden = true)
    @GetMapping(
            path = "/events",
            produces = {NDJSON, CSV})
    void eventsByAccept(
            ExportFilter asked,
            @RequestParam(required = false) String format,
            CurrentUser user,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        boolean csv = acceptsCsvFirst(request.getHeader(HttpHeaders.ACCEPT));
        if (!blank(format)) {
            throw ProblemException.validation(
                    "format", "format must be ndjson or csv when Accept asks for " + (csv ? CSV : NDJSON));
        }
        export(csv, asked, user, request, response);
    }

    /** Whether text/csv comes before application/x-ndjson in the Accept header's order of preference. */
    private static boolean acceptsCsvFirst(String accept) {
        List<MediaType> types = MediaType.parseMediaTypes(accept);
        MimeTypeUtils.sortBySpecificity(types);
        for (MediaType t : types) {
            if (t.isCompatibleWith(MediaType.valueOf(CSV)) && !t.isWildcardType() && !t.isWildcardSubtype()) {
                return true;
            }
            if (t.isCompatibleWith(MediaType.valueOf(NDJSON)) && !t.isWildcardType() && !t.isWildcardSubtype()) {
                return false;
            }
        }
        return false;
    }

    /** The export's filters: the JSON page's, bound from the query string (no paging: an export holds them all). */
    record ExportFilter(
            String aggregateType,
            String aggregateId,
            String type,
            String userId,
            String from,
            String to,
            String correlationId,
            String outcome) {}

    private void export(
            boolean csv, ExportFilter q, CurrentUser user, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> recorded = new LinkedHashMap<>();
        AuditIndexRepository.Filter filter = filter(
                errors,
                recorded,
                user,
                q.aggregateType(),
                q.aggregateId(),
                q.type(),
                q.userId(),
                q.from(),
                q.to(),
                q.correlationId(),
                q.outcome());
        refuse(errors);
        Map<String, String> asked = new LinkedHashMap<>();
        recorded.forEach((k, v) -> asked.put(
                k,
                v instanceof List<?> l
                        ? String.join(",", l.stream().map(Object::toString).toList())
                        : v.toString()));
        recorded.put("format", csv ? "csv" : "ndjson");
        record(user, request, "GET /api/audit/events", recorded);
        AuditEventExport.Prepared prepared = exports.prepare(user.tenantId(), filter);
        Instant exportedAt = Instant.now();
        String name = "audit-events-" + exportedAt.getEpochSecond() + (csv ? ".csv" : ".ndjson");
        response.setContentType((csv ? CSV : NDJSON) + ";charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
        Writer out =
                new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
        if (csv) {
            exports.csv(user.tenantId(), filter, asked, exportedAt, prepared, out);
        } else {
            exports.ndjson(user.tenantId(), filter, asked, exportedAt, prepared, out);
        }
        out.flush();
    }

    /** The filters of the page and the export, validated into {@code errors}, and recorded for the access log. */
    @SuppressWarnings("TooManyParameters")
    private static AuditIndexRepository.Filter filter(
            List<FieldError> errors,
            Map<String, Object> recorded,
            CurrentUser user,
            String aggregateType,
            String aggregateId,
            String type,
            String userId,
            String from,
            String to,
            String correlationId,
            String outcome) {
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
        put(recorded, "aggregateType", kind);
        put(recorded, "aggregateId", aggregate);
        put(recorded, "type", types.isEmpty() ? null : types);
        put(recorded, "userId", who);
        put(recorded, "from", start);
        put(recorded, "to", end);
        put(recorded, "correlationId", correlation);
        put(recorded, "outcome", result);
        return new AuditIndexRepository.Filter(
                user.tenantId().value(),
                kind,
                aggregate,
                types,
                who,
                start,
                end,
                correlation,
                result,
                null,
                false,
                DEFAULT_LIMIT);
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
