package io.stockade.query.audit.seal;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.audit.proof.StoredEvent;
import io.stockade.platform.db.DatabaseProvisioner.Provisioned;
import io.stockade.testsupport.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seal-gap rule against real PostgreSQL transactions: an append held open across a sealing round keeps its
 * position unsealed until it ends, then it is sealed in order if it committed, or recorded as a gap if it rolled back.
 */
class SealGapIT {
    private Provisioned db;
    private String url;
    private Connection sealerConnection;
    private StoredEventRepository events;
    private final GapWatch watch = new GapWatch();
    private long sealedThrough;

    @BeforeEach
    void createEventStore() throws SQLException {
        db = TestServices.newDatabase();
        url = TestServices.jdbcUrl(db);
        Flyway.configure()
                .dataSource(url, db.ownerUser(), db.ownerPassword())
                .schemas("axon")
                .defaultSchema("axon")
                .createSchemas(true)
                .table("flyway_history")
                .locations("classpath:db/axon")
                .load()
                .migrate();
        sealerConnection = DriverManager.getConnection(url, db.ownerUser(), db.ownerPassword());
        DSLContext dsl = DSL.using(sealerConnection, SQLDialect.POSTGRES);
        events = new StoredEventRepository(dsl);
    }

    @AfterEach
    void dropIt() throws SQLException {
        sealerConnection.close();
        TestServices.drop(db);
    }

    @Test
    void shouldWaitForAnAppendHeldOpenAndSealItInOrderWhenItCommits() throws Exception {
        append("a");
        try (Connection slow = DriverManager.getConnection(url, db.ownerUser(), db.ownerPassword())) {
            slow.setAutoCommit(false);
            long held = append(slow, "held");
            append("c");

            GapWatch.Decision first = round();
            assertThat(first.sealable()).containsExactly(1L);
            assertThat(first.blockedAt()).isEqualTo(held);

            GapWatch.Decision whileOpen = round();
            assertThat(whileOpen.sealable()).isEmpty();
            assertThat(whileOpen.blockedAt()).isEqualTo(held);
            assertThat(sealedThrough).isEqualTo(1L);

            slow.commit();
        }
        GapWatch.Decision after = round();
        assertThat(after.gaps()).isEmpty();
        assertThat(after.sealable()).containsExactly(2L, 3L);
        assertThat(after.blockedAt()).isNull();
    }

    @Test
    void shouldRecordAGapOnceTheAppendThatHeldItRollsBack() throws Exception {
        append("a");
        try (Connection slow = DriverManager.getConnection(url, db.ownerUser(), db.ownerPassword())) {
            slow.setAutoCommit(false);
            append(slow, "rolled back");
            append("c");
            assertThat(round().blockedAt()).isEqualTo(2L);
            slow.rollback();
        }
        GapWatch.Decision after = round();
        assertThat(after.gaps()).containsExactly(2L);
        assertThat(after.sealable()).containsExactly(3L);
        assertThat(sealedThrough).isEqualTo(3L);
    }

    @Test
    void shouldNotWaitForTransactionsThatStartAfterTheGapWasSeen() throws Exception {
        append("a");
        Connection slow = DriverManager.getConnection(url, db.ownerUser(), db.ownerPassword());
        slow.setAutoCommit(false);
        append(slow, "rolled back");
        append("c");
        assertThat(round().blockedAt()).isEqualTo(2L);
        slow.rollback();
        slow.close();
        // A transaction that begins after the gap was noted cannot hold it: the gap settles although it still runs.
        try (Connection later = DriverManager.getConnection(url, db.ownerUser(), db.ownerPassword())) {
            later.setAutoCommit(false);
            append(later, "later");
            GapWatch.Decision after = round();
            assertThat(after.gaps()).containsExactly(2L);
            assertThat(after.sealable()).containsExactly(3L);
            later.rollback();
        }
    }

    /** One sealing round as the sealer runs it: settle, read, decide, advance. */
    private GapWatch.Decision round() {
        var settled = watch.settled(events::stillRunning);
        List<Long> visible = events.after(sealedThrough, 1000).stream()
                .map(StoredEvent::globalIndex)
                .toList();
        GapWatch.Decision decision = watch.decide(sealedThrough, visible, settled, events.runningTransactions());
        long last = sealedThrough;
        for (long p : decision.sealable()) {
            last = Math.max(last, p);
        }
        for (long g : decision.gaps()) {
            last = Math.max(last, g);
        }
        sealedThrough = last;
        return decision;
    }

    private long append(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, db.ownerUser(), db.ownerPassword())) {
            return append(c, name);
        }
    }

    private static long append(Connection c, String name) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "insert into axon.domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,"
                        + " meta_data, payload, payload_type, time_stamp) values (?, 0, 'Item', ?, ?, ?, 'T', ?)"
                        + " returning global_index")) {
            st.setString(1, name);
            st.setString(2, UUID.randomUUID().toString());
            st.setBytes(3, "{}".getBytes());
            st.setBytes(4, ("{\"name\":\"" + name + "\"}").getBytes());
            st.setString(5, "2026-12-07T00:00:00Z");
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
