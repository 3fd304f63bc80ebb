package io.stockade.platform.db;

import com.zaxxer.hikari.HikariDataSource;
import io.stockade.platform.config.StockadeProperties;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Migrates every schema as soon as the application's DataSource exists, before anything can use
 * it: migrations run as the owner role, the application role only receives DML rights. The
 * application role is then checked: a superuser or BYPASSRLS role would silently switch
 * row-level security off, so production refuses it.
 */
public class Migrations implements BeanPostProcessor, BeanFactoryAware, EnvironmentAware {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    private static final Pattern IDENT = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** The advisory lock all of Stockade's services take to migrate: "stockade" in ASCII. */
    static final long LOCK_KEY = 0x73746f636b616465L;

    static final Duration LOCK_WAIT = Duration.ofMinutes(10);

    private ListableBeanFactory beans;
    private Environment environment;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beans = (ListableBeanFactory) beanFactory;
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) throws BeansException {
        if (bean instanceof DataSource ds && "dataSource".equals(name)) {
            migrate(ds);
        }
        return bean;
    }

    private void migrate(DataSource app) {
        StockadeProperties props = Binder.get(environment)
                .bind("stockade", StockadeProperties.class)
                .orElseGet(() -> new StockadeProperties(null, null, null, null, null));
        String url = environment.getProperty("spring.datasource.url");
        if (url == null && app instanceof HikariDataSource h) {
            url = h.getJdbcUrl();
        }
        String appUser = environment.getProperty("spring.datasource.username");
        if (appUser == null && app instanceof HikariDataSource h) {
            appUser = h.getUsername();
        }
        String ownerUser = props.db().migrationUsername() != null ? props.db().migrationUsername() : appUser;
        String ownerPassword = props.db().migrationUsername() != null
                ? props.db().migrationPassword()
                : environment.getProperty(
                        "spring.datasource.password", app instanceof HikariDataSource h ? h.getPassword() : null);
        List<MigrationSet> sets = beans.getBeansOfType(MigrationSet.class).values().stream()
                .sorted(Comparator.comparingInt(MigrationSet::order))
                .toList();
        long start = System.nanoTime();
        apply(url, ownerUser, ownerPassword, appUser, sets);
        checkApplicationRole(app, props);
        log.info("Migrated {} schemas in {} ms", sets.size(), (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Migrates {@code sets} in order as {@code owner} and grants {@code appUser} (when it is another role) its
     * rights, all under one PostgreSQL advisory lock: when several services start at once on an empty database,
     * one migrates and the others wait, then find nothing left to do. Flyway locks each history table on its own,
     * but not the {@code CREATE SCHEMA} before it nor the grants after it (concurrent {@code GRANT}s on one table
     * fail with "tuple concurrently updated"). Waits at most {@link #LOCK_WAIT} for another node's migration.
     */
    public static void apply(String url, String owner, String password, String appUser, List<MigrationSet> sets) {
        // Flyway's own DataSource: it loads the driver itself, which DriverManager may not see in a packaged jar.
        DataSource ds = Flyway.configure().dataSource(url, owner, password).getDataSource();
        try (Connection lock = ds.getConnection()) {
            hold(lock);
            try {
                for (MigrationSet set : sets) {
                    Flyway.configure()
                            .dataSource(url, owner, password)
                            .schemas(set.schema())
                            .defaultSchema(set.schema())
                            .createSchemas(true)
                            .table("flyway_history")
                            .locations(set.location())
                            .load()
                            .migrate();
                }
                if (appUser != null && !appUser.equals(owner)) {
                    grant(lock, appUser, sets);
                }
            } finally {
                try (PreparedStatement ps = lock.prepareStatement("select pg_advisory_unlock(?)")) {
                    ps.setLong(1, LOCK_KEY);
                    ps.execute();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Migrating the database failed: " + e.getMessage(), e);
        }
    }

    private static void hold(Connection lock) throws SQLException {
        try (PreparedStatement ps = lock.prepareStatement("select pg_try_advisory_lock(?)")) {
            ps.setLong(1, LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            }
        }
        log.info("Another process is migrating this database; waiting for it (at most {})", LOCK_WAIT);
        try (var st = lock.createStatement()) {
            st.execute("set lock_timeout = '" + LOCK_WAIT.toMillis() + "ms'");
        }
        try (PreparedStatement ps = lock.prepareStatement("select pg_advisory_lock(?)")) {
            ps.setLong(1, LOCK_KEY);
            ps.execute();
        } catch (SQLException e) {
            throw new SQLException(
                    "another process held the migration lock for more than " + LOCK_WAIT
                            + " (pg_locks shows which: locktype 'advisory', objid " + (int) LOCK_KEY + ")",
                    e.getSQLState(),
                    e);
        }
        try (var st = lock.createStatement()) {
            st.execute("set lock_timeout = 0");
        }
    }

    private static void grant(Connection c, String appUser, List<MigrationSet> sets) throws SQLException {
        requireIdentifier(appUser);
        for (MigrationSet set : sets) {
            requireIdentifier(set.schema());
            try (var st = c.createStatement()) {
                // Identifiers are checked against a strict pattern above; PostgreSQL cannot bind them as
                // parameters.
                st.execute("GRANT USAGE ON SCHEMA " + set.schema() + " TO " + appUser);
                st.execute("GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA " + set.schema()
                        + " TO " + appUser);
                st.execute("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA " + set.schema() + " TO " + appUser);
                st.execute("REVOKE ALL ON " + set.schema() + ".flyway_history FROM " + appUser);
            }
        }
    }

    private static void checkApplicationRole(DataSource app, StockadeProperties props) {
        try (Connection c = app.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select rolsuper, rolbypassrls from pg_roles where rolname = current_user");
                ResultSet rs = ps.executeQuery()) {
            if (rs.next() && (rs.getBoolean(1) || rs.getBoolean(2))) {
                String message = "The application's database role is a superuser or has BYPASSRLS: "
                        + "row-level security would not apply. Connect as an ordinary role and give the owner "
                        + "role in STOCKADE_DB_MIGRATION_USERNAME / STOCKADE_DB_MIGRATION_PASSWORD.";
                if (props.production()) {
                    throw new IllegalStateException(message);
                }
                log.warn(message);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot check the application's database role: " + e.getMessage(), e);
        }
    }

    private static void requireIdentifier(String name) {
        if (!IDENT.matcher(name).matches()) {
            throw new IllegalStateException("Not a plain SQL identifier: " + name);
        }
    }
}
