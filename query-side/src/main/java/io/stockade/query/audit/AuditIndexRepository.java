package io.stockade.query.audit;

import static io.stockade.query.audit.seal.jooq.Tables.LEAF;
import static io.stockade.query.jooq.Tables.AUDIT_EVENT;

import io.stockade.api.common.TenantId;
import io.stockade.audit.proof.StoredEvent;
import io.stockade.platform.axon.TokenStoreReport;
import io.stockade.platform.axon.WriteBehind;
import io.stockade.query.jooq.tables.records.AuditEventRecord;
import io.stockade.query.writebehind.StoredPosition;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.axonframework.serialization.Serializer;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** All SQL of the audit index. Callers bind the tenant first; row-level security hides everyone else's rows. */
@Repository
class AuditIndexRepository {
    private static final WriteBehind.Shape INSERT =
            WriteBehind.Shape.insertOnce(AuditIndexProjection.GROUP, AUDIT_EVENT);

    /** The row at the position the event store gave the event (see {@link StoredPosition}). */
    private static final WriteBehind.Shape INSERT_AT_STORED_POSITION =
            StoredPosition.insertOnce(AuditIndexProjection.GROUP, AUDIT_EVENT, AUDIT_EVENT.POSITION);

    private static final Serializer TOKENS = TokenStoreReport.tokenSerializer();

    private final DSLContext dsl;
    private final WriteBehind writes;

    AuditIndexRepository(DSLContext dsl, WriteBehind writes) {
        this.dsl = dsl;
        this.writes = writes;
    }

    /**
     * One row per event, sent in batches; a row already there (a replayed event) is left alone. The row's position
     * is the one it carries when {@code positionExact}; otherwise (a token of the JDBC event store, whose position is
     * the highest one seen, not the event's own when the event filled a gap) the event store's, looked up by the
     * event's identifier as the row is inserted.
     */
    void insert(TenantId tenant, AuditEventRecord row, String eventIdentifier, boolean positionExact) {
        if (positionExact) {
            writes.write(INSERT, tenant, row.intoMap());
            return;
        }
        writes.write(
                INSERT_AT_STORED_POSITION,
                tenant,
                StoredPosition.values(row.intoMap(), AUDIT_EVENT.POSITION, eventIdentifier));
    }

    /** The event store's head (-1 when empty), and how far the index's processor has come (null: not yet). */
    record Progress(long head, Long indexedThrough) {
        boolean caughtUp() {
            return indexedThrough != null && indexedThrough >= head;
        }
    }

    /** Where the index stands against the event store, from the stored tokens (whichever node owns them). */
    Progress progress() {
        return dsl.connectionResult(c -> {
            long head = TokenStoreReport.head(c);
            TokenStoreReport.Processor p = TokenStoreReport.read(c, TOKENS).get(AuditIndexProjection.GROUP);
            return new Progress(head, p == null ? null : p.position());
        });
    }

    void truncate() {
        dsl.truncate(AUDIT_EVENT).execute();
    }

    /** One stored event as the index knows it. */
    record IndexedEvent(
            long position,
            String aggregateType,
            String aggregateId,
            long sequence,
            String type,
            UUID userId,
            Instant recordedAt,
            Instant effectiveAt,
            String correlationId,
            String outcome) {}

    /**
     * The filters of {@code GET /api/audit/events}, already validated; null means "any". {@code after} is the
     * position the previous page ended at, exclusive.
     */
    record Filter(
            UUID tenant,
            String aggregateType,
            String aggregateId,
            List<String> types,
            UUID userId,
            Instant from,
            Instant to,
            String correlationId,
            String outcome,
            Long after,
            boolean descending,
            int limit) {}

    /** Up to {@code limit + 1} rows in position order: the extra one says whether another page follows. */
    List<IndexedEvent> page(Filter f) {
        List<Condition> where = conditions(f);
        if (f.after() != null) {
            where.add(f.descending() ? AUDIT_EVENT.POSITION.lt(f.after()) : AUDIT_EVENT.POSITION.gt(f.after()));
        }
        return dsl.selectFrom(AUDIT_EVENT)
                .where(where)
                .orderBy(f.descending() ? AUDIT_EVENT.POSITION.desc() : AUDIT_EVENT.POSITION.asc())
                .limit(f.limit() + 1)
                .fetch(AuditIndexRepository::toEvent);
    }

    /** The filters' conditions, paging aside. */
    private static List<Condition> conditions(Filter f) {
        List<Condition> where = new ArrayList<>();
        where.add(AUDIT_EVENT.TENANT_ID.eq(f.tenant()));
        if (f.aggregateType() != null) {
            where.add(AUDIT_EVENT.AGGREGATE_TYPE.eq(f.aggregateType()));
        }
        if (f.aggregateId() != null) {
            where.add(AUDIT_EVENT.AGGREGATE_ID.eq(f.aggregateId()));
        }
        if (f.types() != null && !f.types().isEmpty()) {
            where.add(AUDIT_EVENT.EVENT_TYPE.in(f.types()));
        }
        if (f.userId() != null) {
            where.add(AUDIT_EVENT.USER_ID.eq(f.userId()));
        }
        if (f.from() != null) {
            where.add(AUDIT_EVENT.RECORDED_AT.ge(f.from().atOffset(ZoneOffset.UTC)));
        }
        if (f.to() != null) {
            where.add(AUDIT_EVENT.RECORDED_AT.lt(f.to().atOffset(ZoneOffset.UTC)));
        }
        if (f.correlationId() != null) {
            where.add(AUDIT_EVENT.CORRELATION_ID.eq(f.correlationId()));
        }
        if (f.outcome() != null) {
            where.add(AUDIT_EVENT.OUTCOME.eq(f.outcome()));
        }
        return where;
    }

    /** The last position the filter matches (paging ignored), if any. */
    Optional<Long> lastPosition(Filter f) {
        return Optional.ofNullable(dsl.select(DSL.max(AUDIT_EVENT.POSITION))
                .from(AUDIT_EVENT)
                .where(conditions(f))
                .fetchSingle()
                .value1());
    }

    /** One row of an export: the indexed event, its leaf in the organisation's log, its stored columns. */
    record ExportRow(IndexedEvent indexed, long leafIndex, StoredEvent stored) {}

    /**
     * Every event the filter matches (paging ignored) up to {@code upTo} and sealed below leaf {@code treeSize}, in
     * position order, with its leaf index and every stored column, read through a cursor ({@code fetchSize} rows at a
     * time) inside the caller's transaction: nothing but the rows in flight is held in memory.
     */
    void streamForExport(Filter f, long upTo, long treeSize, int fetchSize, Consumer<ExportRow> sink) {
        List<Condition> where = conditions(f);
        where.add(AUDIT_EVENT.POSITION.le(upTo));
        where.add(LEAF.LEAF_INDEX.lt(treeSize));
        try (Cursor<Record> cursor = dsl.select(AUDIT_EVENT.fields())
                .select(
                        LEAF.LEAF_INDEX,
                        StoredEventRepository.EVENT_ID,
                        StoredEventRepository.AGGREGATE_IDENTIFIER,
                        StoredEventRepository.SEQUENCE_NUMBER,
                        StoredEventRepository.TYPE,
                        StoredEventRepository.PAYLOAD_TYPE,
                        StoredEventRepository.PAYLOAD_REVISION,
                        StoredEventRepository.TIME_STAMP,
                        StoredEventRepository.PAYLOAD,
                        StoredEventRepository.META_DATA)
                .from(AUDIT_EVENT)
                .join(LEAF)
                .on(LEAF.POSITION.eq(AUDIT_EVENT.POSITION))
                .and(LEAF.TENANT_ID.eq(AUDIT_EVENT.TENANT_ID))
                .join(StoredEventRepository.EVENTS)
                .on(StoredEventRepository.GLOBAL_INDEX.eq(AUDIT_EVENT.POSITION))
                .where(where)
                .orderBy(AUDIT_EVENT.POSITION.asc())
                .fetchSize(fetchSize)
                .fetchLazy()) {
            for (Record r : cursor) {
                IndexedEvent indexed = toEvent(r);
                sink.accept(new ExportRow(
                        indexed,
                        r.get(LEAF.LEAF_INDEX),
                        new StoredEvent(
                                indexed.position(),
                                r.get(StoredEventRepository.EVENT_ID),
                                r.get(StoredEventRepository.AGGREGATE_IDENTIFIER),
                                r.get(StoredEventRepository.SEQUENCE_NUMBER),
                                r.get(StoredEventRepository.TYPE),
                                r.get(StoredEventRepository.PAYLOAD_TYPE),
                                r.get(StoredEventRepository.PAYLOAD_REVISION),
                                r.get(StoredEventRepository.TIME_STAMP),
                                r.get(StoredEventRepository.PAYLOAD),
                                r.get(StoredEventRepository.META_DATA))));
            }
        }
    }

    /** An aggregate's events oldest first after {@code after} (exclusive, null from the start), up to {@code limit + 1}. */
    List<IndexedEvent> ofAggregate(UUID tenant, String aggregateType, String aggregateId, Long after, int limit) {
        Condition where = AUDIT_EVENT
                .TENANT_ID
                .eq(tenant)
                .and(AUDIT_EVENT.AGGREGATE_ID.eq(aggregateId))
                .and(AUDIT_EVENT.AGGREGATE_TYPE.eq(aggregateType));
        if (after != null) {
            where = where.and(AUDIT_EVENT.POSITION.gt(after));
        }
        return dsl.selectFrom(AUDIT_EVENT)
                .where(where)
                .orderBy(AUDIT_EVENT.POSITION.asc())
                .limit(limit + 1)
                .fetch(AuditIndexRepository::toEvent);
    }

    /** The aggregate's last event of that type before the position: where a later page of its timeline starts from. */
    Optional<IndexedEvent> lastBefore(UUID tenant, String aggregateId, String type, long position) {
        return dsl.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.TENANT_ID.eq(tenant))
                .and(AUDIT_EVENT.AGGREGATE_ID.eq(aggregateId))
                .and(AUDIT_EVENT.EVENT_TYPE.eq(type))
                .and(AUDIT_EVENT.POSITION.lt(position))
                .orderBy(AUDIT_EVENT.POSITION.desc())
                .limit(1)
                .fetchOptional(AuditIndexRepository::toEvent);
    }

    /** Where each of these people's registration is stored (it names their username), by user id. */
    List<IndexedEvent> registrations(UUID tenant, Collection<UUID> users) {
        if (users.isEmpty()) {
            return List.of();
        }
        return dsl.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.TENANT_ID.eq(tenant))
                .and(AUDIT_EVENT.AGGREGATE_ID.in(
                        users.stream().map(UUID::toString).toList()))
                .and(AUDIT_EVENT.AGGREGATE_TYPE.eq(AuditedEvents.USER))
                .and(AUDIT_EVENT.EVENT_TYPE.eq(AuditedEvents.USER_REGISTERED))
                .fetch(AuditIndexRepository::toEvent);
    }

    private static IndexedEvent toEvent(Record r) {
        var effective = r.get(AUDIT_EVENT.EFFECTIVE_AT);
        return new IndexedEvent(
                r.get(AUDIT_EVENT.POSITION),
                r.get(AUDIT_EVENT.AGGREGATE_TYPE),
                r.get(AUDIT_EVENT.AGGREGATE_ID),
                r.get(AUDIT_EVENT.SEQUENCE),
                r.get(AUDIT_EVENT.EVENT_TYPE),
                r.get(AUDIT_EVENT.USER_ID),
                r.get(AUDIT_EVENT.RECORDED_AT).toInstant(),
                effective == null ? null : effective.toInstant(),
                r.get(AUDIT_EVENT.CORRELATION_ID),
                r.get(AUDIT_EVENT.OUTCOME));
    }
}
