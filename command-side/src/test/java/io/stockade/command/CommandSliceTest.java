package io.stockade.command;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.stockade.testsupport.web.RoleMatrix.Caller;
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
                            "io\\.stockade\\.command\\.category\\..*Controller"
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

    /** A refusal (400, 401, 403) is a problem document, as every error of the API is. */
    protected static void expectProblem(ResultActions result, int status) throws Exception {
        result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
