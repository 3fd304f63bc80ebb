package io.stockade.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Production on Axon Server: the connector must name its servers, present a token and speak TLS. */
class AxonServerProductionGuardTest {

    @Test
    void shouldNameEveryMissingVariableWhenTheConnectorHasNoServersTokenOrTls() {
        List<String> problems = ProductionGuard.axonServerProblems(new MockEnvironment());
        assertThat(problems).hasSize(3);
        assertThat(String.join("\n", problems))
                .contains("AXON_AXONSERVER_SERVERS")
                .contains("AXON_AXONSERVER_TOKEN")
                .contains("AXON_AXONSERVER_SSL_ENABLED=true");
    }

    @Test
    void shouldRefuseABlankTokenAndTlsTurnedOff() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("axon.axonserver.servers", "axonserver:8124")
                .withProperty("axon.axonserver.token", "  ")
                .withProperty("axon.axonserver.ssl-enabled", "false");
        assertThat(ProductionGuard.axonServerProblems(env))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("AXON_AXONSERVER_TOKEN"))
                .anySatisfy(p -> assertThat(p).contains("AXON_AXONSERVER_SSL_ENABLED"));
    }

    @Test
    void shouldAcceptTheConnectorWithServersTokenAndTls() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("axon.axonserver.servers", "axonserver:8124")
                .withProperty("axon.axonserver.token", "a-shared-token")
                .withProperty("axon.axonserver.ssl-enabled", "true");
        assertThat(ProductionGuard.axonServerProblems(env)).isEmpty();
    }

    @Test
    void shouldReadTheSwitchCaseInsensitivelyAndDefaultToJdbc() {
        assertThat(EventStoreMode.axonServer(new MockEnvironment())).isFalse();
        assertThat(EventStoreMode.axonServer(new MockEnvironment().withProperty(EventStoreMode.PROPERTY, "JDBC")))
                .isFalse();
        assertThat(EventStoreMode.axonServer(
                        new MockEnvironment().withProperty(EventStoreMode.PROPERTY, " AxonServer ")))
                .isTrue();
        assertThatThrownBy(() -> EventStoreMode.axonServer(
                        new MockEnvironment().withProperty(EventStoreMode.PROPERTY, "axon-server")))
                .isInstanceOf(StartupRefusal.class)
                .hasMessageContaining("STOCKADE_EVENT_STORE");
    }

    @Test
    void shouldMakeAxonsOwnSwitchFollowOursWhateverAFileSays() {
        MockEnvironment env = new MockEnvironment()
                .withProperty(EventStoreMode.PROPERTY, "axonserver")
                .withProperty("axon.axonserver.enabled", "false");
        new EventStoreMode().postProcessEnvironment(env, null);
        assertThat(env.getProperty("axon.axonserver.enabled")).isEqualTo("true");

        MockEnvironment jdbc = new MockEnvironment().withProperty("axon.axonserver.enabled", "true");
        new EventStoreMode().postProcessEnvironment(jdbc, null);
        assertThat(jdbc.getProperty("axon.axonserver.enabled")).isEqualTo("false");
    }
}
