package io.stockade.query.live;

import io.stockade.api.inventory.LiveUpdates.ReadModelChanged;
import java.util.Optional;
import java.util.Set;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.stereotype.Component;

/**
 * Where projections say that a change concerns the live streams. This node's subscribers hear it through the
 * query update emitter (within the batch's unit of work, so after it commits), as before. When the node runs
 * on the JDBC event store, the other query nodes hear it through PostgreSQL (see {@link CrossNodeNotices}): a
 * processor segment is owned by one node, and a stream may be open on any. On Axon Server the query bus
 * already carries emitted updates to every node, so nothing else is sent.
 */
@Component
public class LiveNotices {
    private final QueryUpdateEmitter updates;
    private final Optional<NoticePublisher> others;

    LiveNotices(QueryUpdateEmitter updates, Optional<NoticePublisher> others) {
        this.updates = updates;
        this.others = others;
    }

    /** For a projection tested on its own: its notices reach this emitter only. */
    public static LiveNotices localOnly(QueryUpdateEmitter updates) {
        return new LiveNotices(updates, Optional.empty());
    }

    boolean tellsOtherNodes() {
        return others.isPresent();
    }

    /** A committed change of {@code change}'s organisation (and item, if named) concerns these queries' streams. */
    public void changed(ReadModelChanged change, Set<LiveQuery> queries) {
        // Nothing is built for this node when nobody here listens (replays, bulk imports).
        if (!updates.activeSubscriptions().isEmpty()) {
            queries.forEach(q -> q.emit(updates, change));
        }
        others.ifPresent(p -> p.publish(change, queries));
    }
}
