package io.stockade.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.stockade.platform.config.EventStoreMode;
import java.io.IOException;
import java.net.ServerSocket;
import javax.sql.DataSource;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The PostgreSQL path between nodes exists only on the JDBC event store. On Axon Server its query bus already
 * carries every emitted update to the other nodes: listening as well would push each change twice. The switch is
 * the one every host reads ({@code STOCKADE_EVENT_STORE}, through {@link EventStoreMode}); the database is a closed
 * port, so the listener's connection attempts fail in the background and the test reads which beans exist.
 */
class CrossNodeNoticesWiringTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(context -> new EventStoreMode().postProcessEnvironment(context.getEnvironment(), null))
            .withBean(DataSource.class, CrossNodeNoticesWiringTest::closedDatabase)
            .withBean(DSLContext.class, () -> DSL.using(SQLDialect.POSTGRES))
            .withBean(
                    QueryUpdateEmitter.class,
                    () -> SimpleQueryUpdateEmitter.builder().build())
            .withUserConfiguration(CrossNodeNotices.class, NoticeRepository.class, LiveNotices.class);

    @Test
    void shouldListenAndPublishOnPostgresWhenEventStoreIsJdbc() {
        runner.withPropertyValues("stockade.event-store=jdbc", "axon.axonserver.enabled=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(NoticeListener.class);
                    assertThat(context).hasSingleBean(NoticePublisher.class);
                    assertThat(context.getBean(LiveNotices.class).tellsOtherNodes())
                            .isTrue();
                    assertThat(context.getBean(NoticeListener.class).isRunning())
                            .isTrue();
                });
    }

    @Test
    void shouldListenAndPublishOnPostgresWhenNothingIsSet() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(NoticeListener.class);
            assertThat(context.getBean(LiveNotices.class).tellsOtherNodes()).isTrue();
        });
    }

    @Test
    void shouldLeaveItToAxonServerWhenEventStoreIsAxonServer() {
        runner.withPropertyValues("stockade.event-store=axonserver", "axon.axonserver.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(NoticeListener.class);
                    assertThat(context).doesNotHaveBean(NoticePublisher.class);
                    assertThat(context).doesNotHaveBean(NoticeRepository.class);
                    assertThat(context.getBean(LiveNotices.class).tellsOtherNodes())
                            .isFalse();
                });
    }

    private static DataSource closedDatabase() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort() + "/stockade");
        pool.setUsername("stockade");
        return pool;
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
