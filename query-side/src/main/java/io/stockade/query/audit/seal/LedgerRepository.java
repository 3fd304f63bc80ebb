package io.stockade.query.audit.seal;

import static io.stockade.query.audit.seal.jooq.Tables.CHECKPOINT;
import static io.stockade.query.audit.seal.jooq.Tables.GAP;
import static io.stockade.query.audit.seal.jooq.Tables.LEAF;
import static io.stockade.query.audit.seal.jooq.Tables.LOG;
import static io.stockade.query.audit.seal.jooq.Tables.SEAL_STATE;
import static io.stockade.query.audit.seal.jooq.Tables.SIGNING_KEY;
import static io.stockade.query.audit.seal.jooq.Tables.TREE_NODE;

import io.stockade.api.common.TenantId;
import io.stockade.audit.proof.Hash;
import io.stockade.audit.proof.HashReader;
import io.stockade.audit.proof.NodeId;
import io.stockade.audit.proof.StoredEvent;
import io.stockade.audit.proof.StoredHash;
import io.stockade.platform.tenancy.Tenancy;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Repository;

/**
 * The ledger's tables, written by the sealer alone. Per-organisation tables are under row-level security: every call
 * that names a tenant runs with that tenant bound by the caller.
 */
@Repository("sealerLedgerRepository")
class LedgerRepository {
    /** The advisory lock key of a sealing round ("seal" in ASCII). */
    static final long ROUND_LOCK = 0x7365616cL;

    private final DSLContext dsl;

    LedgerRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** One outside Spring (the jar's {@code audit verify}), over the transactions of {@code dataSource}. */
    static LedgerRepository over(DataSource dataSource) {
        return new LedgerRepository(DSL.using(new TransactionAwareDataSourceProxy(dataSource), SQLDialect.POSTGRES));
    }

    /** Takes the sealing round's lock for this transaction, if no other node's round holds it. */
    boolean tryLockRound() {
        return Boolean.TRUE.equals(
                dsl.select(DSL.function("pg_try_advisory_xact_lock", SQLDataType.BOOLEAN, DSL.val(ROUND_LOCK)))
                        .fetchSingle()
                        .value1());
    }

    /** Waits for the sealing round's lock and holds it for this transaction (an export forcing its checkpoint). */
    void lockRound() {
        dsl.select(DSL.function("pg_advisory_xact_lock", SQLDataType.OTHER, DSL.val(ROUND_LOCK)))
                .fetch();
    }

    /** Binds this transaction to one organisation, whose log rows the next statements write or read. */
    void bind(TenantId tenant) {
        Tenancy.bind(dsl, tenant);
    }

    /** How far sealing has come, locking the row for this transaction (one sealer at a time). */
    long sealedThroughForUpdate() {
        dsl.insertInto(SEAL_STATE, SEAL_STATE.SEALED_THROUGH, SEAL_STATE.UPDATED_AT)
                .values(0L, now())
                .onConflictDoNothing()
                .execute();
        return dsl.select(SEAL_STATE.SEALED_THROUGH)
                .from(SEAL_STATE)
                .forUpdate()
                .fetchSingle(SEAL_STATE.SEALED_THROUGH);
    }

    long sealedThrough() {
        return dsl.select(SEAL_STATE.SEALED_THROUGH)
                .from(SEAL_STATE)
                .fetchOptional(SEAL_STATE.SEALED_THROUGH)
                .orElse(0L);
    }

    void advance(long through) {
        dsl.update(SEAL_STATE)
                .set(SEAL_STATE.SEALED_THROUGH, through)
                .set(SEAL_STATE.UPDATED_AT, now())
                .execute();
    }

    void recordGaps(List<Long> positions, Instant firstSeen) {
        if (positions.isEmpty()) {
            return;
        }
        var insert = dsl.insertInto(GAP, GAP.POSITION, GAP.FIRST_SEEN, GAP.CONFIRMED_AT);
        OffsetDateTime seen = firstSeen.atOffset(ZoneOffset.UTC);
        OffsetDateTime now = now();
        for (long p : positions) {
            insert = insert.values(p, seen, now);
        }
        insert.onConflictDoNothing().execute();
    }

    /** The organisation's log size (0 before its first event is sealed). */
    long size(TenantId tenant) {
        return dsl.select(LOG.TREE_SIZE)
                .from(LOG)
                .where(LOG.TENANT_ID.eq(tenant.value()))
                .fetchOptional(LOG.TREE_SIZE)
                .orElse(0L);
    }

    /** Appends sealed leaves and the subtree hashes they complete, and sets the log's new size. */
    void append(TenantId tenant, String origin, List<SealedLeaf> leaves, List<StoredHash> nodes, long newSize) {
        List<Query> batch = new ArrayList<>(leaves.size() + nodes.size() + 1);
        for (SealedLeaf leaf : leaves) {
            batch.add(dsl.insertInto(LEAF, LEAF.TENANT_ID, LEAF.LEAF_INDEX, LEAF.POSITION, LEAF.LEAF_HASH)
                    .values(
                            tenant.value(),
                            leaf.index(),
                            leaf.position(),
                            leaf.hash().toBytes()));
        }
        for (StoredHash node : nodes) {
            if (node.node().level() > 0) {
                batch.add(dsl.insertInto(
                                TREE_NODE, TREE_NODE.TENANT_ID, TREE_NODE.TREE_LEVEL, TREE_NODE.IDX, TREE_NODE.HASH)
                        .values(
                                tenant.value(),
                                (short) node.node().level(),
                                node.node().index(),
                                node.hash().toBytes()));
            }
        }
        batch.add(dsl.insertInto(LOG, LOG.TENANT_ID, LOG.ORIGIN, LOG.TREE_SIZE)
                .values(tenant.value(), origin, newSize)
                .onConflict(LOG.TENANT_ID)
                .doUpdate()
                .set(LOG.TREE_SIZE, newSize));
        dsl.batch(batch).execute();
    }

    /** The organisation's stored hashes: leaves from the leaf table, the levels above from the node table. */
    HashReader hashes(TenantId tenant) {
        return nodes -> {
            List<Long> leafIndexes = new ArrayList<>();
            // By level: "level = L and idx in (…)" is one index condition per level, where a list of (level, idx)
            // row values is an OR of hundreds of pairs: an export's batch of proofs took ~100 ms to read that way.
            Map<Short, List<Long>> inner = new TreeMap<>();
            for (NodeId n : nodes) {
                if (n.level() == 0) {
                    leafIndexes.add(n.index());
                } else {
                    inner.computeIfAbsent((short) n.level(), l -> new ArrayList<>())
                            .add(n.index());
                }
            }
            Map<NodeId, Hash> found = new HashMap<>();
            if (!leafIndexes.isEmpty()) {
                dsl.select(LEAF.LEAF_INDEX, LEAF.LEAF_HASH)
                        .from(LEAF)
                        .where(LEAF.TENANT_ID.eq(tenant.value()))
                        .and(LEAF.LEAF_INDEX.in(leafIndexes))
                        .forEach(r -> found.put(NodeId.leaf(r.value1()), Hash.of(r.value2())));
            }
            if (!inner.isEmpty()) {
                dsl.select(TREE_NODE.TREE_LEVEL, TREE_NODE.IDX, TREE_NODE.HASH)
                        .from(TREE_NODE)
                        .where(TREE_NODE.TENANT_ID.eq(tenant.value()))
                        .and(DSL.or(inner.entrySet().stream()
                                .map(level ->
                                        TREE_NODE.TREE_LEVEL.eq(level.getKey()).and(TREE_NODE.IDX.in(level.getValue())))
                                .toList()))
                        .forEach(r -> found.put(new NodeId(r.value1(), r.value2()), Hash.of(r.value3())));
            }
            List<Hash> answer = new ArrayList<>(nodes.size());
            for (NodeId n : nodes) {
                Hash h = found.get(n);
                if (h == null) {
                    throw new IllegalStateException("the ledger has no hash for node " + n);
                }
                answer.add(h);
            }
            return answer;
        };
    }

    /**
     * The logs whose checkpoint is due: grown by {@code events} or more since their last one, or grown at all and last
     * signed before {@code signedBefore} (or never); with {@code events} 0, every log that grew.
     */
    List<DueLog> dueForCheckpoint(long events, Instant signedBefore) {
        return dsl.select(LOG.TENANT_ID, LOG.TREE_SIZE)
                .from(LOG)
                .where(LOG.TREE_SIZE.gt(LOG.CHECKPOINT_SIZE))
                .and(LOG.TREE_SIZE
                        .minus(LOG.CHECKPOINT_SIZE)
                        .ge(events)
                        .or(LOG.CHECKPOINT_AT.isNull())
                        .or(LOG.CHECKPOINT_AT.le(signedBefore.atOffset(ZoneOffset.UTC))))
                .orderBy(LOG.TENANT_ID)
                .fetch(r -> new DueLog(new TenantId(r.value1()), r.value2()));
    }

    Optional<CheckpointRow> lastCheckpoint(TenantId tenant) {
        return dsl.select(CHECKPOINT.TREE_SIZE, CHECKPOINT.ROOT_HASH, CHECKPOINT.SIGNED_AT, CHECKPOINT.NOTE)
                .from(CHECKPOINT)
                .where(CHECKPOINT.TENANT_ID.eq(tenant.value()))
                .orderBy(CHECKPOINT.TREE_SIZE.desc())
                .limit(1)
                .fetchOptional(r -> new CheckpointRow(
                        r.value1(), Hash.of(r.value2()), r.value3().toInstant(), r.value4()));
    }

    void saveCheckpoint(TenantId tenant, CheckpointRow checkpoint, String keyName) {
        dsl.insertInto(
                        CHECKPOINT,
                        CHECKPOINT.TENANT_ID,
                        CHECKPOINT.TREE_SIZE,
                        CHECKPOINT.ROOT_HASH,
                        CHECKPOINT.SIGNED_AT,
                        CHECKPOINT.KEY_NAME,
                        CHECKPOINT.NOTE)
                .values(
                        tenant.value(),
                        checkpoint.treeSize(),
                        checkpoint.rootHash().toBytes(),
                        checkpoint.signedAt().atOffset(ZoneOffset.UTC),
                        keyName,
                        checkpoint.note())
                .onConflictDoNothing()
                .execute();
        dsl.update(LOG)
                .set(LOG.CHECKPOINT_SIZE, checkpoint.treeSize())
                .set(LOG.CHECKPOINT_AT, checkpoint.signedAt().atOffset(ZoneOffset.UTC))
                .where(LOG.TENANT_ID.eq(tenant.value()))
                .and(LOG.CHECKPOINT_SIZE.lt(checkpoint.treeSize()))
                .execute();
    }

    /**
     * Records {@code verifierKey} as the key that signs from now on (first use only) and closes the validity of any
     * other key still open.
     */
    void useSigningKey(String verifierKey, String keyName) {
        OffsetDateTime now = now();
        dsl.update(SIGNING_KEY)
                .set(SIGNING_KEY.VALID_UNTIL, now)
                .where(SIGNING_KEY.VALID_UNTIL.isNull())
                .and(SIGNING_KEY.VERIFIER_KEY.ne(verifierKey))
                .execute();
        dsl.insertInto(SIGNING_KEY, SIGNING_KEY.VERIFIER_KEY, SIGNING_KEY.KEY_NAME, SIGNING_KEY.VALID_FROM)
                .values(verifierKey, keyName, now)
                .onConflict(SIGNING_KEY.VERIFIER_KEY)
                .doUpdate()
                .set(SIGNING_KEY.VALID_UNTIL, (OffsetDateTime) null)
                .execute();
    }

    /**
     * Leaves {@code [fromIndex, toIndex)} of the organisation's log, each with the event stored at its position now
     * (every column as stored; {@code null} when no row is there any more), in leaf order. One statement: the
     * verifier's whole read of a chunk.
     */
    List<LeafAndEvent> leavesWithEvents(TenantId tenant, long fromIndex, long toIndex) {
        return dsl.select(
                        LEAF.LEAF_INDEX,
                        LEAF.POSITION,
                        LEAF.LEAF_HASH,
                        StoredEventRepository.POSITION,
                        StoredEventRepository.EVENT_ID,
                        StoredEventRepository.AGGREGATE_ID,
                        StoredEventRepository.SEQUENCE,
                        StoredEventRepository.AGGREGATE_TYPE,
                        StoredEventRepository.PAYLOAD_TYPE,
                        StoredEventRepository.REVISION,
                        StoredEventRepository.TIME_STAMP,
                        StoredEventRepository.PAYLOAD,
                        StoredEventRepository.METADATA)
                .from(LEAF)
                .leftJoin(StoredEventRepository.EVENTS)
                .on(StoredEventRepository.POSITION.eq(LEAF.POSITION))
                .where(LEAF.TENANT_ID.eq(tenant.value()))
                .and(LEAF.LEAF_INDEX.ge(fromIndex))
                .and(LEAF.LEAF_INDEX.lt(toIndex))
                .orderBy(LEAF.LEAF_INDEX)
                .fetch(r -> new LeafAndEvent(
                        r.value1(),
                        r.value2(),
                        r.value3(),
                        r.value4() == null
                                ? null
                                : new StoredEvent(
                                        r.value4(),
                                        r.value5(),
                                        r.value6(),
                                        r.value7(),
                                        r.value8(),
                                        r.value9(),
                                        r.value10(),
                                        r.value11(),
                                        r.value12(),
                                        r.value13())));
    }

    /**
     * The stored subtree hashes (level 1 and up) completed by leaves {@code [fromIndex, toIndex)}: node {@code (l, i)}
     * is completed by leaf {@code (i + 1)·2^l − 1}.
     */
    List<StoredHash> nodesCompletedBy(TenantId tenant, long fromIndex, long toIndex) {
        Condition levels = DSL.falseCondition();
        boolean any = false;
        for (int level = 1; level <= NodeId.MAX_LEVEL && (1L << level) <= toIndex; level++) {
            long width = 1L << level;
            long lo = (fromIndex + 1 + width - 1) / width - 1;
            long hi = toIndex / width - 1;
            if (lo <= hi) {
                levels = levels.or(TREE_NODE.TREE_LEVEL.eq((short) level).and(TREE_NODE.IDX.between(lo, hi)));
                any = true;
            }
        }
        if (!any) {
            return List.of();
        }
        return dsl.select(TREE_NODE.TREE_LEVEL, TREE_NODE.IDX, TREE_NODE.HASH)
                .from(TREE_NODE)
                .where(TREE_NODE.TENANT_ID.eq(tenant.value()))
                .and(levels)
                .fetch(r -> new StoredHash(new NodeId(r.value1(), r.value2()), hashOrNull(r.value3())));
    }

    /** The first and last leaf index of the events at positions {@code [from, to]}, or empty if none is sealed. */
    Optional<long[]> leafRange(TenantId tenant, long fromPosition, long toPosition) {
        var r = dsl.select(DSL.min(LEAF.LEAF_INDEX), DSL.max(LEAF.LEAF_INDEX))
                .from(LEAF)
                .where(LEAF.TENANT_ID.eq(tenant.value()))
                .and(LEAF.POSITION.between(fromPosition, toPosition))
                .fetchSingle();
        return r.value1() == null ? Optional.empty() : Optional.of(new long[] {r.value1(), r.value2()});
    }

    /** The positions of the given leaves (those that still have a row). */
    Map<Long, Long> positionsOfLeaves(TenantId tenant, List<Long> leafIndexes) {
        Map<Long, Long> positions = new HashMap<>();
        if (!leafIndexes.isEmpty()) {
            dsl.select(LEAF.LEAF_INDEX, LEAF.POSITION)
                    .from(LEAF)
                    .where(LEAF.TENANT_ID.eq(tenant.value()))
                    .and(LEAF.LEAF_INDEX.in(leafIndexes))
                    .forEach(r -> positions.put(r.value1(), r.value2()));
        }
        return positions;
    }

    /** The last leaf of the organisation's log whose event is at or before global position {@code position}. */
    Optional<Long> lastLeafUpTo(TenantId tenant, long position) {
        return Optional.ofNullable(dsl.select(DSL.max(LEAF.LEAF_INDEX))
                .from(LEAF)
                .where(LEAF.TENANT_ID.eq(tenant.value()))
                .and(LEAF.POSITION.le(position))
                .fetchSingle()
                .value1());
    }

    /** The leaf index of the event at {@code position} in the organisation's log, if it was sealed there. */
    Optional<Long> leafIndexAt(TenantId tenant, long position) {
        return dsl.select(LEAF.LEAF_INDEX)
                .from(LEAF)
                .where(LEAF.TENANT_ID.eq(tenant.value()))
                .and(LEAF.POSITION.eq(position))
                .fetchOptional(LEAF.LEAF_INDEX);
    }

    /** The organisation's stored checkpoints of tree size {@code <= upToSize}, smallest first. */
    List<CheckpointRow> checkpoints(TenantId tenant, long upToSize) {
        return dsl.select(CHECKPOINT.TREE_SIZE, CHECKPOINT.ROOT_HASH, CHECKPOINT.SIGNED_AT, CHECKPOINT.NOTE)
                .from(CHECKPOINT)
                .where(CHECKPOINT.TENANT_ID.eq(tenant.value()))
                .and(CHECKPOINT.TREE_SIZE.le(upToSize))
                .orderBy(CHECKPOINT.TREE_SIZE)
                .fetch(r -> new CheckpointRow(
                        r.value1(), hashOrNull(r.value2()), r.value3().toInstant(), r.value4()));
    }

    /** A page of the organisation's checkpoints, newest first: those below {@code beforeSize} (null: from the top). */
    List<CheckpointRow> checkpointPage(TenantId tenant, Long beforeSize, int limit) {
        Condition where = CHECKPOINT.TENANT_ID.eq(tenant.value());
        if (beforeSize != null) {
            where = where.and(CHECKPOINT.TREE_SIZE.lt(beforeSize));
        }
        return dsl.select(CHECKPOINT.TREE_SIZE, CHECKPOINT.ROOT_HASH, CHECKPOINT.SIGNED_AT, CHECKPOINT.NOTE)
                .from(CHECKPOINT)
                .where(where)
                .orderBy(CHECKPOINT.TREE_SIZE.desc())
                .limit(limit)
                .fetch(r -> new CheckpointRow(
                        r.value1(), hashOrNull(r.value2()), r.value3().toInstant(), r.value4()));
    }

    /** The checkpoint of exactly {@code treeSize}, if one was signed. */
    Optional<CheckpointRow> checkpointOfSize(TenantId tenant, long treeSize) {
        return dsl.select(CHECKPOINT.TREE_SIZE, CHECKPOINT.ROOT_HASH, CHECKPOINT.SIGNED_AT, CHECKPOINT.NOTE)
                .from(CHECKPOINT)
                .where(CHECKPOINT.TENANT_ID.eq(tenant.value()))
                .and(CHECKPOINT.TREE_SIZE.eq(treeSize))
                .fetchOptional(r -> new CheckpointRow(
                        r.value1(), hashOrNull(r.value2()), r.value3().toInstant(), r.value4()));
    }

    /** Every organisation that has a log (the log index carries no row-level security). */
    List<TenantId> tenantsWithLogs() {
        return dsl.select(LOG.TENANT_ID).from(LOG).orderBy(LOG.TENANT_ID).fetch(r -> new TenantId(r.value1()));
    }

    /** Every checkpoint-signing key ever used, oldest first. */
    List<SigningKeyRow> signingKeys() {
        return dsl.select(
                        SIGNING_KEY.VERIFIER_KEY, SIGNING_KEY.KEY_NAME, SIGNING_KEY.VALID_FROM, SIGNING_KEY.VALID_UNTIL)
                .from(SIGNING_KEY)
                .orderBy(SIGNING_KEY.VALID_FROM, SIGNING_KEY.VERIFIER_KEY)
                .fetch(r -> new SigningKeyRow(
                        r.value1(),
                        r.value2(),
                        r.value3().toInstant(),
                        r.value4() == null ? null : r.value4().toInstant()));
    }

    /** A stored hash of the wrong length is kept as null, so the verifier reports it rather than failing. */
    private static Hash hashOrNull(byte[] bytes) {
        return bytes == null || bytes.length != Hash.SIZE ? null : Hash.of(bytes);
    }

    /** Leaf {@code index}: the position it was sealed for, its stored hash, and the event stored there now. */
    record LeafAndEvent(long index, long position, byte[] storedHash, StoredEvent event) {}

    /** A checkpoint-signing key (public half, C2SP verifier-key text) and when it signed. */
    record SigningKeyRow(String verifierKey, String keyName, Instant validFrom, Instant validUntil) {}

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    /** A log whose checkpoint is due, at its current size. */
    record DueLog(TenantId tenant, long size) {}

    /** Leaf number {@code index} of a log: the event at {@code position}. */
    record SealedLeaf(long index, long position, Hash hash) {}

    /** A signed checkpoint as stored: the note is the signed text, signature lines included. */
    record CheckpointRow(long treeSize, Hash rootHash, Instant signedAt, String note) {}
}
