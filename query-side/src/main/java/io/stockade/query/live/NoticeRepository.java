package io.stockade.query.live;

import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * {@code pg_notify} on the live-stream channel, through the application's jOOQ context: inside a projection's
 * transaction, so PostgreSQL delivers the notices when (and only if) that transaction commits.
 */
final class NoticeRepository {
    static final String CHANNEL = "stockade_live";
    private final DSLContext dsl;

    NoticeRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** One round trip for all of a batch's notices: {@code select pg_notify(?, ?), pg_notify(?, ?), …}. */
    void notify(List<String> payloads) {
        if (payloads.isEmpty()) {
            return;
        }
        List<Field<?>> calls = payloads.stream()
                .<Field<?>>map(p -> DSL.function("pg_notify", Object.class, DSL.val(CHANNEL), DSL.val(p)))
                .toList();
        dsl.select(calls).execute();
    }
}
