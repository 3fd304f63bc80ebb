package io.stockade.command;

import io.stockade.testsupport.web.SecuritySlice;
import io.stockade.testsupport.web.WebSliceTest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

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
            SecuritySlice.PROPERTY_USER_LIMIT
        })
public abstract class CommandSliceTest extends WebSliceTest {
    @Autowired
    protected CommandGateway commands;

    @Override
    protected Object bus() {
        return commands;
    }
}
