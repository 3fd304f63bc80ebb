package io.stockade.query.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import java.time.Clock;
import java.util.UUID;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * The export on a query-side service of split mode on PostgreSQL: Axon's own local query bus with no handler for
 * the command side's account data (nothing else is registered, as in that process). The caller gets a 503 that
 * says why, not a 500.
 */
class PersonalDataExportControllerTest {
    @Test
    void shouldSayWhyTheExportCannotBeMadeWhenNoProcessAnswersForTheAccountData() {
        SimpleQueryBus bus = SimpleQueryBus.builder().build();
        PersonalDataExportController controller = new PersonalDataExportController(
                DefaultQueryGateway.builder().queryBus(bus).build(), Clock.systemUTC());
        CurrentUser user =
                new CurrentUser(new UserId(UUID.randomUUID()), new TenantId(UUID.randomUUID()), Role.STAFF, "ann");

        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> controller.exportOwn(user));

        assertThat(refused.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(refused.getMessage()).contains("Axon Server");
    }
}
