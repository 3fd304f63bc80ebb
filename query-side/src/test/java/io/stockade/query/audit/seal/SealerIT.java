package io.stockade.query.audit.seal;

import static io.stockade.query.audit.seal.jooq.Tables.LEAF;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.api.common.TenantId;
import io.stockade.audit.proof.Checkpoint;
import io.stockade.audit.proof.Hash;
import io.stockade.audit.proof.LeafEncoding;
import io.stockade.audit.proof.MerkleHasher;
import io.stockade.audit.proof.MerkleLog;
import io.stockade.audit.proof.NoteSigner;
import io.stockade.audit.proof.ProofVerifier;
import io.stockade.audit.proof.StoredEvent;
import io.stockade.platform.tenancy.Tenancy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sealer against a real event table: one log per organisation, roots and proofs that verify, signed checkpoints. */
class SealerIT {
    private final LedgerDatabase db = new LedgerDatabase();
    private final UUID acme = UUID.randomUUID();
    private final UUID globex = UUID.randomUUID();
    private final NoteSigner signer = NoteSigner.generate("stockade-audit-test", new SecureRandom());

    @TempDir
    Path checkpointDir;

    @AfterEach
    void drop() {
        db.close();
    }

    private Sealer sealer(long checkpointEvents, Instant now) {
        SealSettings settings =
                new SealSettings(checkpointEvents, Duration.ofSeconds(60), checkpointDir, null, 1000, null);
        return new Sealer(
                new StoredEventRepository(db.dsl),
                new LedgerRepository(db.dsl),
                db.tx,
                new Checkpoints(signer, checkpointDir),
                settings,
                Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void shouldSealEachOrganisationsEventsIntoItsOwnLogWithRootsAndProofsThatVerify() throws Exception {
        List<Long> acmePositions = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            acmePositions.add(db.append(acme, "item-a", i, "{\"n\":" + i + "}"));
            db.append(globex, "item-g", i, "{\"g\":" + i + "}");
        }
        Sealer sealer = sealer(5, Instant.parse("2026-12-07T01:00:00Z"));
        Sealer.Round round = sealer.sealOnce();
        assertThat(round.sealed()).isEqualTo(14);
        assertThat(round.checkpointsSigned())
                .as("7 ≥ 5 events since the last checkpoint: both logs")
                .isEqualTo(2);

        TenantId tenant = new TenantId(acme);
        List<StoredEvent> stored = new StoredEventRepository(db.dsl)
                .after(0, 100).stream()
                        .filter(e -> acmePositions.contains(e.globalIndex()))
                        .toList();
        List<Hash> expectedLeaves = stored.stream().map(LeafEncoding::leafHash).toList();
        Hash root = db.tx.execute(s -> {
            Tenancy.bind(db.dsl, tenant);
            MerkleLog log = new MerkleLog(new LedgerRepository(db.dsl).hashes(tenant));
            for (int i = 0; i < expectedLeaves.size(); i++) {
                assertThat(log.leafHash(i)).isEqualTo(expectedLeaves.get(i));
                List<Hash> proof = log.inclusionProof(i, 7);
                try {
                    ProofVerifier.verifyInclusion(i, 7, expectedLeaves.get(i), proof, log.rootAt(7));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
            return log.rootAt(7);
        });
        assertThat(root).isEqualTo(naiveRoot(expectedLeaves));

        String note = Files.readString(checkpointDir.resolve(acme.toString()).resolve(String.format("%020d.note", 7)));
        Checkpoint checkpoint = Checkpoint.open(note, Set.of(signer.verifierKey()));
        assertThat(checkpoint.origin()).isEqualTo("stockade/" + acme);
        assertThat(checkpoint.treeSize()).isEqualTo(7);
        assertThat(checkpoint.rootHash()).isEqualTo(root);
        assertThat(checkpoint.extensions()).containsExactly("time 2026-12-07T01:00:00Z");
        String storedNote = db.tx.execute(s -> {
            Tenancy.bind(db.dsl, tenant);
            return new LedgerRepository(db.dsl)
                    .lastCheckpoint(tenant)
                    .orElseThrow()
                    .note();
        });
        assertThat(storedNote).isEqualTo(note);
    }

    @Test
    void shouldAppendLaterEventsToTheSameTreeAsSealingItAllAtOnceWould() {
        for (int i = 0; i < 5; i++) {
            db.append(acme, "item-a", i, "{\"n\":" + i + "}");
        }
        Sealer sealer = sealer(1000, Instant.parse("2026-12-07T01:00:00Z"));
        sealer.sealOnce();
        for (int i = 5; i < 13; i++) {
            db.append(acme, "item-a", i, "{\"n\":" + i + "}");
        }
        // A fresh sealer (another node, or after a restart) continues the same log from the stored hashes.
        sealer(1000, Instant.parse("2026-12-07T01:00:05Z")).sealOnce();
        TenantId tenant = new TenantId(acme);
        List<Hash> leaves = new StoredEventRepository(db.dsl)
                .after(0, 100).stream().map(LeafEncoding::leafHash).toList();
        Hash root = db.tx.execute(s -> {
            Tenancy.bind(db.dsl, tenant);
            return new MerkleLog(new LedgerRepository(db.dsl).hashes(tenant)).rootAt(13);
        });
        assertThat(root).isEqualTo(naiveRoot(leaves));
    }

    @Test
    void shouldKeepAnAppendHeldOpenAcrossASealOutOfTheLogUntilItCommitsAndThenSealItInOrder() throws Exception {
        db.append(acme, "item-a", 0, "{}");
        Sealer sealer = sealer(1000, Instant.parse("2026-12-07T01:00:00Z"));
        long held;
        try (Connection slow = db.owner()) {
            slow.setAutoCommit(false);
            held = LedgerDatabase.append(slow, acme, "item-b", 0, "{\"slow\":true}");
            db.append(acme, "item-a", 1, "{}");
            Sealer.Round whileOpen = sealer.sealOnce();
            assertThat(whileOpen.sealed()).isEqualTo(1);
            assertThat(whileOpen.waitingAt()).isEqualTo(held);
            assertThat(sealer.sealOnce().sealed()).isZero();
            slow.commit();
        }
        Sealer.Round after = sealer.sealOnce();
        assertThat(after.sealed()).isEqualTo(2);
        assertThat(after.waitingAt()).isNull();
        TenantId tenant = new TenantId(acme);
        Long positionOfLeaf1 = db.tx.execute(s -> {
            Tenancy.bind(db.dsl, tenant);
            return db.dsl
                    .select(LEAF.POSITION)
                    .from(LEAF)
                    .where(LEAF.LEAF_INDEX.eq(1L))
                    .fetchSingle()
                    .value1();
        });
        assertThat(positionOfLeaf1)
                .as("the late commit keeps its place in position order")
                .isEqualTo(held);
    }

    @Test
    void shouldSealAnEventInThePayloadsOrganisationWhenItsMetadataNamesAnother() {
        // Metadata names who asked (acme's session); the payload names the aggregate's own organisation (globex).
        long disputed = db.append(acme, "item-g", 0, "{\"tenantId\":\"" + globex + "\",\"n\":1}");
        db.append(acme, "item-a", 0, "{\"n\":2}");
        sealer(1000, Instant.parse("2026-12-07T01:00:00Z")).sealOnce();

        assertThat(logSize(globex)).isEqualTo(1);
        assertThat(logSize(acme))
                .as("only the event whose payload names no organisation falls back to the metadata's")
                .isEqualTo(1);
        Long sealedInGlobex = db.tx.execute(s -> {
            Tenancy.bind(db.dsl, new TenantId(globex));
            return db.dsl
                    .select(LEAF.POSITION)
                    .from(LEAF)
                    .where(LEAF.TENANT_ID.eq(globex))
                    .fetchSingle()
                    .value1();
        });
        assertThat(sealedInGlobex).isEqualTo(disputed);
    }

    private long logSize(UUID tenant) {
        return db.tx.execute(s -> {
            Tenancy.bind(db.dsl, new TenantId(tenant));
            return new LedgerRepository(db.dsl).size(new TenantId(tenant));
        });
    }

    @Test
    void shouldSignACheckpointForEveryChangedLogAtShutdown() {
        db.append(acme, "item-a", 0, "{}");
        Sealer sealer = sealer(1000, Instant.parse("2026-12-07T01:00:00Z"));
        Sealer.Round first = sealer.sealOnce();
        assertThat(first.checkpointsSigned())
                .as("a log never signed is due at once")
                .isEqualTo(1);
        db.append(acme, "item-a", 1, "{}");
        assertThat(sealer.sealOnce().checkpointsSigned())
                .as("1 event and 0 s since the last: not due")
                .isZero();
        assertThat(sealer.sealAndCheckpointAll().checkpointsSigned()).isEqualTo(1);
        assertThat(checkpointDir.resolve(acme.toString()).resolve(String.format("%020d.note", 2)))
                .exists();
    }

    private static Hash naiveRoot(List<Hash> leaves) {
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        return MerkleHasher.nodeHash(naiveRoot(leaves.subList(0, k)), naiveRoot(leaves.subList(k, leaves.size())));
    }
}
