package io.stockade.testsupport.web;

import static org.hamcrest.Matchers.hasItem;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.stockade.testsupport.web.RoleMatrix.Caller;
import io.stockade.testsupport.web.RoleMatrix.Endpoint;
import org.junit.jupiter.api.AfterEach;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * What every module's {@code @WebMvcTest} slice asks of a request: send it as a caller, expect the role
 * matrix's status, and check that a refusal left the message bus and the named collaborators untouched.
 * A module's base class adds its {@code @WebMvcTest} and names its bus.
 */
public abstract class WebSliceTest {
    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected RoleTokens tokens;

    @Autowired
    private ApplicationContext context;

    /** The command or query bus: a refused request never reaches it. */
    protected abstract Object bus();

    /** The mocks are beans of the shared context: what one test stubbed must not leak into the next. */
    @AfterEach
    void resetMocks() {
        Object[] mocks = context.getBeansOfType(Object.class, false, false).values().stream()
                .filter(b -> Mockito.mockingDetails(b).isMock())
                .toArray();
        if (mocks.length > 0) {
            Mockito.reset(mocks);
        }
    }

    /** Sends the request as that caller (no {@code Authorization} header for an anonymous one). */
    protected ResultActions perform(MockHttpServletRequestBuilder request, Caller caller) throws Exception {
        caller.role().ifPresent(role -> request.header(HttpHeaders.AUTHORIZATION, tokens.bearer(role)));
        return mvc.perform(request);
    }

    /**
     * One cell of a role matrix: an allowed caller gets the endpoint's success status (the test stubbed the
     * collaborators); anyone else a 401 or 403 problem, and then neither the bus nor a collaborator named.
     */
    protected void expectMatrixCell(Endpoint endpoint, Caller caller, Object... collaborators) throws Exception {
        ResultActions result = perform(endpoint.request().get(), caller);
        if (endpoint.allows(caller)) {
            result.andExpect(status().is(endpoint.success()));
        } else {
            expectProblem(result, endpoint.expectedFor(caller));
            untouched(collaborators);
        }
    }

    /** A bad body or parameter is a 400 problem naming the field, refused before the bus or a collaborator named. */
    protected void expectRefused(
            MockHttpServletRequestBuilder request, Caller caller, String field, Object... collaborators)
            throws Exception {
        ResultActions result = perform(request, caller);
        expectProblem(result, 400);
        result.andExpect(jsonPath("$.errors[*].field").value(hasItem(field)));
        untouched(collaborators);
    }

    /** A refusal (400, 401, 403, 404) is a problem document, as every error of the API is. */
    protected static void expectProblem(ResultActions result, int status) throws Exception {
        result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    private void untouched(Object... collaborators) {
        verifyNoInteractions(bus());
        if (collaborators.length > 0) {
            verifyNoInteractions(collaborators);
        }
    }
}
