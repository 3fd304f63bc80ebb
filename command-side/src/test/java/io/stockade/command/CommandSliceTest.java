package io.stockade.command;

import static org.hamcrest.Matchers.hasItem;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.stockade.testsupport.web.RoleMatrix.Caller;
import io.stockade.testsupport.web.RoleMatrix.Endpoint;
import io.stockade.testsupport.web.RoleTokens;
import io.stockade.testsupport.web.SecuritySlice;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * A web slice of the command side: the write controllers and the small policies they call, behind the real
 * security chain, with the command bus mocked. Subclasses share one Spring context (same annotations, same
 * configuration), so adding a controller's matrix costs requests, not another start.
 */
@WebMvcTest(
        useDefaultFilters = false,
        includeFilters =
                @ComponentScan.Filter(
                        type = FilterType.REGEX,
                        pattern = {
                            "io\\.stockade\\.command\\.inventory\\..*Controller",
                            "io\\.stockade\\.command\\.inventory\\.(ItemAnswers|Backdating|ItemForm)",
                            "io\\.stockade\\.command\\.category\\..*Controller",
                            "io\\.stockade\\.command\\.identity\\.(UserCommandController|AuthController|MfaController)",
                            "io\\.stockade\\.command\\.imports\\.ImportController"
                        }),
        properties = {
            SecuritySlice.PROPERTY_DATA_DIR,
            SecuritySlice.PROPERTY_ANONYMOUS_LIMIT,
            SecuritySlice.PROPERTY_USER_LIMIT,
            SecuritySlice.PROPERTY_STRICT_JSON
        })
public abstract class CommandSliceTest {
    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected RoleTokens tokens;

    @Autowired
    protected CommandGateway commands;

    @Autowired
    private ApplicationContext context;

    /** The mocks are beans of the shared context: what one test stubbed must not leak into the next. */
    @AfterEach
    void resetMocks() {
        Object[] mocks = context.getBeansOfType(Object.class, false, false).values().stream()
                .filter(b -> Mockito.mockingDetails(b).isMock())
                .toArray();
        Mockito.reset(mocks);
    }

    /** Sends the request as that caller (no {@code Authorization} header for an anonymous one). */
    protected ResultActions perform(MockHttpServletRequestBuilder request, Caller caller) throws Exception {
        caller.role().ifPresent(role -> request.header(HttpHeaders.AUTHORIZATION, tokens.bearer(role)));
        return mvc.perform(request);
    }

    /**
     * One cell of a role matrix: an allowed caller gets the endpoint's success status (the test stubbed the
     * collaborators); anyone else a 401 or 403 problem, and then no command and no other collaborator named.
     */
    protected void expectMatrixCell(Endpoint endpoint, Caller caller, Object... collaborators) throws Exception {
        ResultActions result = perform(endpoint.request().get(), caller);
        if (endpoint.allows(caller)) {
            result.andExpect(status().is(endpoint.success()));
        } else {
            expectProblem(result, endpoint.expectedFor(caller));
            verifyNoInteractions(commands);
            if (collaborators.length > 0) {
                verifyNoInteractions(collaborators);
            }
        }
    }

    /** A bad body or parameter is a 400 problem naming the field, and no command is sent. */
    protected void expectRefused(
            MockHttpServletRequestBuilder request, Caller caller, String field, Object... collaborators)
            throws Exception {
        ResultActions result = perform(request, caller);
        expectProblem(result, 400);
        result.andExpect(jsonPath("$.errors[*].field").value(hasItem(field)));
        verifyNoInteractions(commands);
        if (collaborators.length > 0) {
            verifyNoInteractions(collaborators);
        }
    }

    /** A refusal (400, 401, 403) is a problem document, as every error of the API is. */
    protected static void expectProblem(ResultActions result, int status) throws Exception {
        result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
