package io.stockade.query.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.UUID;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.client.RestClient;

/**
 * The export on a query-side service of split mode on PostgreSQL: Axon's own local query bus with no handler for
 * the command side's account data (nothing else is registered, as in that process). The caller gets a 503 that
 * says why, not a 500, whether the command side's address is not set or the command side cannot be reached. The
 * export through a running command side is SplitServicesIT's.
 */
class PersonalDataExportControllerTest {
    private final CurrentUser ann =
            new CurrentUser(new UserId(UUID.randomUUID()), new TenantId(UUID.randomUUID()), Role.STAFF, "ann");

    private static PersonalDataExportController controller(String commandSideUrl) {
        return new PersonalDataExportController(
                DefaultQueryGateway.builder()
                        .queryBus(SimpleQueryBus.builder().build())
                        .build(),
                new CommandSidePersonalData(commandSideUrl, RestClient.builder()),
                Clock.systemUTC());
    }

    private static MockHttpServletRequest withToken() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/profile/export");
        request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer not-checked-here");
        return request;
    }

    @Test
    void shouldSayWhichSettingIsMissingWhenNoProcessAnswersForTheAccountData() {
        ProblemException refused = catchThrowableOfType(
                ProblemException.class, () -> controller("").exportOwn(ann, withToken()));

        assertThat(refused.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(refused.getMessage()).contains("STOCKADE_COMMAND_SIDE_URL").contains("Axon Server");
    }

    @Test
    void shouldAnswer503WhenTheCommandSideCannotBeReached() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        ProblemException refused = catchThrowableOfType(
                ProblemException.class,
                () -> controller("http://127.0.0.1:" + closedPort).exportOwn(ann, withToken()));

        assertThat(refused.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(refused.getMessage()).contains("could not be reached");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://command-side:8080", "command-side:8080", "http://command side:8080", "http://"})
    void shouldRefuseToStartWithACommandSideAddressThatIsNotAnHttpAddress(String address) {
        assertThatThrownBy(() -> new CommandSidePersonalData(address, RestClient.builder()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("STOCKADE_COMMAND_SIDE_URL");
    }
}
