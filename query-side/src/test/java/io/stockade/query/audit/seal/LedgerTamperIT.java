package io.stockade.query.audit.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.stockade.api.common.TenantId;
import io.stockade.audit.proof.Checkpoint;
import io.stockade.audit.proof.LeafEncoding;
import io.stockade.audit.proof.MerkleHasher;
import io.stockade.audit.proof.NoteSigner;
import io.stockade.audit.proof.StoredEvent;
import io.stockade.audit.proof.StoredHash;
import io.stockade.audit.proof.TreeFrontier;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tampering done directly in PostgreSQL, as someone with write access to the database would: each kind is caught by
 * the verifier and located by position, with the event's aggregate and sequence where a row names them.
 */
class LedgerTamperIT {
    private final LedgerDatabase db = new LedgerDatabase();
    private final UUID acme = UUID.randomUUID();
    private final UUID globex = UUID.randomUUID();
    private final TenantId tenant = new TenantId(acme);
    private final NoteSigner signer = NoteSigner.generate("stockade-audit-test", new SecureRandom());
    private final List<Long> positions = new ArrayList<>();

    @TempDir
    Path checkpointDir;

    private Sealer sealer;

    @BeforeEach
    void sealSomeEvents() {
        sealer = new Sealer(
                new StoredEventRepository(db.dsl),
                new LedgerRepository(db.dsl),
                db.tx,
                new Checkpoints(signer, checkpointDir),
                new SealSettings(4L, Duration.ofSeconds(60), checkpointDir, null, 1000, null),
                Clock.fixed(Instant.parse("2026-12-07T02:00:00Z"), ZoneOffset.UTC));
        sealer.registerSigningKey();
        for (int i = 0; i < 10; i++) {
            positions.add(db.append(acme, "item-a", i, "{\"quantity\":" + i + "}"));
            db.append(globex, "item-g", i, "{\"quantity\":" + i + "}");
        }
        sealer.sealOnce();
        sealer.sealAndCheckpointAll();
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private LedgerVerifier verifier() {
        return new LedgerVerifier(
                new LedgerRepository(db.dsl), new StoredEventRepository(db.dsl), db.tx, () -> List.of());
    }

    private LedgerVerifier.Report verify() {
        return verifier().verify(tenant, null, null, LedgerVerifier.Progress.NONE);
    }

    private void sql(String statement, Object... args) {
        try (Connection c = db.owner();
                PreparedStatement st = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            st.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldVerifyAnUntouchedLogWithItsCheckpoints() {
        LedgerVerifier.Report report = verify();
        assertThat(report.problems()).isEmpty();
        assertThat(report.verified()).isTrue();
        assertThat(report.eventsChecked()).isEqualTo(10);
        assertThat(report.treeSize()).isEqualTo(10);
        assertThat(report.checkpointsChecked())
                .as("size 10 signed at once (never signed before) and at shutdown nothing new")
                .isGreaterThanOrEqualTo(1);
        String note = db.tx.execute(s -> {
            db.dsl.execute("select set_config('stockade.tenant_id', '" + acme + "', true)");
            return new LedgerRepository(db.dsl)
                    .lastCheckpoint(tenant)
                    .orElseThrow()
                    .note();
        });
        try {
            assertThat(Checkpoint.open(note, List.of(signer.verifierKey())).rootHash())
                    .isEqualTo(report.rootHash());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldLocateAPayloadByteEdited() {
        long p = positions.get(3);
        sql(
                "update axon.domain_event_entry set payload = set_byte(payload, 2, get_byte(payload, 2) # 1)"
                        + " where global_index = ?",
                p);
        assertThat(verify().problems())
                .extracting("position", "aggregateId", "sequence", "kind")
                .containsExactly(tuple(p, "item-a", 3L, "edited"));
    }

    @Test
    void shouldLocateChangedMetadata() {
        long p = positions.get(5);
        sql(
                "update axon.domain_event_entry set meta_data = convert_to(replace(convert_from(meta_data, 'UTF8'),"
                        + " '\"u1\"', '\"u2\"'), 'UTF8') where global_index = ?",
                p);
        assertThat(verify().problems())
                .extracting("position", "aggregateId", "sequence", "kind")
                .containsExactly(tuple(p, "item-a", 5L, "edited"));
    }

    @Test
    void shouldLocateADeletedRow() {
        long p = positions.get(7);
        sql("delete from axon.domain_event_entry where global_index = ?", p);
        LedgerVerifier.Report report = verify();
        assertThat(report.verified()).isFalse();
        assertThat(report.problems()).extracting("position", "kind").containsExactly(tuple(p, "deleted"));
    }

    @Test
    void shouldLocateTwoSwappedRowsAsReordered() {
        long p = positions.get(1);
        long q = positions.get(6);
        sql("update axon.domain_event_entry set global_index = -1 where global_index = ?", p);
        sql("update axon.domain_event_entry set global_index = ? where global_index = ?", p, q);
        sql("update axon.domain_event_entry set global_index = ? where global_index = -1", q);
        assertThat(verify().problems())
                .extracting("position", "aggregateId", "sequence", "kind")
                .containsExactly(tuple(p, "item-a", 6L, "reordered"), tuple(q, "item-a", 1L, "reordered"));
    }

    @Test
    void shouldLocateAForgedEventInsertedAtAGapWithAPlausibleSequence() throws Exception {
        long gap;
        try (Connection c = db.owner()) {
            c.setAutoCommit(false);
            gap = LedgerDatabase.append(c, acme, "item-b", 0, "{\"rolled\":\"back\"}");
            c.rollback();
        }
        db.append(acme, "item-a", 10, "{\"quantity\":10}");
        // The gap rule waits for every transaction of the server that was running when the hole was seen.
        for (int i = 0; i < 300 && db.dsl.fetchCount(db.dsl.selectFrom("ledger.gap")) == 0; i++) {
            sealer.sealOnce();
            Thread.sleep(100);
        }
        assertThat(db.dsl.fetchValue("select position from ledger.gap"))
                .as("the rolled-back position became a recorded gap")
                .isEqualTo(gap);
        assertThat(verify().verified()).isTrue();

        try (Connection c = db.owner();
                PreparedStatement st = c.prepareStatement(
                        "insert into axon.domain_event_entry (global_index, aggregate_identifier, sequence_number,"
                                + " type, event_identifier, meta_data, payload, payload_type, payload_revision,"
                                + " time_stamp) values (?, 'item-a', 11, 'InventoryItem', ?, ?, ?, 'StockAdjusted',"
                                + " null, '2026-12-07T00:00:09Z')")) {
            st.setLong(1, gap);
            st.setString(2, UUID.randomUUID().toString());
            st.setBytes(3, ("{\"tenantId\":\"" + acme + "\",\"userId\":\"u1\"}").getBytes());
            st.setBytes(4, "{\"quantity\":-500}".getBytes());
            st.execute();
        }
        assertThat(verify().problems())
                .extracting("position", "aggregateId", "sequence", "kind")
                .containsExactly(tuple(gap, "item-a", 11L, "inserted"));
    }

    @Test
    void shouldCatchARewrittenCheckpointNote() throws Exception {
        try (Connection c = db.owner();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("select set_config('stockade.tenant_id', '" + acme + "', true)");
            // The root line of the note changed, the signature kept: the signature no longer verifies.
            st.execute("update ledger.checkpoint set note = regexp_replace(note, E'\\n10\\n[^\\n]+\\n',"
                    + " E'\\n10\\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\\n') where tree_size = 10");
            c.commit();
        }
        assertThat(verify().problems())
                .extracting("position", "kind", "treeSize")
                .containsExactly(tuple(positions.get(9), "bad-signature", 10L));
    }

    @Test
    void shouldCatchACheckpointResignedWithAnotherKey() throws Exception {
        NoteSigner forger = NoteSigner.generate("stockade-audit-test", new SecureRandom());
        String forged = new Checkpoint(
                        EventTenants.origin(tenant), 10, MerkleHasher.EMPTY_ROOT, List.of("time 2026-12-07T02:00:00Z"))
                .sign(forger);
        try (Connection c = db.owner();
                PreparedStatement bind = c.prepareStatement("select set_config('stockade.tenant_id', ?, true)");
                PreparedStatement st = c.prepareStatement(
                        "update ledger.checkpoint set note = ?, root_hash = ? where tree_size = 10")) {
            c.setAutoCommit(false);
            bind.setString(1, acme.toString());
            bind.execute();
            st.setString(1, forged);
            st.setBytes(2, MerkleHasher.EMPTY_ROOT.toBytes());
            st.execute();
            c.commit();
        }
        assertThat(verify().problems()).extracting("kind", "treeSize").containsExactly(tuple("bad-signature", 10L));
    }

    @Test
    void shouldCatchAnEditWhoseLeafAndTreeWereRewrittenToMatchAgainstTheSignedRoot() throws Exception {
        long p = positions.get(4);
        sql(
                "update axon.domain_event_entry set payload = convert_to('{\"quantity\":400}', 'UTF8')"
                        + " where global_index = ?",
                p);
        // Rewrite the ledger to match: the leaf and every subtree hash above it, as a careful forger would.
        List<StoredEvent> rows = new StoredEventRepository(db.dsl)
                .after(0, 100).stream()
                        .filter(e -> positions.contains(e.globalIndex()))
                        .toList();
        List<StoredHash> nodes = TreeFrontier.empty()
                .appendAll(rows.stream().map(LeafEncoding::leafHash).toList());
        try (Connection c = db.owner();
                PreparedStatement bind = c.prepareStatement("select set_config('stockade.tenant_id', ?, true)");
                PreparedStatement leaf =
                        c.prepareStatement("update ledger.leaf set leaf_hash = ? where leaf_index = ?");
                PreparedStatement node =
                        c.prepareStatement("update ledger.tree_node set hash = ? where tree_level = ? and idx = ?")) {
            c.setAutoCommit(false);
            bind.setString(1, acme.toString());
            bind.execute();
            for (StoredHash n : nodes) {
                if (n.node().level() == 0) {
                    leaf.setBytes(1, n.hash().toBytes());
                    leaf.setLong(2, n.node().index());
                    leaf.execute();
                } else {
                    node.setBytes(1, n.hash().toBytes());
                    node.setShort(2, (short) n.node().level());
                    node.setLong(3, n.node().index());
                    node.execute();
                }
            }
            c.commit();
        }
        LedgerVerifier.Report report = verify();
        assertThat(report.verified()).isFalse();
        assertThat(report.problems())
                .extracting("position", "kind", "treeSize")
                .containsExactly(tuple(positions.get(9), "tree-mismatch", 10L));
    }

    @Test
    void shouldCheckOnlyTheRangeAskedFor() {
        sql("delete from axon.domain_event_entry where global_index = ?", positions.get(8));
        LedgerVerifier.Report early = verifier().verify(tenant, positions.get(0), positions.get(4), (c, t) -> {});
        assertThat(early.problems()).isEmpty();
        assertThat(early.eventsChecked()).isEqualTo(5);
        LedgerVerifier.Report late = verifier().verify(tenant, positions.get(5), null, (c, t) -> {});
        assertThat(late.problems()).extracting("position", "kind").containsExactly(tuple(positions.get(8), "deleted"));
    }
}
