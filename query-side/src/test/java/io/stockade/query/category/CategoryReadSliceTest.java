package io.stockade.query.category;

import static io.stockade.testsupport.web.RoleMatrix.endpoint;
import static io.stockade.testsupport.web.RoleMatrix.everyone;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.stockade.query.QuerySliceTest;
import io.stockade.testsupport.web.RoleMatrix;
import io.stockade.testsupport.web.RoleMatrix.Caller;
import io.stockade.testsupport.web.RoleMatrix.Endpoint;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The category tree (README, "API"): read by every role. */
class CategoryReadSliceTest extends QuerySliceTest {
    private static final String CATEGORY = "/api/categories/00000000-0000-4000-8000-000000000003";

    static Stream<Arguments> matrix() {
        return RoleMatrix.cases(
                endpoint("GET /api/categories", () -> get("/api/categories"), 200, everyone()),
                endpoint("GET /api/categories/{id}", () -> get(CATEGORY), 200, everyone()));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void shouldAnswerTheApiTablesStatusWhenCalledByEachRole(Endpoint endpoint, Caller caller) throws Exception {
        expectMatrixCell(endpoint, caller);
    }

    @Test
    void shouldAnswerNotFoundAsAProblemWhenTheCategoryIsNotThere() throws Exception {
        answerNotFound();

        expectProblem(perform(get(CATEGORY), Caller.STAFF), 404);
    }

    @Test
    void shouldRefuseAnIdThatIsNotAUuidBeforeAnyQuery() throws Exception {
        expectRefused(get("/api/categories/not-a-uuid"), "id");
    }
}
