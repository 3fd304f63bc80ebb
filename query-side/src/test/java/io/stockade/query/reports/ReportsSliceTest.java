package io.stockade.query.reports;

import static io.stockade.testsupport.web.RoleMatrix.endpoint;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.stockade.api.common.Role;
import io.stockade.query.QuerySliceTest;
import io.stockade.testsupport.web.RoleMatrix;
import io.stockade.testsupport.web.RoleMatrix.Caller;
import io.stockade.testsupport.web.RoleMatrix.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/** Every report (README, "API"), as a page and as CSV: Manager, Admin and Auditor; never Staff. */
class ReportsSliceTest extends QuerySliceTest {
    private static final List<String> REPORTS =
            List.of("stock-by-category", "stock-by-location", "movements", "dead-stock", "stockouts");

    @Autowired
    private ReportsRepository reports;

    static Stream<Arguments> matrix() {
        Role[] readers = {Role.ADMIN, Role.MANAGER, Role.AUDITOR};
        List<Endpoint> endpoints = new ArrayList<>();
        for (String report : REPORTS) {
            String path = "/api/reports/" + report;
            endpoints.add(endpoint("GET " + path, () -> get(path), 200, readers));
            endpoints.add(
                    endpoint("GET " + path + "?format=csv", () -> get(path).param("format", "csv"), 200, readers));
        }
        return RoleMatrix.cases(endpoints.toArray(Endpoint[]::new));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void shouldAnswerTheApiTablesStatusWhenCalledByEachRole(Endpoint endpoint, Caller caller) throws Exception {
        expectMatrixCell(endpoint, caller, reports);
    }

    static Stream<Arguments> badParameters() {
        return Stream.of(
                Arguments.of("/api/reports/stock-by-category?format=xml", "format"),
                Arguments.of("/api/reports/stock-by-category?limit=101", "limit"),
                Arguments.of("/api/reports/stock-by-location?page=0", "page"),
                Arguments.of("/api/reports/movements?groupBy=colour", "groupBy"),
                Arguments.of("/api/reports/movements?type=sideways", "type"),
                Arguments.of("/api/reports/movements?from=yesterday", "from"),
                Arguments.of("/api/reports/movements?format=csv&groupBy=colour", "groupBy"),
                Arguments.of("/api/reports/dead-stock?days=0", "days"),
                Arguments.of("/api/reports/dead-stock?days=3651", "days"),
                Arguments.of("/api/reports/dead-stock?format=csv&days=abc", "days"),
                Arguments.of("/api/reports/stockouts?from=2026-02-01&to=2026-01-01", "to"),
                Arguments.of("/api/reports/stockouts?format=csv&to=soon", "to"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    void shouldRefuseABadParameterWithItsFieldBeforeAnythingIsRead(String uri, String field) throws Exception {
        expectRefused(get(uri), field, reports, tenants);
    }
}
