package io.stockade.query.audit;

import io.stockade.api.common.Nullable;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.errors.ProblemException.FieldError;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import io.stockade.platform.web.RequestIds;
import io.stockade.query.audit.seal.AuditLedger;
import io.stockade.query.audit.seal.AuditLedger.CheckpointView;
import io.stockade.query.audit.seal.AuditLedger.ConsistencyProof;
import io.stockade.query.audit.seal.AuditLedger.InclusionProof;
import io.stockade.query.audit.seal.AuditLedger.KeyView;
import io.stockade.query.audit.seal.AuditLedger.VerifyJob;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tamper evidence for compliance officers (issue 14 §3): verification of the organisation's log, its signed
 * checkpoints, the keys that sign them, inclusion and consistency proofs. Admin and Auditor only; every read is
 * recorded in the access log before it is answered.
 */
@RestController
@RequestMapping(path = "/api/audit", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize(Roles.ADMIN_OR_AUDITOR)
class AuditLedgerController {
    /** The largest position or tree size the event store can hold (a BIGINT). */
    static final String MAX_POSITION = "9223372036854775807";

    private static final int DEFAULT_CHECKPOINTS = 50;
    private static final int MAX_CHECKPOINTS = 500;

    private final AuditLedger ledger;
    private final AuditHistory history;

    AuditLedgerController(AuditLedger ledger, AuditHistory history) {
        this.ledger = ledger;
        this.history = history;
    }

    /** The optional range of a verification, and whether to run it as a job whatever its size. */
    record VerifyRequest(
            @Nullable
            @Schema(format = "int64", minimum = "1", maximum = MAX_POSITION, description = "First position to check")
            Long from,

            @Nullable
            @Schema(
                    format = "int64",
                    minimum = "1",
                    maximum = MAX_POSITION,
                    description = "Last position to check (≥ from)")
            Long to,

            @Nullable @Schema(description = "Run as a job (202) even when the log is small enough to answer at once")
            Boolean background) {}

    @Operation(
            summary = "Verify the organisation's log, or a range of positions",
            description = "Recomputes every leaf from the stored events (as stored, before upcasting), the stored tree,"
                    + " and every stored checkpoint's signature and root. Problems are located by position; kind is"
                    + " edited, deleted, inserted, reordered, bad-signature or tree-mismatch. A small log is answered"
                    + " at once (200); a long run (or background: true) answers 202 with a job to poll at the"
                    + " Location. Admin and Auditor; recorded in the access log.")
    @ApiResponse(responseCode = "200", description = "Verified at once: the result")
    @ApiResponse(
            responseCode = "202",
            description = "A verification job was started; poll the Location",
            content = @Content(schema = @Schema(implementation = VerifyJob.class)))
    @PostMapping("/verify")
    ResponseEntity<?> verify(
            @RequestBody(required = false) VerifyRequest body, CurrentUser user, HttpServletRequest request) {
        Long from = body == null ? null : body.from();
        Long to = body == null ? null : body.to();
        List<FieldError> errors = new ArrayList<>();
        if (from != null && from < 1) {
            errors.add(new FieldError("from", "from must be a position of at least 1"));
        }
        if (to != null && to < 1) {
            errors.add(new FieldError("to", "to must be a position of at least 1"));
        }
        if (from != null && to != null && to < from) {
            errors.add(new FieldError("to", "to must not be below from"));
        }
        refuse(errors);
        boolean background = body != null && Boolean.TRUE.equals(body.background());
        Map<String, Object> recorded = new LinkedHashMap<>();
        put(recorded, "from", from);
        put(recorded, "to", to);
        record(user, request, "POST /api/audit/verify", recorded);
        AuditLedger.Verification v =
                ledger.verify(user.tenantId(), user.userId().value(), from, to, background);
        if (v.result() != null) {
            return ResponseEntity.ok(v.result());
        }
        return ResponseEntity.accepted()
                .location(URI.create("/api/audit/verify/" + v.job().id()))
                .body(v.job());
    }

    @Operation(
            summary = "A verification job: its progress, and its result once done",
            description = "status is running, done, failed, or abandoned (its node stopped). Any node answers."
                    + " Admin and Auditor; recorded in the access log.")
    @GetMapping("/verify/{id}")
    VerifyJob verifyJob(@PathVariable UUID id, CurrentUser user, HttpServletRequest request) {
        record(user, request, "GET /api/audit/verify/{id}", Map.of("jobId", id.toString()));
        return ledger.job(user.tenantId(), id).orElseThrow(() -> ProblemException.notFound("Verification job"));
    }

    /** A page of checkpoints, newest first; {@code next} is the {@code before} of the next page. */
    record CheckpointPage(
            List<CheckpointView> checkpoints,

            @Nullable @Schema(format = "int64", description = "Pass as before; null on the last page")
            Long next) {}

    @Operation(
            summary = "The organisation's signed checkpoints, newest first",
            description = "Each with its tree size, root hash (hex), signing time and the signed note (C2SP"
                    + " tlog-checkpoint). Admin and Auditor; recorded in the access log.")
    @GetMapping("/checkpoints")
    CheckpointPage checkpoints(
            @Parameter(
                            description = "Page size, 1 to 500 (default 50)",
                            schema = @Schema(type = "integer", minimum = "1", maximum = "500"))
                    @RequestParam(required = false)
                    String limit,
            @Parameter(description = "Only checkpoints of a smaller tree size (the previous page's next)")
                    @RequestParam(required = false)
                    String before,
            CurrentUser user,
            HttpServletRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Long size = number(errors, "limit", limit, 1, MAX_CHECKPOINTS);
        Long below = number(errors, "before", before, 1, Long.MAX_VALUE);
        refuse(errors);
        int n = size == null ? DEFAULT_CHECKPOINTS : size.intValue();
        Map<String, Object> recorded = new LinkedHashMap<>();
        put(recorded, "before", below);
        recorded.put("limit", n);
        record(user, request, "GET /api/audit/checkpoints", recorded);
        List<CheckpointView> page = ledger.checkpoints(user.tenantId(), below, n + 1);
        Long next = page.size() > n ? page.get(n - 1).treeSize() : null;
        return new CheckpointPage(page.size() > n ? page.subList(0, n) : page, next);
    }

    @Operation(
            summary = "The key that signs checkpoints now, as a C2SP note verifier key",
            description = "<name>+<key id>+<base64 key>: what `java -jar stockade.jar audit verify-export FILE"
                    + " --public-key KEY` reads. Admin and Auditor; recorded in the access log.")
    @ApiResponse(
            responseCode = "200",
            description = "The verifier key",
            content = @Content(mediaType = "text/plain", schema = @Schema(type = "string")))
    @GetMapping(path = "/public-key", produces = MediaType.TEXT_PLAIN_VALUE)
    String publicKey(CurrentUser user, HttpServletRequest request) {
        record(user, request, "GET /api/audit/public-key", Map.of());
        return ledger.currentKey() + "\n";
    }

    /** Every key that has signed checkpoints. */
    record KeyList(List<KeyView> keys) {}

    @Operation(
            summary = "Every checkpoint-signing key ever used, with when it signed",
            description = "validUntil is null for the key in use. Admin and Auditor; recorded in the access log.")
    @GetMapping("/public-keys")
    KeyList publicKeys(CurrentUser user, HttpServletRequest request) {
        record(user, request, "GET /api/audit/public-keys", Map.of());
        return new KeyList(ledger.keys());
    }

    @Operation(
            summary = "The proof that the event at a position is in the organisation's log",
            description = "RFC 9162 inclusion proof (hex hashes, leaf first) in the tree of treeSize leaves (default:"
                    + " the latest checkpoint's), with that checkpoint's signed note when one was signed at that"
                    + " size. Admin and Auditor; recorded in the access log.")
    @GetMapping("/events/{position}/proof")
    InclusionProof proof(
            @PathVariable String position,
            @Parameter(schema = @Schema(type = "integer", format = "int64", minimum = "1", maximum = MAX_POSITION))
                    @RequestParam(required = false)
                    String treeSize,
            CurrentUser user,
            HttpServletRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Long at = number(errors, "position", position, 1, Long.MAX_VALUE);
        Long size = number(errors, "treeSize", treeSize, 1, Long.MAX_VALUE);
        refuse(errors);
        Map<String, Object> recorded = new LinkedHashMap<>();
        put(recorded, "position", at);
        put(recorded, "treeSize", size);
        record(user, request, "GET /api/audit/events/{position}/proof", recorded);
        try {
            return ledger.inclusionProof(user.tenantId(), at, size)
                    .orElseThrow(() -> ProblemException.notFound("Sealed event"));
        } catch (AuditLedger.OutOfRange e) {
            throw ProblemException.validation(e.field(), e.getMessage());
        }
    }

    @Operation(
            summary = "The proof that the log at one size extends the log at an earlier size",
            description = "RFC 9162 consistency proof (hex hashes) from the tree of from leaves to the tree of to"
                    + " leaves, both roots, and the signed checkpoints of those sizes where signed. Admin and Auditor;"
                    + " recorded in the access log.")
    @GetMapping("/checkpoints/consistency")
    ConsistencyProof consistency(
            @Parameter(
                            required = true,
                            schema = @Schema(type = "integer", format = "int64", minimum = "1", maximum = MAX_POSITION))
                    @RequestParam(required = false)
                    String from,
            @Parameter(
                            required = true,
                            schema = @Schema(type = "integer", format = "int64", minimum = "1", maximum = MAX_POSITION))
                    @RequestParam(required = false)
                    String to,
            CurrentUser user,
            HttpServletRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Long first = number(errors, "from", from, 1, Long.MAX_VALUE);
        Long second = number(errors, "to", to, 1, Long.MAX_VALUE);
        if (first == null && errors.stream().noneMatch(e -> e.field().equals("from"))) {
            errors.add(new FieldError("from", "from is required"));
        }
        if (second == null && errors.stream().noneMatch(e -> e.field().equals("to"))) {
            errors.add(new FieldError("to", "to is required"));
        }
        if (first != null && second != null && second < first) {
            errors.add(new FieldError("to", "to must not be below from"));
        }
        refuse(errors);
        record(user, request, "GET /api/audit/checkpoints/consistency", Map.of("from", first, "to", second));
        try {
            return ledger.consistencyProof(user.tenantId(), first, second);
        } catch (AuditLedger.OutOfRange e) {
            throw ProblemException.validation(e.field(), e.getMessage());
        }
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
            map.put(key, value.toString());
        }
    }

    private static Long number(List<FieldError> errors, String field, String raw, long min, long max) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            long value = Long.parseLong(raw.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below like a number out of range
        }
        errors.add(new FieldError(
                field,
                field + " must be a whole number"
                        + (max == Long.MAX_VALUE ? " of at least " + min : " between " + min + " and " + max)));
        return null;
    }
}
