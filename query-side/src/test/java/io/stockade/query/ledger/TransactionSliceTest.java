package io.stockade.query.ledger;

import static io.stockade.testsupport.web.RoleMatrix.endpoint;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.stockade.api.common.Role;
import io.stockade.query.QuerySliceTest;
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

/** The ledger (README, "API"): Manager, Admin and Auditor read it, as pages or as CSV; Staff do not. */
class TransactionSliceTest extends QuerySliceTest {
    @Autowired
    private LedgerRepository ledger;

    static Stream<Arguments> matrix() {
        Role[] readers = {Role.ADMIN, Role.MANAGER, Role.AUDITOR};
        return RoleMatrix.cases(
                endpoint("GET /api/transactions", () -> get("/api/transactions"), 200, readers),
                endpoint(
                        "GET /api/transactions/{id}",
                        () -> get("/api/transactions/00000000-0000-4000-8000-000000000002"),
                        200,
                        readers),
                endpoint(
                        "GET /api/transactions?format=csv",
                        () -> get("/api/transactions").param("format", "csv"),
                        200,
                        readers));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void shouldAnswerTheApiTablesStatusWhenCalledByEachRole(Endpoint endpoint, Caller caller) throws Exception {
        expectMatrixCell(endpoint, caller, ledger);
    }

    @Test
    void shouldStreamTheLedgerAsCsvInsideTheCallersOrganisationWhenAnAuditorExportsIt() throws Exception {
        perform(get("/api/transactions").param("format", "csv"), Caller.AUDITOR)
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.parseMediaType("text/csv")))
                .andExpect(content().string(startsWith("id,timestamp,effectiveAt,")));

        verify(tenants).read(eq(RoleTokens.TENANT), any());
        verify(ledger).stream(any(), any());
    }

    @Test
    void shouldAnswerNotFoundAsAProblemWhenTheTransactionIsNotThere() throws Exception {
        answerNotFound();

        expectProblem(perform(get("/api/transactions/00000000-0000-4000-8000-000000000002"), Caller.MANAGER), 404);
    }

    static Stream<Arguments> badParameters() {
        return Stream.of(
                Arguments.of("/api/transactions?dateFrom=yesterday", "dateFrom"),
                Arguments.of("/api/transactions?dateTo=2026-13-01", "dateTo"),
                Arguments.of("/api/transactions?dateFrom=2026-02-01&dateTo=2026-01-01", "dateTo"),
                Arguments.of("/api/transactions?limit=101", "limit"),
                Arguments.of("/api/transactions?format=csv&dateFrom=yesterday", "dateFrom"),
                Arguments.of("/api/transactions?format=csv&dateFrom=2026-02-01&dateTo=2026-01-01", "dateTo"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    void shouldRefuseABadParameterWithItsFieldBeforeAnythingIsRead(String uri, String field) throws Exception {
        expectRefused(get(uri), field, ledger, tenants);
    }
}
