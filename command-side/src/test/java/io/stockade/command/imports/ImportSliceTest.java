package io.stockade.command.imports;

import static io.stockade.testsupport.web.RoleMatrix.endpoint;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.stockade.api.common.Role;
import io.stockade.command.CommandSliceTest;
import io.stockade.command.jooq.tables.records.ImportJobRecord;
import io.stockade.testsupport.web.RoleMatrix;
import io.stockade.testsupport.web.RoleMatrix.Caller;
import io.stockade.testsupport.web.RoleMatrix.Endpoint;
import io.stockade.testsupport.web.RoleTokens;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/** Catalogue imports (README, "API"): Manager and Admin submit them and follow them; nobody else sees them. */
class ImportSliceTest extends CommandSliceTest {
    private static final UUID JOB = UUID.fromString("00000000-0000-4000-8000-000000000005");
    private static final String CSV = "name,location\nBolt,A1\n";

    @Autowired
    private CatalogueImports imports;

    @Autowired
    private ImportJobRepository jobs;

    static Stream<Arguments> matrix() {
        return RoleMatrix.cases(
                endpoint(
                        "POST /api/inventory/import",
                        () -> post("/api/inventory/import")
                                .contentType("text/csv")
                                .header("Idempotency-Key", "import-0001")
                                .content(CSV),
                        202,
                        Role.ADMIN,
                        Role.MANAGER),
                endpoint(
                        "GET /api/inventory/import/{id}",
                        () -> get("/api/inventory/import/" + JOB),
                        200,
                        Role.ADMIN,
                        Role.MANAGER),
                endpoint(
                        "GET /api/inventory/import/{id}/errors.csv",
                        () -> get("/api/inventory/import/" + JOB + "/errors.csv"),
                        200,
                        Role.ADMIN,
                        Role.MANAGER));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void shouldAnswerTheApiTablesStatusWhenCalledByEachRole(Endpoint endpoint, Caller caller) throws Exception {
        when(imports.submit(any(), anyString(), anyString(), anyBoolean(), any()))
                .thenReturn(new CatalogueImports.Submitted(job(ImportJobRepository.RUNNING), false));
        when(jobs.find(any(UUID.class), any(UUID.class))).thenReturn(Optional.of(job(ImportJobRepository.RUNNING)));
        when(jobs.errors(any(), anyInt())).thenReturn(List.of());

        expectMatrixCell(endpoint, caller, imports, jobs);
    }

    @Test
    void shouldPointAtTheRunningJobWhenAManagerSubmitsAFile() throws Exception {
        when(imports.submit(any(), anyString(), anyString(), anyBoolean(), any()))
                .thenReturn(new CatalogueImports.Submitted(job(ImportJobRepository.RUNNING), false));
        when(jobs.errors(any(), anyInt())).thenReturn(List.of());

        perform(
                        post("/api/inventory/import")
                                .param("mode", CatalogueImports.VALID_ROWS_ONLY)
                                .contentType("text/csv")
                                .header("Idempotency-Key", "import-0002")
                                .content(CSV),
                        Caller.MANAGER)
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/api/inventory/import/" + JOB))
                .andExpect(jsonPath("$.status").value(ImportJobRepository.RUNNING));

        verify(imports).submit(any(), eq("import-0002"), eq(CatalogueImports.VALID_ROWS_ONLY), eq(false), any());
    }

    @Test
    void shouldRefuseAnImportWithoutAnIdempotencyKeyBeforeReadingIt() throws Exception {
        expectRefused(
                post("/api/inventory/import").contentType("text/csv").content(CSV),
                Caller.ADMIN,
                "Idempotency-Key",
                imports,
                jobs);
    }

    @Test
    void shouldAnswerNotFoundWhenTheJobIsNotTheCallersOrganisations() throws Exception {
        when(jobs.find(any(UUID.class), any(UUID.class))).thenReturn(Optional.empty());

        expectProblem(perform(get("/api/inventory/import/" + JOB), Caller.ADMIN), 404);
        verify(jobs).find(RoleTokens.TENANT.value(), JOB);
    }

    private static ImportJobRecord job(String status) {
        ImportJobRecord r = new ImportJobRecord();
        r.setJobId(JOB);
        r.setTenantId(RoleTokens.TENANT.value());
        r.setMode(CatalogueImports.ALL_OR_NOTHING);
        r.setDryRun(false);
        r.setStatus(status);
        r.setTotalRows(1);
        r.setValidRows(1);
        r.setInvalidRows(0);
        r.setProcessed(0);
        r.setCreated(0);
        r.setFailed(0);
        r.setCreatedAt(OffsetDateTime.of(2026, 12, 6, 22, 0, 0, 0, ZoneOffset.UTC));
        return r;
    }
}
