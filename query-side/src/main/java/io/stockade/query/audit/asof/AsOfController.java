package io.stockade.query.audit.asof;

import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.errors.ProblemException.FieldError;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import io.stockade.platform.web.Csv;
import io.stockade.query.audit.AuditReads;
import io.stockade.query.audit.asof.AsOfViews.AnomalyPage;
import io.stockade.query.audit.asof.AsOfViews.InventoryAsOf;
import io.stockade.query.audit.asof.AsOfViews.ItemAsOf;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stock as of a date on two time axes (issue 14 §2): an item or the whole inventory at effective time {@code at},
 * as the records showed at {@code knownAt} (default: now), and the anomalies back-dated movements left. Admin and
 * Auditor only; every read is recorded in the access log before it is answered.
 */
@RestController
@RequestMapping("/api/audit")
@PreAuthorize(Roles.ADMIN_OR_AUDITOR)
class AsOfController {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    static final int MAX_PAGE = 1_000_000;

    private final AsOfQueries asOf;
    private final AuditReads reads;
    private final Clock clock;

    AsOfController(AsOfQueries asOf, AuditReads reads, Clock clock) {
        this.asOf = asOf;
        this.reads = reads;
        this.clock = clock;
    }

    @Operation(
            summary = "An item at an effective time, as known now or at a past time",
            description = "Stock (every movement effective at or before at and recorded at or before knownAt, "
                    + "summed with its recorded signed quantity), threshold, details and archived flag (the item's "
                    + "latest change recorded at or before min(at, knownAt)), and the anomalies back-dated "
                    + "movements left. An item not yet created at that point is answered with existed=false. "
                    + "Admin and Auditor; the read is recorded in the access log.")
    @ApiResponse(
            responseCode = "200",
            description = "The item at (at, knownAt)",
            content = @Content(schema = @Schema(implementation = ItemAsOf.class)))
    @GetMapping(path = "/items/{id}/as-of", produces = MediaType.APPLICATION_JSON_VALUE)
    ItemAsOf item(
            @PathVariable UUID id,
            @AtParameter @RequestParam(required = false) String at,
            @KnownAtParameter @RequestParam(required = false) String knownAt,
            CurrentUser user,
            HttpServletRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Instant effective = required(errors, "at", at);
        Instant known = knownAt(errors, knownAt);
        refuse(errors);
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("itemId", id.toString());
        recorded.put("at", effective.toString());
        recorded.put("knownAt", known.toString());
        reads.record(user, request, "GET /api/audit/items/{id}/as-of", recorded);
        return asOf.item(user.tenantId(), id, effective, known).orElseThrow(() -> ProblemException.notFound("Item"));
    }

    @Operation(
            summary = "Every item's stock at an effective time, as known now or at a past time, with totals",
            description = "The items that existed at min(at, knownAt), by name, each with its stock at (at, knownAt); "
                    + "totals cover every matching item. format=csv streams every matching item (no paging) as "
                    + "text/csv with formula-defused cells. Admin and Auditor; the read is recorded in the access log.")
    @ApiResponse(
            responseCode = "200",
            description = "A page of the inventory at (at, knownAt), or with format=csv all of it",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON_VALUE,
                        schema = @Schema(implementation = InventoryAsOf.class)),
                @Content(mediaType = "text/csv", schema = @Schema(type = "string"))
            })
    @GetMapping(path = "/inventory/as-of", produces = MediaType.APPLICATION_JSON_VALUE)
    InventoryAsOf inventory(
            @AtParameter @RequestParam(required = false) String at,
            @KnownAtParameter @RequestParam(required = false) String knownAt,
            @Parameter(description = "Only items in this category or sub-category", schema = @Schema(format = "uuid"))
                    @RequestParam(required = false)
                    String category,
            @Parameter(schema = @Schema(type = "integer", minimum = "1", defaultValue = "1"))
                    @RequestParam(required = false)
                    String page,
            @LimitParameter @RequestParam(required = false) String limit,
            @Parameter(
                            schema =
                                    @Schema(
                                            allowableValues = {"json", "csv"},
                                            defaultValue = "json"))
                    @RequestParam(required = false)
                    String format,
            CurrentUser user,
            HttpServletRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Instant effective = required(errors, "at", at);
        Instant known = knownAt(errors, knownAt);
        UUID cat = uuid(errors, "category", category);
        int pageNumber = number(errors, "page", page, 1, MAX_PAGE, 1);
        int size = number(errors, "limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
        if (format != null && !format.isBlank() && !format.strip().equals("json")) {
            errors.add(new FieldError("format", "format must be json or csv"));
        }
        refuse(errors);
        Map<String, Object> recorded = inventoryParameters(effective, known, cat);
        recorded.put("page", pageNumber);
        recorded.put("limit", size);
        reads.record(user, request, "GET /api/audit/inventory/as-of", recorded);
        return asOf.inventory(user.tenantId(), effective, known, cat, pageNumber, size);
    }

    /** Streams from the tables with a cursor: every item of a large inventory, never all in memory. */
    @GetMapping(path = "/inventory/as-of", params = "format=csv")
    void inventoryCsv(
            @RequestParam(required = false) String at,
            @RequestParam(required = false) String knownAt,
            @RequestParam(required = false) String category,
            CurrentUser user,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        List<FieldError> errors = new ArrayList<>();
        Instant effective = required(errors, "at", at);
        Instant known = knownAt(errors, knownAt);
        UUID cat = uuid(errors, "category", category);
        refuse(errors);
        Map<String, Object> recorded = inventoryParameters(effective, known, cat);
        recorded.put("format", "csv");
        reads.record(user, request, "GET /api/audit/inventory/as-of", recorded);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"inventory-as-of.csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        out.write(Csv.row(
                "itemId",
                "name",
                "sku",
                "location",
                "categoryId",
                "subCategoryId",
                "minThreshold",
                "archived",
                "stock",
                "at",
                "knownAt"));
        String atCell = Csv.text(effective.toString());
        String knownCell = Csv.text(known.toString());
        asOf.streamInventory(user.tenantId(), effective, known, cat, line -> {
            try {
                out.write(Csv.row(
                        Csv.text(line.itemId()),
                        Csv.text(line.name()),
                        Csv.text(line.sku()),
                        Csv.text(line.location()),
                        Csv.text(line.categoryId()),
                        Csv.text(line.subCategoryId()),
                        Csv.number(line.minThreshold()),
                        Boolean.toString(line.archived()),
                        Csv.number(line.stock()),
                        atCell,
                        knownCell));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        out.flush();
    }

    @Operation(
            summary = "Movements that left a negative balance on the effective axis or predate their item",
            description = "Each movement (recorded at or before knownAt, default now) after which its item's "
                    + "balance, summed in effective order with ties by stream order, is negative, or which took "
                    + "effect before the item was created; by item, then effective time. Admin and Auditor; the "
                    + "read is recorded in the access log.")
    @ApiResponse(
            responseCode = "200",
            description = "A page of anomalies",
            content = @Content(schema = @Schema(implementation = AnomalyPage.class)))
    @GetMapping(path = "/anomalies", produces = MediaType.APPLICATION_JSON_VALUE)
    AnomalyPage anomalies(
            @Parameter(description = "Only this item's anomalies", schema = @Schema(format = "uuid"))
                    @RequestParam(required = false)
                    String itemId,
            @KnownAtParameter @RequestParam(required = false) String knownAt,
            @Parameter(schema = @Schema(type = "integer", minimum = "1", defaultValue = "1"))
                    @RequestParam(required = false)
                    String page,
            @LimitParameter @RequestParam(required = false) String limit,
            CurrentUser user,
            HttpServletRequest request) {
        List<FieldError> errors = new ArrayList<>();
        UUID item = uuid(errors, "itemId", itemId);
        Instant known = optionalInstant(errors, "knownAt", knownAt);
        int pageNumber = number(errors, "page", page, 1, MAX_PAGE, 1);
        int size = number(errors, "limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
        refuse(errors);
        Map<String, Object> recorded = new LinkedHashMap<>();
        if (item != null) {
            recorded.put("itemId", item.toString());
        }
        if (known != null) {
            recorded.put("knownAt", known.toString());
        }
        recorded.put("page", pageNumber);
        recorded.put("limit", size);
        reads.record(user, request, "GET /api/audit/anomalies", recorded);
        return asOf.anomalies(user.tenantId(), item, known, pageNumber, size);
    }

    private static Map<String, Object> inventoryParameters(Instant at, Instant knownAt, UUID category) {
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("at", at.toString());
        recorded.put("knownAt", knownAt.toString());
        if (category != null) {
            recorded.put("category", category.toString());
        }
        return recorded;
    }

    private static void refuse(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
    }

    private static Instant required(List<FieldError> errors, String field, String raw) {
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldError(field, field + " is required: an ISO-8601 instant such as 2026-11-23T08:00:00Z"));
            return null;
        }
        return optionalInstant(errors, field, raw);
    }

    /** knownAt defaults to now; one before at is fine (what the records showed then about that time). */
    private Instant knownAt(List<FieldError> errors, String raw) {
        Instant known = optionalInstant(errors, "knownAt", raw);
        return known == null ? clock.instant() : known;
    }

    private static Instant optionalInstant(List<FieldError> errors, String field, String raw) {
        if (raw == null || raw.isBlank()) {
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

    private static UUID uuid(List<FieldError> errors, String field, String raw) {
        if (raw == null || raw.isBlank()) {
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

    private static int number(List<FieldError> errors, String field, String raw, int min, int max, int fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below with the same message as a number out of range
        }
        errors.add(new FieldError(field, field + " must be a whole number between " + min + " and " + max));
        return fallback;
    }

    @Target({ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(
            description = "Page size, 1 to 500 (default 100)",
            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "100"))
    @interface LimitParameter {}

    @Target({ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(
            required = true,
            description = "Effective time (ISO-8601 instant with an offset): movements dated at or before it count",
            schema = @Schema(type = "string", format = "date-time"))
    @interface AtParameter {}

    @Target({ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(
            description = "Recorded time (ISO-8601 instant with an offset; default now): only events recorded at or "
                    + "before it count, so a report printed then can be explained after later back-dated "
                    + "corrections. It may be before at.",
            schema = @Schema(type = "string", format = "date-time"))
    @interface KnownAtParameter {}
}
