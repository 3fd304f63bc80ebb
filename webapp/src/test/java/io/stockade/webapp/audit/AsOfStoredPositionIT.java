package io.stockade.webapp.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.testsupport.TestServices;
import io.stockade.webapp.support.ApiTestBase;
import io.stockade.webapp.support.TestDatabaseInitializer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The as-of projection files each movement at the position the event store gave it, also when movements were appended
 * concurrently. Concurrent appends commit out of position order, and the JDBC store's gap-aware token names the
 * highest position seen, not the event's own: filed by the token, an anomaly's position (a link to GET
 * /api/audit/events) named another event.
 */
class AsOfStoredPositionIT extends ApiTestBase {
    private static final int ITEMS = 6;
    private static final int THREADS = 8;
    private static final int MOVEMENTS = 400;

    @Test
    void shouldFileEveryMovementWrittenConcurrentlyAtItsStoredPosition() throws Exception {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add(createItem("As of positions " + shortId(), 1_000_000, 1)
                    .get("id")
                    .asText());
        }
        moveConcurrently(items, MOVEMENTS, THREADS, Map.of());

        // The projection follows within moments; then every row (movements and the items' versions) names the
        // position of the stored event at its item and stream sequence.
        List<String> wrong = new ArrayList<>();
        long[] rows = new long[1];
        long deadline = System.currentTimeMillis() + 60_000;
        do {
            Thread.sleep(250);
            wrong.clear();
            rows[0] = 0;
            check(items, "read.audit_asof_movement", rows, wrong);
            check(items, "read.audit_asof_item_version", rows, wrong);
            // Each item brings its creation and its initial stock (a movement) besides the concurrent movements.
        } while (rows[0] < MOVEMENTS + 2 * ITEMS && System.currentTimeMillis() < deadline);
        assertThat(wrong).as("rows filed under another event's position").isEmpty();
        assertThat(rows[0]).as("movements and creations filed").isEqualTo(MOVEMENTS + 2 * ITEMS);
    }

    /** Counts the items' rows of the table, and lists those whose position is not their stored event's. */
    private static void check(List<String> items, String table, long[] rows, List<String> wrong) throws Exception {
        var db = TestDatabaseInitializer.database();
        // As the server's superuser: the read tables FORCE their tenant policy even on their owner.
        try (Connection c = TestServices.postgres().connect(db.database());
                PreparedStatement st = c.prepareStatement("SELECT t.item_id, t.sequence, t.position, e.global_index"
                        + " FROM " + table + " t LEFT JOIN axon.domain_event_entry e"
                        + " ON e.aggregate_identifier = t.item_id::text AND e.sequence_number = t.sequence"
                        + " WHERE t.item_id::text = ANY(?)")) {
            st.setArray(1, c.createArrayOf("text", items.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows[0]++;
                    long position = rs.getLong(3);
                    long stored = rs.getLong(4);
                    if (position != stored) {
                        wrong.add(table + " " + rs.getString(1) + "#" + rs.getLong(2) + " at " + position
                                + ", stored at " + stored);
                    }
                }
            }
        }
    }
}
