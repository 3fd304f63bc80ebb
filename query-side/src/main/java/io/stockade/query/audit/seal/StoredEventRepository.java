package io.stockade.query.audit.seal;

import static io.stockade.query.audit.seal.jooq.Tables.GAP;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.stockade.audit.proof.StoredEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.stereotype.Repository;

/**
 * The stored events exactly as the event store holds them (before any upcasting or decoding), and the transactions in
 * progress that {@link GapWatch} waits for. The sealer and the verifier read the event table through this class only.
 */
@Repository("sealerStoredEventRepository")
class StoredEventRepository {
    static final Table<Record> EVENTS = table(name("axon", "domain_event_entry"));
    static final Field<Long> POSITION = field(name("global_index"), SQLDataType.BIGINT);
    static final Field<String> EVENT_ID = field(name("event_identifier"), SQLDataType.VARCHAR);
    static final Field<String> AGGREGATE_ID = field(name("aggregate_identifier"), SQLDataType.VARCHAR);
    static final Field<Long> SEQUENCE = field(name("sequence_number"), SQLDataType.BIGINT);
    static final Field<String> AGGREGATE_TYPE = field(name("type"), SQLDataType.VARCHAR);
    static final Field<String> PAYLOAD_TYPE = field(name("payload_type"), SQLDataType.VARCHAR);
    static final Field<String> REVISION = field(name("payload_revision"), SQLDataType.VARCHAR);
    static final Field<String> TIME_STAMP = field(name("time_stamp"), SQLDataType.VARCHAR);
    static final Field<byte[]> PAYLOAD = field(name("payload"), SQLDataType.BLOB);
    static final Field<byte[]> METADATA = field(name("meta_data"), SQLDataType.BLOB);

    private static final Table<Record> LOCKS = table(name("pg_catalog", "pg_locks"));
    private static final Field<String> LOCK_TYPE = field(name("locktype"), SQLDataType.VARCHAR);
    private static final Field<String> VIRTUAL_XID = field(name("virtualxid"), SQLDataType.VARCHAR);
    private static final Field<Integer> PID = field(name("pid"), SQLDataType.INTEGER);

    private final DSLContext dsl;

    StoredEventRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** One outside Spring (the jar's {@code audit verify}), over the transactions of {@code dataSource}. */
    static StoredEventRepository over(DataSource dataSource) {
        return new StoredEventRepository(
                DSL.using(new TransactionAwareDataSourceProxy(dataSource), SQLDialect.POSTGRES));
    }

    /** Up to {@code limit} events after {@code position}, in position order, every stored column. */
    List<StoredEvent> after(long position, int limit) {
        return dsl.select(
                        POSITION,
                        EVENT_ID,
                        AGGREGATE_ID,
                        SEQUENCE,
                        AGGREGATE_TYPE,
                        PAYLOAD_TYPE,
                        REVISION,
                        TIME_STAMP,
                        PAYLOAD,
                        METADATA)
                .from(EVENTS)
                .where(POSITION.gt(position))
                .orderBy(POSITION)
                .limit(limit)
                .fetch(r -> new StoredEvent(
                        r.get(POSITION),
                        r.get(EVENT_ID),
                        r.get(AGGREGATE_ID),
                        r.get(SEQUENCE),
                        r.get(AGGREGATE_TYPE),
                        r.get(PAYLOAD_TYPE),
                        r.get(REVISION),
                        r.get(TIME_STAMP),
                        r.get(PAYLOAD),
                        r.get(METADATA)));
    }

    /**
     * Events stored at positions the sealer recorded as gaps (never committed when it sealed past them), within
     * {@code [from, to]}: each is an insertion.
     */
    List<StoredEvent> atGaps(long from, long to) {
        return dsl.select(
                        POSITION,
                        EVENT_ID,
                        AGGREGATE_ID,
                        SEQUENCE,
                        AGGREGATE_TYPE,
                        PAYLOAD_TYPE,
                        REVISION,
                        TIME_STAMP,
                        PAYLOAD,
                        METADATA)
                .from(EVENTS)
                .join(GAP)
                .on(GAP.POSITION.eq(POSITION))
                .where(POSITION.between(from, to))
                .orderBy(POSITION)
                .fetch(r -> new StoredEvent(
                        r.value1(),
                        r.value2(),
                        r.value3(),
                        r.value4(),
                        r.value5(),
                        r.value6(),
                        r.value7(),
                        r.value8(),
                        r.value9(),
                        r.value10()));
    }

    /**
     * Every other transaction in progress now, by virtual transaction id: a transaction holds the lock on its own
     * virtual id from its first statement to its end, before it has a real transaction id.
     */
    Set<String> runningTransactions() {
        return new HashSet<>(dsl.select(VIRTUAL_XID)
                .from(LOCKS)
                .where(LOCK_TYPE.eq("virtualxid"))
                .and(PID.ne(DSL.function("pg_backend_pid", SQLDataType.INTEGER)))
                .fetch(VIRTUAL_XID));
    }

    /** Which of {@code transactions} are still in progress. */
    Set<String> stillRunning(Set<String> transactions) {
        Set<String> running = runningTransactions();
        running.retainAll(transactions);
        return running;
    }
}
