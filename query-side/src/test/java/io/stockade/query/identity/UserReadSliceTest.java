package io.stockade.query.identity;

import static io.stockade.testsupport.web.RoleMatrix.endpoint;
import static io.stockade.testsupport.web.RoleMatrix.everyone;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.stockade.api.common.Role;
import io.stockade.query.QuerySliceTest;
import io.stockade.testsupport.web.RoleMatrix;
import io.stockade.testsupport.web.RoleMatrix.Caller;
import io.stockade.testsupport.web.RoleMatrix.Endpoint;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Users (README, "API"): the list and one user for Admins, the picker look-up for readers, the own profile for all. */
class UserReadSliceTest extends QuerySliceTest {

    static Stream<Arguments> matrix() {
        return RoleMatrix.cases(
                endpoint("GET /api/users", () -> get("/api/users"), 200, Role.ADMIN),
                endpoint(
                        "GET /api/users/{id}",
                        () -> get("/api/users/00000000-0000-4000-8000-000000000004"),
                        200,
                        Role.ADMIN),
                endpoint(
                        "GET /api/users/lookup",
                        () -> get("/api/users/lookup").param("search", "ma"),
                        200,
                        Role.ADMIN,
                        Role.MANAGER,
                        Role.AUDITOR),
                endpoint("GET /api/profile", () -> get("/api/profile"), 200, everyone()));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void shouldAnswerTheApiTablesStatusWhenCalledByEachRole(Endpoint endpoint, Caller caller) throws Exception {
        expectMatrixCell(endpoint, caller);
    }

    @Test
    void shouldRefuseALookupLongerThanFiftyCharactersBeforeAnyQuery() throws Exception {
        expectRefused(get("/api/users/lookup").param("search", "x".repeat(51)), "search");
    }
}
