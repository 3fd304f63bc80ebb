package io.stockade.query.audit;

import static io.stockade.testsupport.web.RoleMatrix.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.stockade.api.common.Role;
import io.stockade.query.QuerySliceTest;
import io.stockade.query.audit.AuditViews.AccessLogPage;
import io.stockade.query.audit.AuditViews.AuditEventPage;
import io.stockade.query.audit.AuditViews.ItemTimeline;
import io.stockade.testsupport.web.RoleMatrix;
import io.stockade.testsupport.web.RoleMatrix.Caller;
import io.stockade.testsupport.web.RoleMatrix.Endpoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.springframework.beans.factory.annotation.Autowired;

/** The audit history (README, "API"): Admin and Auditor only; every parameter validated before anything is read. */
class AuditSliceTest extends QuerySliceTest {
    private static final UUID ITEM = UUID.fromString("0b4e7c1e-3f0a-4c55-9a51-2f1f6f7a9d10");

    @Autowired
    AuditHistory history;

    @Autowired
    AuditEventExport exports;

    @BeforeEach
    void answerEmptyPages() {
        when(history.events(any(), any())).thenReturn(new AuditEventPage(List.of(), null));
        when(history.timeline(any(), any(), any(), anyInt()))
                .thenReturn(Optional.of(new ItemTimeline(ITEM.toString(), List.of(), null)));
        when(history.accessLog(any(), any(), anyBoolean(), anyInt())).thenReturn(new AccessLogPage(List.of(), null));
    }

    static Stream<Arguments> matrix() {
        return RoleMatrix.cases(
                endpoint(
                        "GET /api/audit/events",
                        () -> get("/api/audit/events").param("aggregateType", "item"),
                        200,
                        Role.ADMIN,
                        Role.AUDITOR),
                endpoint(
                        "GET /api/audit/items/{id}/timeline",
                        () -> get("/api/audit/items/" + ITEM + "/timeline"),
                        200,
                        Role.ADMIN,
                        Role.AUDITOR),
                endpoint(
                        "GET /api/audit/access-log",
                        () -> get("/api/audit/access-log").param("order", "desc"),
                        200,
                        Role.ADMIN,
                        Role.AUDITOR));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void shouldAnswerTheApiTablesStatusWhenCalledByEachRole(Endpoint endpoint, Caller caller) throws Exception {
        answerEmptyPages();
        expectMatrixCell(endpoint, caller, history);
    }

    static Stream<Arguments> badParameters() {
        String descCursor = AuditCursor.encode(42, true);
        return Stream.of(
                Arguments.of("/api/audit/events?aggregateType=invoice", "aggregateType"),
                Arguments.of("/api/audit/events?aggregateId=" + "x".repeat(65), "aggregateId"),
                Arguments.of("/api/audit/events?aggregateId=a%20b", "aggregateId"),
                Arguments.of("/api/audit/events?type=StockAdjusted,Drop%20table", "type"),
                Arguments.of("/api/audit/events?type=StockAdjusted,,ItemCreated", "type"),
                Arguments.of("/api/audit/events?userId=someone", "userId"),
                Arguments.of("/api/audit/events?from=monday", "from"),
                Arguments.of("/api/audit/events?to=2026-01-01", "to"),
                Arguments.of("/api/audit/events?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to"),
                Arguments.of("/api/audit/events?correlationId=" + "c".repeat(65), "correlationId"),
                Arguments.of("/api/audit/events?outcome=maybe", "outcome"),
                Arguments.of("/api/audit/events?format=xml", "format"),
                Arguments.of("/api/audit/events?format=ndjson&userId=someone", "userId"),
                Arguments.of("/api/audit/events?format=csv&outcome=maybe", "outcome"),
                Arguments.of("/api/audit/events?limit=0", "limit"),
                Arguments.of("/api/audit/events?limit=501", "limit"),
                Arguments.of("/api/audit/events?limit=ten", "limit"),
                Arguments.of("/api/audit/events?order=sideways", "order"),
                Arguments.of("/api/audit/events?after=not-a-cursor!", "after"),
                Arguments.of("/api/audit/events?after=djE6YTp4", "after"),
                Arguments.of("/api/audit/events?after=" + descCursor, "after"),
                Arguments.of("/api/audit/items/" + ITEM + "/timeline?limit=501", "limit"),
                Arguments.of("/api/audit/items/" + ITEM + "/timeline?after=" + descCursor, "after"),
                Arguments.of("/api/audit/access-log?limit=-1", "limit"),
                Arguments.of("/api/audit/access-log?after=AAAA", "after"),
                Arguments.of("/api/audit/access-log?order=up", "order"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    void shouldRefuseABadParameterWithItsFieldBeforeAnythingIsReadOrRecorded(String uri, String field)
            throws Exception {
        expectRefused(get(uri), field, history, exports);
    }

    @Test
    void shouldNameEveryBadParameterInOneAnswer() throws Exception {
        perform(get("/api/audit/events?aggregateType=invoice&limit=0&outcome=maybe"), Caller.ADMIN)
                .andExpect(status().isBadRequest())
                .andExpect(
                        jsonPath("$.errors[*].field").value(containsInAnyOrder("aggregateType", "limit", "outcome")));
    }

    @Test
    void shouldRecordTheReadWithItsValidatedFilterBeforeAnsweringIt() throws Exception {
        String cursor = AuditCursor.encode(7, false);
        perform(
                        get("/api/audit/events")
                                .param("aggregateType", "item")
                                .param("type", "StockAdjusted, ItemCreated")
                                .param("from", "2026-01-01T00:00:00+01:00")
                                .param("after", cursor)
                                .header("User-Agent", "audit-slice"),
                        Caller.AUDITOR)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.next").doesNotExist());

        @SuppressWarnings("unchecked")
        ArgumentCaptor<Map<String, Object>> recorded = ArgumentCaptor.forClass(Map.class);
        InOrder order = inOrder(history);
        order.verify(history)
                .recordRead(
                        any(),
                        eq("GET /api/audit/events"),
                        recorded.capture(),
                        anyString(),
                        eq("audit-slice"),
                        anyString());
        assertThat(recorded.getValue())
                .containsEntry("aggregateType", "item")
                .containsEntry("type", List.of("StockAdjusted", "ItemCreated"))
                .containsEntry("from", Instant.parse("2025-12-31T23:00:00Z").toString())
                .containsEntry("after", "7")
                .containsEntry("order", "asc")
                .containsEntry("limit", 100);
        ArgumentCaptor<AuditIndexRepository.Filter> filter = ArgumentCaptor.forClass(AuditIndexRepository.Filter.class);
        order.verify(history).events(any(), filter.capture());
        assertThat(filter.getValue().after()).isEqualTo(7L);
        assertThat(filter.getValue().types()).containsExactly("StockAdjusted", "ItemCreated");
    }

    @Test
    void shouldAnswerNotFoundForAnItemTheOrganisationDoesNotHaveAfterRecordingTheRead() throws Exception {
        when(history.timeline(any(), any(), any(), anyInt())).thenReturn(Optional.empty());

        expectProblem(perform(get("/api/audit/items/" + ITEM + "/timeline"), Caller.ADMIN), 404);
        verify(history)
                .recordRead(
                        any(), eq("GET /api/audit/items/{id}/timeline"), anyMap(), anyString(), isNull(), anyString());
    }
}
