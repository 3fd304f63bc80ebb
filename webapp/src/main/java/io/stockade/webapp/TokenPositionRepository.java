package io.stockade.webapp;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
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

    /** One position per segment; empty when a segment has not processed anything yet. */
    List<OptionalLong> positions(String processor) {
        var token = field(name(schema.tokenColumn()), byte[].class);
        var type = field(name(schema.tokenTypeColumn()), String.class);
        List<OptionalLong> out = new ArrayList<>();
        for (var row : dsl.select(token, type)
                .from(table(name(schema.tokenTable().split("\\."))))
                .where(field(name(schema.processorNameColumn()), String.class).eq(processor))
                .fetch()) {
            if (row.value1() == null || row.value2() == null) {
                out.add(OptionalLong.empty());
                continue;
            }
            TrackingToken t = serializer.deserialize(
                    new SimpleSerializedObject<>(row.value1(), byte[].class, row.value2(), null));
            out.add(t == null ? OptionalLong.empty() : t.position());
        }
        return out;
    }
}
