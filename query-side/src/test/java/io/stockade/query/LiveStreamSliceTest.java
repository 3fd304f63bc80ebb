package io.stockade.query;

import static io.stockade.testsupport.web.RoleMatrix.endpoint;
import static io.stockade.testsupport.web.RoleMatrix.everyone;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.stockade.api.common.Role;
import io.stockade.query.live.LiveStreams;
import io.stockade.testsupport.web.RoleMatrix;
import io.stockade.testsupport.web.RoleMatrix.Caller;
import io.stockade.testsupport.web.RoleMatrix.Endpoint;
import io.stockade.testsupport.web.RoleTokens;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The live streams (README, "API"): every role may open them, nobody without a token. What a stream sends is
 * {@code LiveStreams}' own tests' and the end-to-end suite's; here only who gets one.
 */
class LiveStreamSliceTest extends QuerySliceTest {
    @Autowired
    private LiveStreams live;

    static Stream<Arguments> matrix() {
        return RoleMatrix.cases(
                endpoint("GET /api/stream/dashboard", () -> get("/api/stream/dashboard"), 200, everyone()),
                endpoint("GET /api/stream/low-stock", () -> get("/api/stream/low-stock"), 200, everyone()),
                endpoint(
                        "GET /api/stream/items/{id}",
                        () -> get("/api/stream/items/00000000-0000-4000-8000-000000000001"),
                        200,
                        everyone()));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void shouldAnswerTheApiTablesStatusWhenCalledByEachRole(Endpoint endpoint, Caller caller) throws Exception {
        when(live.open(any(), any(), any())).thenReturn(ResponseEntity.ok().build());

        expectMatrixCell(endpoint, caller, live);
    }

    @Test
    void shouldOpenTheStreamForTheSignedInCallerWhenStaffAsksForTheBoard() throws Exception {
        when(live.open(any(), any(), any())).thenReturn(ResponseEntity.ok().build());

        perform(get("/api/stream/low-stock").accept(MediaType.TEXT_EVENT_STREAM), Caller.STAFF)
                .andExpect(status().isOk());

        verify(live).open(eq(RoleTokens.user(Role.STAFF)), any(), any());
    }
}
