package io.stockade.query.live;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Repository;

/**
 * {@code pg_notify} on the live-stream channel, through the application's jOOQ context: inside a projection's
 * transaction, so PostgreSQL delivers the notices when (and only if) that transaction commits; and {@code LISTEN}
 * on the listener's own connection. Wired where {@link CrossNodeNotices} is.
 */
@Repository
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
class NoticeRepository {
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

    /** Subscribes {@code connection}'s session to the channel (jOOQ has no LISTEN; the statement is fixed text). */
    static void listen(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("LISTEN " + CHANNEL);
        }
    }
}
