package io.stockade.query.dashboard;

import static io.stockade.testsupport.web.RoleMatrix.endpoint;
import static io.stockade.testsupport.web.RoleMatrix.everyone;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.stockade.query.QuerySliceTest;
import io.stockade.testsupport.web.RoleMatrix;
import io.stockade.testsupport.web.RoleMatrix.Caller;
import io.stockade.testsupport.web.RoleMatrix.Endpoint;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The dashboard (README, "API"): every role reads it. */
class DashboardSliceTest extends QuerySliceTest {

    static Stream<Arguments> matrix() {
        return RoleMatrix.cases(
                endpoint("GET /api/dashboard/metrics", () -> get("/api/dashboard/metrics"), 200, everyone()),
                endpoint("GET /api/dashboard/trends", () -> get("/api/dashboard/trends"), 200, everyone()),
                endpoint(
                        "GET /api/dashboard/trends?days=365",
                        () -> get("/api/dashboard/trends").param("days", "365"),
                        200,
                        everyone()));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void shouldAnswerTheApiTablesStatusWhenCalledByEachRole(Endpoint endpoint, Caller caller) throws Exception {
        expectMatrixCell(endpoint, caller);
    }

    @ParameterizedTest(name = "days={0}")
    @ValueSource(strings = {"0", "366", "-1", "a week"})
    void shouldRefuseTrendsOutsideOneToThreeHundredSixtyFiveDaysBeforeAnyQuery(String days) throws Exception {
        expectRefused(get("/api/dashboard/trends").param("days", days), "days");
    }
}
