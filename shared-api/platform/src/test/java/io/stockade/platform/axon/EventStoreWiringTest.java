package io.stockade.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.platform.config.EventStoreMode;
import io.stockade.platform.privacy.PersonalDataKeysConfiguration;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.axonserver.connector.command.AxonServerCommandBus;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.axonserver.connector.query.AxonServerQueryBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jooq.JooqAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code STOCKADE_EVENT_STORE} switches the whole messaging layer at once: Axon Server's event store, command bus,
 * query bus and subscription-query updates, or the JDBC event store and the buses inside the JVM, never a mix. The
 * context is Axon's own auto-configuration plus the platform's Axon configuration, as every host runs it. Axon
 * Server cannot run here, and wiring needs no server: the connector and the database point at closed ports. The
 * connection manager does try to connect when Axon starts, but in the background (it logs the failure and retries
 * every 2 s), so the context comes up and the test reads which beans it holds.
 */
class EventStoreWiringTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(context -> new EventStoreMode().postProcessEnvironment(context.getEnvironment(), null))
            .withConfiguration(AutoConfigurations.of(axonAndDatabaseAutoConfigurations()))
            .withUserConfiguration(AxonConfiguration.class, PersonalDataKeysConfiguration.class)
            .withPropertyValues(
                    // Wiring needs no database: a closed port shows that nothing connects while the context starts.
                    "spring.datasource.url=jdbc:postgresql://127.0.0.1:" + closedPort() + "/stockade",
                    "spring.datasource.username=stockade",
                    "spring.jooq.sql-dialect=postgres",
                    "axon.axonserver.servers=127.0.0.1:" + closedPort(),
                    "axon.axonserver.connect-timeout=200",
                    "axoniq.update-checker.disabled=true");

    @Test
    void shouldWireAxonServerEventStoreAndBusesWhenEventStoreIsAxonServer() {
        runner.withPropertyValues(
                        "stockade.event-store=axonserver",
                        // A host's file saying otherwise (the all-in-one's application.yml does) loses to the switch.
                        "axon.axonserver.enabled=false",
                        "axon.axonserver.context=stockade")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(AxonServerConnectionManager.class);
                    assertThat(context.getBean(AxonServerConfiguration.class).getContext())
                            .isEqualTo("stockade");
                    assertThat(context.getBean(EventStore.class)).isInstanceOf(AxonServerEventStore.class);
                    assertThat(context).doesNotHaveBean(JdbcEventStorageEngine.class);
                    assertThat(context).doesNotHaveBean(EmbeddedEventStore.class);
                    assertThat(context.getBean(CommandBus.class)).isInstanceOf(AxonServerCommandBus.class);
                    QueryBus queryBus = context.getBean(QueryBus.class);
                    assertThat(queryBus).isInstanceOf(AxonServerQueryBus.class);
                    // Projections emit into the QueryUpdateEmitter bean; Axon Server carries those updates to the
                    // subscribers on other nodes only when it is the emitter behind the Axon Server query bus.
                    assertThat(queryBus.queryUpdateEmitter()).isSameAs(context.getBean(QueryUpdateEmitter.class));
                    assertThat(axonConfiguration(context).queryUpdateEmitter())
                            .isSameAs(context.getBean(QueryUpdateEmitter.class));
                    assertThat(axonConfiguration(context).eventStore()).isInstanceOf(AxonServerEventStore.class);
                    assertThat(axonConfiguration(context).commandBus()).isInstanceOf(AxonServerCommandBus.class);
                    assertThat(axonConfiguration(context).queryBus()).isInstanceOf(AxonServerQueryBus.class);
                    // Tokens stay on PostgreSQL, beside the read models they describe.
                    assertThat(context.getBean(TokenStore.class)).isInstanceOf(JdbcTokenStore.class);
                });
    }

    @Test
    void shouldWireJdbcEventStoreAndLocalBusesWhenEventStoreIsJdbc() {
        runner.withPropertyValues(
                        "stockade.event-store=jdbc",
                        // Axon's own default turns the connector on; the switch turns it off.
                        "axon.axonserver.enabled=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertJdbc(context);
                });
    }

    @Test
    void shouldRunOnJdbcWhenNothingIsSet() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertJdbc(context);
        });
    }

    @Test
    void shouldRefuseToStartWhenEventStoreNamesNeitherMode() {
        runner.withPropertyValues("stockade.event-store=kafka")
                .run(context -> assertThat(context).getFailure().hasMessageContaining("STOCKADE_EVENT_STORE"));
    }

    private static void assertJdbc(AssertableApplicationContext context) {
        assertThat(context).doesNotHaveBean(AxonServerConnectionManager.class);
        assertThat(context).doesNotHaveBean(AxonServerEventStore.class);
        assertThat(context).doesNotHaveBean(AxonServerCommandBus.class);
        assertThat(context).doesNotHaveBean(AxonServerQueryBus.class);
        assertThat(context.getBean(EventStorageEngine.class)).isInstanceOf(JdbcEventStorageEngine.class);
        assertThat(context.getBean(EventStore.class)).isInstanceOf(EmbeddedEventStore.class);
        assertThat(context.getBean(CommandBus.class)).isInstanceOf(SimpleCommandBus.class);
        QueryBus queryBus = context.getBean(QueryBus.class);
        assertThat(queryBus).isInstanceOf(SimpleQueryBus.class);
        assertThat(queryBus.queryUpdateEmitter()).isSameAs(context.getBean(QueryUpdateEmitter.class));
        assertThat(context.getBean(TokenStore.class)).isInstanceOf(JdbcTokenStore.class);
    }

    private static Configuration axonConfiguration(AssertableApplicationContext context) {
        return context.getBean(Configuration.class);
    }

    /** Axon's auto-configurations as a Spring Boot host loads them, and the database the platform needs. */
    private static Class<?>[] axonAndDatabaseAutoConfigurations() {
        List<Class<?>> classes = new ArrayList<>(List.of(
                DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class,
                TransactionAutoConfiguration.class,
                JooqAutoConfiguration.class));
        ClassLoader loader = EventStoreWiringTest.class.getClassLoader();
        for (String name : ImportCandidates.load(AutoConfiguration.class, loader)) {
            // Stockade uses no JPA; Axon's JPA configurations would only collide with each other here.
            if (name.startsWith("org.axonframework.") && !name.contains("Jpa")) {
                try {
                    Class<?> candidate = Class.forName(name, false, loader);
                    // What Spring Boot's import filter checks before a real host parses an auto-configuration:
                    // the classes its class-level conditions name must be on the classpath.
                    ConditionalOnClass onClass = candidate.getAnnotation(ConditionalOnClass.class);
                    if (onClass != null) {
                        onClass.value();
                    }
                    ConditionalOnBean onBean = candidate.getAnnotation(ConditionalOnBean.class);
                    if (onBean != null) {
                        onBean.value();
                    }
                    classes.add(candidate);
                } catch (ClassNotFoundException | LinkageError | TypeNotPresentException missing) {
                    // An optional integration whose library is not on the classpath (JobRunr): Spring Boot's own
                    // import filter leaves it out the same way in a real host.
                }
            }
        }
        return classes.toArray(Class<?>[]::new);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
