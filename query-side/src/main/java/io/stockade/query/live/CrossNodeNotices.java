package io.stockade.query.live;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.postgresql.Driver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Live streams across query nodes on the JDBC event store: each node's projections send their changes on a
 * PostgreSQL channel inside their own transaction, and each node listens on it (docs/adr, "live streams across
 * nodes"). On Axon Server ({@code STOCKADE_EVENT_STORE=axonserver}) its query bus carries the updates to every
 * node, and none of this is wired: a second path would push every change twice.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
class CrossNodeNotices {
    /** Tells this node's own notices from the others'; new at each start, so a restarted node is another node. */
    private final String node = UUID.randomUUID().toString().substring(0, 13).replace("-", "");

    @Bean
    NoticePublisher liveNoticePublisher(NoticeRepository notices, ObjectProvider<MeterRegistry> meters) {
        return new NoticePublisher(notices, node, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    NoticeListener liveNoticeListener(
            DataSource dataSource,
            Environment env,
            QueryUpdateEmitter updates,
            ObjectProvider<LiveStreams> streams,
            ObjectProvider<MeterRegistry> meters) {
        return new NoticeListener(
                connector(dataSource, env),
                node,
                updates,
                () -> streams.ifAvailable(LiveStreams::refreshAll),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /**
     * A connection of its own, outside the pool, with the pool's URL, role and password: the application's role,
     * so the listener needs no grant or secret of its own (LISTEN reads no table; row-level security does not
     * apply to it).
     */
    static NoticeListener.Connector connector(DataSource dataSource, Environment env) {
        HikariDataSource pool = dataSource instanceof HikariDataSource h ? h : null;
        String url = pool != null && pool.getJdbcUrl() != null
                ? pool.getJdbcUrl()
                : env.getRequiredProperty("spring.datasource.url");
        Properties props = new Properties();
        if (pool != null) {
            props.putAll(pool.getDataSourceProperties());
        }
        String user = pool != null && pool.getUsername() != null
                ? pool.getUsername()
                : env.getProperty("spring.datasource.username");
        String password = pool != null && pool.getPassword() != null
                ? pool.getPassword()
                : env.getProperty("spring.datasource.password");
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", "stockade-live-listener");
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("connectTimeout", "10");
        Driver driver = new Driver();
        return () -> {
            Connection c = driver.connect(url, props);
            if (c == null) {
                throw new SQLException("not a PostgreSQL URL: the live-notice listener needs PostgreSQL");
            }
            c.setAutoCommit(true);
            return c;
        };
    }
}
