package io.stockade.query.audit.seal;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.audit.proof.StoredEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The seal-gap rule against real PostgreSQL transactions: an append held open across a sealing round keeps its
 * position unsealed until it ends, then it is sealed in order if it committed, or recorded as a gap if it rolled back.
 */
class SealGapIT {
    private final LedgerDatabase db = new LedgerDatabase();
    private final StoredEventRepository events = new StoredEventRepository(db.dsl);
    private final UUID tenant = UUID.randomUUID();
    private final GapWatch watch = new GapWatch();
    private long sealedThrough;

    @AfterEach
    void dropIt() {
        db.close();
    }

    @Test
    void shouldWaitForAnAppendHeldOpenAndSealItInOrderWhenItCommits() throws Exception {
        append("a");
        try (Connection slow = db.owner()) {
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
        try (Connection slow = db.owner()) {
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
        Connection slow = db.owner();
        slow.setAutoCommit(false);
        append(slow, "rolled back");
        append("c");
        assertThat(round().blockedAt()).isEqualTo(2L);
        slow.rollback();
        slow.close();
        // A transaction that begins after the gap was noted cannot hold it: the gap settles although it still runs.
        try (Connection later = db.owner()) {
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

    private long append(String name) {
        return db.append(tenant, name, 0, "{}");
    }

    private long append(Connection c, String name) throws SQLException {
        return LedgerDatabase.append(c, tenant, name, 0, "{}");
    }
}
