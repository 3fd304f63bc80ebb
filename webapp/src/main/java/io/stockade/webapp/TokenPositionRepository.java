package io.stockade.webapp;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.util.HashMap;
import java.util.Map;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/**
 * Where each segment of a processor stands, as stored with its last committed batch: shared by every node on
 * the database, so a node that does not own a segment still sees how far its owner got. Read only; claiming
 * a token (what Axon's TokenStore does on fetch) would take it from its owner.
 */
@Repository
class TokenPositionRepository {
    private final DSLContext dsl;
    private final TokenSchema schema;
    private final Serializer serializer;

    TokenPositionRepository(DSLContext dsl, TokenSchema schema, Serializer serializer) {
        this.dsl = dsl;
        this.schema = schema;
        this.serializer = serializer;
    }

    /** Each segment's stored token, by segment id; null for a segment that has not processed anything yet. */
    Map<Integer, TrackingToken> tokens(String processor) {
        var segment = field(name(schema.segmentColumn()), Integer.class);
        var token = field(name(schema.tokenColumn()), byte[].class);
        var type = field(name(schema.tokenTypeColumn()), String.class);
        Map<Integer, TrackingToken> out = new HashMap<>();
        for (var row : dsl.select(segment, token, type)
                .from(table(name(schema.tokenTable().split("\\."))))
                .where(field(name(schema.processorNameColumn()), String.class).eq(processor))
                .fetch()) {
            out.put(
                    row.value1(),
                    row.value2() == null || row.value3() == null
                            ? null
                            : serializer.deserialize(
                                    new SimpleSerializedObject<>(row.value2(), byte[].class, row.value3(), null)));
        }
        return out;
    }
}
