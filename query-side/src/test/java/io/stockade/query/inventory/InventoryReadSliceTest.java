package io.stockade.query.inventory;

import static io.stockade.testsupport.web.RoleMatrix.endpoint;
import static io.stockade.testsupport.web.RoleMatrix.everyone;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.stockade.query.QuerySliceTest;
import io.stockade.testsupport.web.RoleMatrix;
import io.stockade.testsupport.web.RoleMatrix.Caller;
import io.stockade.testsupport.web.RoleMatrix.Endpoint;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The inventory reads are open to every role (README, "API") and closed to anyone without a token. */
class InventoryReadSliceTest extends QuerySliceTest {
    private static final String ITEM = "/api/inventory/00000000-0000-4000-8000-000000000001";

    static Stream<Arguments> matrix() {
        return RoleMatrix.cases(
                endpoint("GET /api/inventory", () -> get("/api/inventory"), 200, everyone()),
                endpoint("GET /api/inventory/{id}", () -> get(ITEM), 200, everyone()),
                endpoint(
                        "GET /api/inventory/barcode/{code}",
                        () -> get("/api/inventory/barcode/SKB-1"),
                        200,
                        everyone()),
                endpoint("GET /api/inventory/{id}/history", () -> get(ITEM + "/history"), 200, everyone()),
                endpoint("GET /api/inventory/low-stock", () -> get("/api/inventory/low-stock"), 200, everyone()));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void shouldAnswerTheApiTablesStatusWhenCalledByEachRole(Endpoint endpoint, Caller caller) throws Exception {
        expectMatrixCell(endpoint, caller);
    }

    @Test
    void shouldAnswerAnItemWithItsVersionAsEtagWhenStaffReadsIt() throws Exception {
        answerQueries();

        perform(get(ITEM), Caller.STAFF).andExpect(status().isOk()).andExpect(header().string("ETag", "\"0\""));
    }

    @Test
    void shouldAnswerNotFoundAsAProblemWhenTheItemIsNotThere() throws Exception {
        answerNotFound();

        expectProblem(perform(get(ITEM), Caller.AUDITOR), 404);
        expectProblem(perform(get(ITEM + "/history"), Caller.AUDITOR), 404);
    }

    static Stream<Arguments> badParameters() {
        return Stream.of(
                Arguments.of("/api/inventory?status=sideways", "status"),
                Arguments.of("/api/inventory?sort=colour", "sort"),
                Arguments.of("/api/inventory?order=up", "order"),
                Arguments.of("/api/inventory?limit=101", "limit"),
                Arguments.of("/api/inventory?page=0", "page"),
                Arguments.of("/api/inventory?search=" + "x".repeat(101), "search"),
                Arguments.of("/api/inventory/barcode/" + "x".repeat(101), "code"),
                Arguments.of("/api/inventory/low-stock?limit=abc", "limit"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    void shouldRefuseABadParameterWithItsFieldBeforeAnyQuery(String uri, String field) throws Exception {
        expectRefused(get(uri), field);
    }
}
