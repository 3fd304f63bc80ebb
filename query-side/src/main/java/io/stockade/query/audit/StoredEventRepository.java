package io.stockade.query.audit;

import static io.stockade.query.audit.seal.jooq.Tables.LEAF;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;

/**
 * Reads stored events by global position, as they are stored. The event store has no tenant column and no
 * row-level security: callers pass only positions they found in the audit index under their tenant. Also reads
 * the sealer's leaf of each event, which row-level security does keep to the tenant.
 */
@Repository
class StoredEventRepository {
    // The event store's table belongs to Axon (the platform's migration); it is not generated into this module.
    static final Table<Record> EVENTS = table(name("axon", "domain_event_entry"));
    static final Field<Long> GLOBAL_INDEX =
            field(name("axon", "domain_event_entry", "global_index"), SQLDataType.BIGINT);
    static final Field<String> EVENT_ID = field(name("event_identifier"), SQLDataType.VARCHAR);
    static final Field<String> AGGREGATE_IDENTIFIER = field(name("aggregate_identifier"), SQLDataType.VARCHAR);
    static final Field<Long> SEQUENCE_NUMBER = field(name("sequence_number"), SQLDataType.BIGINT);
    static final Field<String> TYPE = field(name("axon", "domain_event_entry", "type"), SQLDataType.VARCHAR);
    static final Field<String> PAYLOAD_TYPE = field(name("payload_type"), SQLDataType.VARCHAR);
    static final Field<String> PAYLOAD_REVISION = field(name("payload_revision"), SQLDataType.VARCHAR);
    static final Field<String> TIME_STAMP = field(name("time_stamp"), SQLDataType.VARCHAR);
    static final Field<byte[]> PAYLOAD = field(name("payload"), SQLDataType.BLOB);
    static final Field<byte[]> META_DATA = field(name("meta_data"), SQLDataType.BLOB);

    private final DSLContext dsl;

    StoredEventRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The stored bytes of an event. */
    record StoredEvent(long position, String payloadType, String payloadRevision, byte[] payload, byte[] metaData) {}

    /** The events at these positions, in one statement ({@code global_index = ANY(?)}), by position. */
    Map<Long, StoredEvent> at(Collection<Long> positions) {
        Map<Long, StoredEvent> found = new HashMap<>();
        if (positions.isEmpty()) {
            return found;
        }
        dsl.select(GLOBAL_INDEX, PAYLOAD_TYPE, PAYLOAD_REVISION, PAYLOAD, META_DATA)
                .from(EVENTS)
                .where(GLOBAL_INDEX.eq(any(positions.toArray(Long[]::new))))
                .forEach(r -> found.put(
                        r.value1(), new StoredEvent(r.value1(), r.value2(), r.value3(), r.value4(), r.value5())));
        return found;
    }

    /**
     * The leaf hashes of those of these positions the sealer has sealed into the current organisation's log, by
     * position (row-level security keeps the leaves of every other log out).
     */
    Map<Long, byte[]> leafHashes(Collection<Long> positions) {
        Map<Long, byte[]> found = new HashMap<>();
        if (positions.isEmpty()) {
            return found;
        }
        dsl.select(LEAF.POSITION, LEAF.LEAF_HASH)
                .from(LEAF)
                .where(LEAF.POSITION.eq(any(positions.toArray(Long[]::new))))
                .forEach(r -> found.put(r.value1(), r.value2()));
        return found;
    }
}
