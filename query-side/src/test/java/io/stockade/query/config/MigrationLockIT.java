package io.stockade.query.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.platform.db.DatabaseProvisioner.Provisioned;
import io.stockade.platform.db.MigrationSet;
import io.stockade.platform.db.Migrations;
import io.stockade.testsupport.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several services starting at once on an empty database: every one runs the same migrations and grants, one
 * at a time under Stockade's advisory lock, so each succeeds, each script ran once, and the application role ends
 * with its rights. Four processes are four callers of the code every host runs at start; while another process
 * holds the lock, none of them creates anything.
 */
class MigrationLockIT {
    /** Migrations.LOCK_KEY: "stockade" in ASCII. */
    private static final long LOCK_KEY = 0x73746f636b616465L;

    private static final List<MigrationSet> SETS = List.of(
            new MigrationSet("axon", "classpath:db/axon", 0),
            new MigrationSet("privacy", "classpath:db/privacy", 1),
            new MigrationSet("read", "classpath:db/read", 20),
            new MigrationSet("ledger", "classpath:db/ledger", 25));

    private Provisioned db;
    private String url;

    @BeforeEach
    void emptyDatabase() {
        db = TestServices.newDatabase();
        url = TestServices.jdbcUrl(db);
    }

    @AfterEach
    void drop() {
        TestServices.drop(db);
    }

    @Test
    void shouldMigrateOnceWhenFourServicesStartTogether() throws Exception {
        int services = 4;
        CyclicBarrier together = new CyclicBarrier(services);
        ExecutorService pool = Executors.newFixedThreadPool(services);
        List<Future<?>> started = new ArrayList<>();
        // A fifth process is in the middle of its migration: it holds the lock, so all four must wait for it.
        try (Connection migrating = DriverManager.getConnection(url, db.ownerUser(), db.ownerPassword());
                Statement lock = migrating.createStatement()) {
            lock.execute("select pg_advisory_lock(" + LOCK_KEY + ")");
            for (int i = 0; i < services; i++) {
                started.add(pool.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    Migrations.apply(url, db.ownerUser(), db.ownerPassword(), db.appUser(), SETS);
                    return null;
                }));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (waitingForTheLock(lock) < services && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(waitingForTheLock(lock)).as("all four wait for the lock").isEqualTo(services);
            assertThat(schemas(lock))
                    .as("nothing migrated while the lock is held")
                    .isZero();
            assertThat(started).noneMatch(Future::isDone);
            lock.execute("select pg_advisory_unlock(" + LOCK_KEY + ")");
            for (Future<?> f : started) {
                f.get(5, TimeUnit.MINUTES); // throws if that service's migration failed
            }
        } finally {
            pool.shutdownNow();
        }

        try (Connection owner = DriverManager.getConnection(url, db.ownerUser(), db.ownerPassword());
                Statement st = owner.createStatement()) {
            for (MigrationSet set : SETS) {
                try (ResultSet rs = st.executeQuery("select count(*), count(distinct version), bool_and(success) from "
                        + set.schema() + ".flyway_history where version is not null")) {
                    rs.next();
                    assertThat(rs.getInt(1))
                            .as(set.schema() + ": each script ran once")
                            .isEqualTo(rs.getInt(2));
                    assertThat(rs.getInt(1)).as(set.schema()).isPositive();
                    assertThat(rs.getBoolean(3)).as(set.schema()).isTrue();
                }
            }
            try (ResultSet rs = st.executeQuery("select count(*) from pg_locks where locktype = 'advisory'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the lock is released").isZero();
            }
        }
        try (Connection app = DriverManager.getConnection(url, db.appUser(), db.appPassword());
                Statement st = app.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from information_schema.tables t where"
                        + " t.table_schema in ('axon', 'privacy', 'read', 'ledger') and t.table_type = 'BASE TABLE'"
                        + " and t.table_name <> 'flyway_history'"
                        + " and not has_table_privilege(t.table_schema || '.' || t.table_name, 'SELECT, INSERT')")) {
            rs.next();
            assertThat(rs.getInt(1))
                    .as("tables the application role cannot use")
                    .isZero();
        }
    }

    private static int waitingForTheLock(Statement st) throws Exception {
        try (ResultSet rs = st.executeQuery("select count(*) from pg_locks where locktype = 'advisory' and not granted"
                + " and database = (select oid from pg_database where datname = current_database())")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int schemas(Statement st) throws Exception {
        try (ResultSet rs = st.executeQuery(
                "select count(*) from pg_namespace where nspname in ('axon', 'privacy', 'read', 'ledger')")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
