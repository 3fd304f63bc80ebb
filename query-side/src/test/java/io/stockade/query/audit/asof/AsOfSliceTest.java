package io.stockade.query.audit.asof;

import static io.stockade.testsupport.web.RoleMatrix.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.stockade.api.common.Role;
import io.stockade.query.QuerySliceTest;
import io.stockade.query.audit.AuditReads;
import io.stockade.query.audit.asof.AsOfViews.AnomalyPage;
import io.stockade.query.audit.asof.AsOfViews.InventoryAsOf;
import io.stockade.query.audit.asof.AsOfViews.ItemAsOf;
import io.stockade.query.audit.asof.AsOfViews.Totals;
import io.stockade.testsupport.web.RoleMatrix;
import io.stockade.testsupport.web.RoleMatrix.Caller;
import io.stockade.testsupport.web.RoleMatrix.Endpoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.springframework.beans.factory.annotation.Autowired;

/** Stock as of a date (README, "API"): Admin and Auditor only; every parameter validated before anything is read. */
class AsOfSliceTest extends QuerySliceTest {
    private static final UUID ITEM = UUID.fromString("0b4e7c1e-3f0a-4c55-9a51-2f1f6f7a9d10");
    private static final Instant AT = Instant.parse("2026-11-01T00:00:00Z");

    @Autowired
    AsOfQueries asOf;

    @Autowired
    AuditReads reads;

    void answerEmpty() {
        when(asOf.item(any(), any(), any(), any()))
                .thenReturn(Optional.of(
                        new ItemAsOf(ITEM.toString(), AT, AT, false, null, 0, null, null, null, null, List.of())));
        when(asOf.inventory(any(), any(), any(), any(), anyInt(), anyInt()))
                .thenReturn(new InventoryAsOf(AT, AT, null, List.of(), new Totals(0, 0), 1, 100, 1));
        when(asOf.anomalies(any(), any(), any(), anyInt(), anyInt()))
                .thenReturn(new AnomalyPage(null, List.of(), 1, 100, false));
    }

    static Stream<Arguments> matrix() {
        return RoleMatrix.cases(
                endpoint(
                        "GET /api/audit/items/{id}/as-of",
                        () -> get("/api/audit/items/" + ITEM + "/as-of").param("at", AT.toString()),
                        200,
                        Role.ADMIN,
                        Role.AUDITOR),
                endpoint(
                        "GET /api/audit/inventory/as-of",
                        () -> get("/api/audit/inventory/as-of").param("at", AT.toString()),
                        200,
                        Role.ADMIN,
                        Role.AUDITOR),
                endpoint(
                        "GET /api/audit/inventory/as-of?format=csv",
                        () -> get("/api/audit/inventory/as-of")
                                .param("at", AT.toString())
                                .param("format", "csv"),
                        200,
                        Role.ADMIN,
                        Role.AUDITOR),
                endpoint("GET /api/audit/anomalies", () -> get("/api/audit/anomalies"), 200, Role.ADMIN, Role.AUDITOR));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void shouldAnswerTheApiTablesStatusWhenCalledByEachRole(Endpoint endpoint, Caller caller) throws Exception {
        answerEmpty();
        expectMatrixCell(endpoint, caller, asOf, reads);
    }

    static Stream<Arguments> badParameters() {
        String item = "/api/audit/items/" + ITEM + "/as-of";
        String inventory = "/api/audit/inventory/as-of";
        return Stream.of(
                Arguments.of(item, "at"),
                Arguments.of(item + "?at=yesterday", "at"),
                Arguments.of(item + "?at=2026-11-01", "at"),
                Arguments.of(item + "?at=2026-11-01T00:00:00Z&knownAt=later", "knownAt"),
                Arguments.of(inventory, "at"),
                Arguments.of(inventory + "?format=csv", "at"),
                Arguments.of(inventory + "?at=2026-11-01T00:00:00Z&limit=501", "limit"),
                Arguments.of(inventory + "?at=2026-11-01T00:00:00Z&limit=0", "limit"),
                Arguments.of(inventory + "?at=2026-11-01T00:00:00Z&page=0", "page"),
                Arguments.of(inventory + "?at=2026-11-01T00:00:00Z&category=shoes", "category"),
                Arguments.of(inventory + "?at=2026-11-01T00:00:00Z&format=xml", "format"),
                Arguments.of("/api/audit/anomalies?limit=501", "limit"),
                Arguments.of("/api/audit/anomalies?itemId=x", "itemId"),
                Arguments.of("/api/audit/anomalies?knownAt=soon", "knownAt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    void shouldRefuseABadParameterWithItsFieldBeforeAnythingIsReadOrRecorded(String uri, String field)
            throws Exception {
        expectRefused(get(uri), field, asOf, reads);
    }

    @Test
    void shouldNameEveryBadParameterInOneAnswer() throws Exception {
        perform(get("/api/audit/inventory/as-of?limit=0&knownAt=x"), Caller.ADMIN)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder("at", "knownAt", "limit")));
    }

    @Test
    void shouldAcceptAKnownAtBeforeAtAndRecordTheReadBeforeAnsweringIt() throws Exception {
        answerEmpty();
        perform(
                        get("/api/audit/items/" + ITEM + "/as-of")
                                .param("at", "2026-11-01T01:00:00+01:00")
                                .param("knownAt", "2026-10-01T00:00:00Z"),
                        Caller.AUDITOR)
                .andExpect(status().isOk());

        @SuppressWarnings("unchecked")
        ArgumentCaptor<Map<String, Object>> recorded = ArgumentCaptor.forClass(Map.class);
        InOrder order = inOrder(reads, asOf);
        order.verify(reads).record(any(), any(), eq("GET /api/audit/items/{id}/as-of"), recorded.capture());
        order.verify(asOf).item(any(), eq(ITEM), eq(AT), eq(Instant.parse("2026-10-01T00:00:00Z")));
        assertThat(recorded.getValue())
                .containsEntry("itemId", ITEM.toString())
                .containsEntry("at", AT.toString())
                .containsEntry("knownAt", "2026-10-01T00:00:00Z");
    }

    @Test
    void shouldAnswerNotFoundForAnItemTheOrganisationNeverHadAfterRecordingTheRead() throws Exception {
        when(asOf.item(any(), any(), any(), any())).thenReturn(Optional.empty());

        expectProblem(perform(get("/api/audit/items/" + ITEM + "/as-of?at=" + AT), Caller.ADMIN), 404);
        verify(reads).record(any(), any(), eq("GET /api/audit/items/{id}/as-of"), any());
    }
}
