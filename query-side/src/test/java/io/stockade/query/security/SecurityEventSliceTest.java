package io.stockade.query.security;

import static io.stockade.testsupport.web.RoleMatrix.endpoint;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.stockade.api.common.Role;
import io.stockade.query.QuerySliceTest;
import io.stockade.testsupport.web.RoleMatrix;
import io.stockade.testsupport.web.RoleMatrix.Caller;
import io.stockade.testsupport.web.RoleMatrix.Endpoint;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Security events (README, "API"): Admin and Auditor only. */
class SecurityEventSliceTest extends QuerySliceTest {

    static Stream<Arguments> matrix() {
        return RoleMatrix.cases(endpoint(
                "GET /api/security/events",
                () -> get("/api/security/events").param("type", "LOGIN_FAILED"),
                200,
                Role.ADMIN,
                Role.AUDITOR));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void shouldAnswerTheApiTablesStatusWhenCalledByEachRole(Endpoint endpoint, Caller caller) throws Exception {
        expectMatrixCell(endpoint, caller);
    }

    static Stream<Arguments> badParameters() {
        return Stream.of(
                Arguments.of("/api/security/events?userId=someone", "userId"),
                Arguments.of("/api/security/events?type=LOGIN_FAILED,NAP", "type"),
                Arguments.of("/api/security/events?from=monday", "from"),
                Arguments.of("/api/security/events?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to"),
                Arguments.of("/api/security/events?limit=101", "limit"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    void shouldRefuseABadParameterWithItsFieldBeforeAnyQuery(String uri, String field) throws Exception {
        expectRefused(get(uri), field);
    }
}
