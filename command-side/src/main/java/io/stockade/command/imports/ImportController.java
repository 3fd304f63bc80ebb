package io.stockade.command.imports;

import io.stockade.api.common.Nullable;
import io.stockade.command.jooq.tables.records.ImportJobRecord;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.errors.Problems;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import io.stockade.platform.web.Csv;
import io.stockade.platform.web.IdempotencyKeys;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/inventory/import}: a CSV catalogue as the request body. A dry run checks every row
 * and answers 200 with the problems; otherwise all-or-nothing refuses the file (422) when any row is
 * invalid, and valid-rows-only creates the valid rows. Creation runs in the background (202 and a
 * job to poll). The request needs an Idempotency-Key: sending the same file with the same key again
 * answers with the same job.
 */
@RestController
@RequestMapping(path = "/api/inventory/import", produces = MediaType.APPLICATION_JSON_VALUE)
class ImportController {
    private static final int ERRORS_SHOWN = 100;
    private final CatalogueImports imports;
    private final ImportJobRepository jobs;

    ImportController(CatalogueImports imports, ImportJobRepository jobs) {
        this.imports = imports;
        this.jobs = jobs;
    }

    /** What a client sees of an import. */
    record ImportJob(
            String id,
            String mode,
            boolean dryRun,
            String status,
            @Nullable String failure,
            int totalRows,
            int validRows,
            int invalidRows,
            int processed,
            int created,
            int failed,
            List<RowError> errors,
            boolean errorsTruncated,
            Instant createdAt,
            @Nullable Instant finishedAt) {}

    /** One problem with one row, numbered as a spreadsheet shows it (header = 1); row 0 is the whole file. */
    record RowError(int row, String field, String message) {}

    @Operation(
            summary = "Import a CSV catalogue (the file is the body)",
            requestBody =
                    @RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = "text/csv",
                                            schema = @Schema(type = "string", format = "binary"))),
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "dry run checked",
                        content = @Content(schema = @Schema(implementation = ImportJob.class))),
                @ApiResponse(
                        responseCode = "202",
                        description = "rows being created",
                        content = @Content(schema = @Schema(implementation = ImportJob.class))),
                @ApiResponse(
                        responseCode = "422",
                        description = "file refused; the problem carries the job under 'import'")
            })
    @PostMapping(
            consumes = {
                "text/csv",
                MediaType.TEXT_PLAIN_VALUE,
                MediaType.APPLICATION_OCTET_STREAM_VALUE,
                "application/vnd.ms-excel"
            })
    @PreAuthorize(Roles.MANAGER_OR_ADMIN)
    ResponseEntity<Object> submit(
            @RequestParam(defaultValue = CatalogueImports.ALL_OR_NOTHING) String mode,
            @RequestParam(defaultValue = "false") boolean dryRun,
            CurrentUser user,
            HttpServletRequest request)
            throws IOException {
        String key = IdempotencyKeys.current()
                .orElseThrow(() -> ProblemException.validation(
                        "Idempotency-Key",
                        "An import needs an Idempotency-Key header, so that a retried upload does not import twice"));
        CatalogueImports.Submitted submitted = imports.submit(user, key, mode, dryRun, request.getInputStream());
        ImportJob job = view(submitted.job());
        return switch (job.status()) {
            case ImportJobRepository.RUNNING ->
                ResponseEntity.accepted()
                        .location(URI.create("/api/inventory/import/" + job.id()))
                        .body(job);
            case ImportJobRepository.FAILED -> rejected(job);
            default ->
                ResponseEntity.ok()
                        .location(URI.create("/api/inventory/import/" + job.id()))
                        .body(job);
        };
    }

    private static ResponseEntity<Object> rejected(ImportJob job) {
        List<ProblemException.FieldError> fields = job.errors().stream()
                .map(e -> new ProblemException.FieldError(
                        e.row() == 0 ? e.field() : "rows[" + e.row() + "]." + e.field(), e.message()))
                .toList();
        ProblemDetail problem = Problems.problem(
                HttpStatus.UNPROCESSABLE_ENTITY, "import-rejected", "Import rejected", job.failure(), fields);
        problem.setProperty("import", job);
        ResponseEntity<ProblemDetail> response = Problems.response(problem);
        return ResponseEntity.status(response.getStatusCode())
                .headers(response.getHeaders())
                .body(response.getBody());
    }

    @GetMapping("/{id}")
    @PreAuthorize(Roles.MANAGER_OR_ADMIN)
    ImportJob status(@PathVariable UUID id, CurrentUser user) {
        return view(find(id, user));
    }

    /** Every problem found, as a spreadsheet: row, field, message (cells defused against formulas). */
    @GetMapping(path = "/{id}/errors.csv", produces = "text/csv")
    @PreAuthorize(Roles.MANAGER_OR_ADMIN)
    void errors(@PathVariable UUID id, CurrentUser user, HttpServletResponse response) throws IOException {
        ImportJobRecord job = find(id, user);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"import-errors.csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        out.write(Csv.row("row", "field", "message"));
        jobs.streamErrors(job.getJobId(), e -> {
            try {
                out.write(Csv.row(Csv.number(e.row()), Csv.text(e.field()), Csv.text(e.message())));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
        out.flush();
    }

    private ImportJobRecord find(UUID id, CurrentUser user) {
        return jobs.find(user.tenantId().value(), id).orElseThrow(() -> ProblemException.notFound("Import"));
    }

    private ImportJob view(ImportJobRecord r) {
        List<RowError> errors = jobs.errors(r.getJobId(), ERRORS_SHOWN + 1).stream()
                .map(e -> new RowError(e.row(), e.field(), e.message()))
                .toList();
        boolean truncated = errors.size() > ERRORS_SHOWN;
        return new ImportJob(
                r.getJobId().toString(),
                r.getMode(),
                r.getDryRun(),
                r.getStatus(),
                r.getFailure(),
                r.getTotalRows(),
                r.getValidRows(),
                r.getInvalidRows(),
                r.getProcessed(),
                r.getCreated(),
                r.getFailed(),
                truncated ? errors.subList(0, ERRORS_SHOWN) : errors,
                truncated,
                r.getCreatedAt().toInstant(),
                r.getFinishedAt() == null ? null : r.getFinishedAt().toInstant());
    }
}
