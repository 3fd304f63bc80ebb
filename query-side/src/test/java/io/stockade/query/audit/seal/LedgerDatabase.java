package io.stockade.query.audit.seal;

import io.stockade.platform.db.DatabaseProvisioner.Provisioned;
import io.stockade.testsupport.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/** A fresh database with the event store, the read schema and the ledger, used as the application role. */
final class LedgerDatabase implements AutoCloseable {
    final Provisioned db;
    final String url;
    final DSLContext dsl;
    final TransactionTemplate tx;

    LedgerDatabase() {
        db = TestServices.newDatabase();
        url = TestServices.jdbcUrl(db);
        for (String schema : new String[] {"axon", "read", "ledger"}) {
            Flyway.configure()
                    .dataSource(url, db.ownerUser(), db.ownerPassword())
                    .schemas(schema)
                    .defaultSchema(schema)
                    .createSchemas(true)
                    .table("flyway_history")
                    .locations("classpath:db/" + schema)
                    .load()
                    .migrate();
        }
        try (Connection owner = owner();
                Statement st = owner.createStatement()) {
            for (String schema : new String[] {"axon", "read", "ledger"}) {
                st.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + db.appUser());
                st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema + " TO "
                        + db.appUser());
                st.execute("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + db.appUser());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        DriverManagerDataSource app = new DriverManagerDataSource(url, db.appUser(), db.appPassword());
        tx = new TransactionTemplate(new DataSourceTransactionManager(app));
        dsl = DSL.using(new TransactionAwareDataSourceProxy(app), SQLDialect.POSTGRES);
    }

    Connection owner() throws SQLException {
        return DriverManager.getConnection(url, db.ownerUser(), db.ownerPassword());
    }

    /** Appends an event of {@code tenant} on {@code c} (which may hold a transaction open) and answers its position. */
    static long append(Connection c, UUID tenant, String aggregate, long sequence, String payload) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "insert into axon.domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,"
                        + " meta_data, payload, payload_type, payload_revision, time_stamp)"
                        + " values (?, ?, 'InventoryItem', ?, ?, ?, 'StockAdjusted', null, ?) returning global_index")) {
            st.setString(1, aggregate);
            st.setLong(2, sequence);
            st.setString(3, UUID.randomUUID().toString());
            st.setBytes(4, ("{\"tenantId\":\"" + tenant + "\",\"userId\":\"u1\"}").getBytes());
            st.setBytes(5, payload.getBytes());
            st.setString(6, "2026-12-07T00:00:0" + (sequence % 10) + "Z");
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    long append(UUID tenant, String aggregate, long sequence, String payload) {
        try (Connection c = owner()) {
            return append(c, tenant, aggregate, sequence, payload);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        TestServices.drop(db);
    }
}
