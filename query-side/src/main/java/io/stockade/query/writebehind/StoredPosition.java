package io.stockade.query.writebehind;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.stockade.platform.axon.WriteBehind;
import java.util.Map;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * An event's own position in the event store, for read-model rows that link to it (GET /api/audit/events). A
 * gap-aware token (the JDBC event store's) holds the highest position seen so far, not the event's: concurrent
 * appends take their positions before they commit, so an event that commits late fills a gap below positions already
 * handled and its token names a later event's position. Such rows are written by {@link #insertOnce}, which takes the
 * position from the event store by the event's identifier (a unique index) inside the same JDBC batch: no round trip
 * per event. Tokens of other stores (Axon Server's) name the event's own position and are used as they are.
 */
public final class StoredPosition {
    private static final Table<Record> EVENTS = table(name("axon", "domain_event_entry"));
    private static final Field<Long> GLOBAL_INDEX = field(name("global_index"), SQLDataType.BIGINT);
    private static final Field<String> EVENT_ID = field(name("event_identifier"), SQLDataType.VARCHAR);

    /** The parameter of {@link #insertOnce} that names the event. */
    private static final String EVENT_IDENTIFIER = "event_identifier";

    private StoredPosition() {}

    /** Whether the token's position is the event's own (anything but a gap-aware token). */
    public static boolean exact(TrackingToken token) {
        return WrappedToken.unwrap(token, GapAwareTrackingToken.class).isEmpty();
    }

    /**
     * {@code INSERT INTO table (every column) SELECT …, global_index, … FROM the event store WHERE event_identifier =
     * :event_identifier ON CONFLICT DO NOTHING}: the other columns are parameters named after them, bound by
     * {@link #values}. Keep the shape in a constant: a batch groups statements by equal shapes.
     */
    public static WriteBehind.Shape insertOnce(String processor, Table<?> table, Field<Long> position) {
        return new WriteBehind.Shape(processor, table, "insert-at-stored-position", dsl -> {
            Field<?>[] fields = table.fields();
            Field<?>[] values = new Field<?>[fields.length];
            for (int i = 0; i < fields.length; i++) {
                values[i] = fields[i].equals(position)
                        ? GLOBAL_INDEX
                        : DSL.param(fields[i].getName(), fields[i].getDataType());
            }
            return dsl.insertInto(table)
                    .columns(fields)
                    .select(dsl.select(values)
                            .from(EVENTS)
                            .where(EVENT_ID.eq(DSL.param(EVENT_IDENTIFIER, SQLDataType.VARCHAR))))
                    .onConflictDoNothing();
        });
    }

    /** The row's values for {@link #insertOnce}: its own position left out, the event's identifier added. */
    public static Map<String, Object> values(Map<String, Object> row, Field<Long> position, String eventIdentifier) {
        row.remove(position.getName());
        row.put(EVENT_IDENTIFIER, eventIdentifier);
        return row;
    }
}
