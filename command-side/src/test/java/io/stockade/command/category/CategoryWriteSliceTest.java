package io.stockade.command.category;

import static io.stockade.testsupport.web.RoleMatrix.endpoint;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import io.stockade.api.category.CategoryMessages.CategoryState;
import io.stockade.api.category.CategoryMessages.CreateCategoryCommand;
import io.stockade.api.category.CategoryMessages.UpdateCategoryCommand;
import io.stockade.api.common.Role;
import io.stockade.command.CommandSliceTest;
import io.stockade.testsupport.web.RoleMatrix;
import io.stockade.testsupport.web.RoleMatrix.Caller;
import io.stockade.testsupport.web.RoleMatrix.Endpoint;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;

/** Category writes (README, "API"): Manager and Admin; reads are the query side's. */
class CategoryWriteSliceTest extends CommandSliceTest {
    private static final String CATEGORY = "/api/categories/00000000-0000-4000-8000-000000000003";

    static Stream<Arguments> matrix() {
        return RoleMatrix.cases(
                endpoint(
                        "POST /api/categories",
                        () -> post("/api/categories")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\":\"Fasteners\"}"),
                        201,
                        Role.ADMIN,
                        Role.MANAGER),
                endpoint(
                        "PUT /api/categories/{id}",
                        () -> put(CATEGORY)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\":\"Bolts\"}"),
                        200,
                        Role.ADMIN,
                        Role.MANAGER),
                endpoint("DELETE /api/categories/{id}", () -> delete(CATEGORY), 200, Role.ADMIN, Role.MANAGER));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void shouldAnswerTheApiTablesStatusWhenCalledByEachRole(Endpoint endpoint, Caller caller) throws Exception {
        when(commands.sendAndWait(any())).thenAnswer(call -> {
            Object command = call.getArgument(0);
            if (command instanceof CreateCategoryCommand c) {
                return new CategoryState(c.categoryId(), c.name(), c.description(), c.parentId());
            }
            if (command instanceof UpdateCategoryCommand u) {
                return new CategoryState(u.categoryId(), u.name(), u.description(), null);
            }
            return null;
        });

        expectMatrixCell(endpoint, caller);
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("POST", "{\"name\":\" \"}", "name"),
                Arguments.of("POST", "{\"name\":\"" + "x".repeat(101) + "\"}", "name"),
                Arguments.of("POST", "{\"name\":\"A\",\"description\":\"" + "x".repeat(1001) + "\"}", "description"),
                Arguments.of("POST", "{\"name\":\"A\",\"parentId\":\"not-a-uuid\"}", "parentId"),
                Arguments.of("PUT", "{\"description\":\"no name\"}", "name"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badBodies")
    void shouldRefuseABadBodyWithItsFieldBeforeAnyCommand(String method, String body, String field) throws Exception {
        var request = method.equals("POST") ? post("/api/categories") : put(CATEGORY);
        expectRefused(request.contentType(MediaType.APPLICATION_JSON).content(body), Caller.MANAGER, field);
    }
}
