package io.stockade.query;

import static io.stockade.testsupport.web.RoleMatrix.endpoint;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.stockade.api.common.Role;
import io.stockade.testsupport.web.RoleMatrix;
import io.stockade.testsupport.web.RoleMatrix.Caller;
import io.stockade.testsupport.web.RoleMatrix.Endpoint;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The projections' dead letters (README, "API"): Admin only. Nothing is parked in a slice, so an Admin's retry
 * finds nothing (404) where everyone else is refused before the queues are looked at.
 */
class DeadLetterSliceTest extends QuerySliceTest {

    static Stream<Arguments> matrix() {
        return RoleMatrix.cases(
                endpoint("GET /api/admin/dead-letters", () -> get("/api/admin/dead-letters"), 200, Role.ADMIN),
                endpoint(
                        "POST /api/admin/dead-letters/{id}/retry (nothing parked)",
                        () -> post("/api/admin/dead-letters/some-event/retry"),
                        404,
                        Role.ADMIN));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void shouldAnswerTheApiTablesStatusWhenCalledByEachRole(Endpoint endpoint, Caller caller) throws Exception {
        expectMatrixCell(endpoint, caller);
    }
}
