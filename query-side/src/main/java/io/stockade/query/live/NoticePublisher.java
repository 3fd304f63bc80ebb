package io.stockade.query.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockade.api.inventory.LiveUpdates.ReadModelChanged;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Tells the other nodes of a projection's change. The notices of one processor batch are gathered and sent
 * with {@code pg_notify} just before the batch's transaction commits: PostgreSQL delivers them on commit,
 * never for a batch that rolls back, and sends identical payloads of one transaction once. A batch that
 * touches many items of one organisation sends one organisation-wide notice instead of one per item.
 */
final class NoticePublisher {
    /** Past this many items of one organisation in a batch, one notice without an item stands for them all. */
    static final int MAX_ITEMS_PER_BATCH = 16;

    private final NoticeRepository repository;
    private final String node;
    private final String resourceKey;
    private final Counter published;

    NoticePublisher(NoticeRepository repository, String node, MeterRegistry meters) {
        this.repository = repository;
        this.node = node;
        this.resourceKey = NoticePublisher.class.getName() + "/" + node;
        this.published = Counter.builder("stockade.live.notices.published")
                .description("Read-model change notices this node sent to the other nodes (after the batch commits)")
                .register(meters);
    }

    String node() {
        return node;
    }

    void publish(ReadModelChanged change, Set<LiveQuery> queries) {
        Notice notice = new Notice(node, change, queries);
        if (!CurrentUnitOfWork.isStarted()) {
            send(List.of(notice));
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        if (batch.phase().isAfter(UnitOfWork.Phase.STARTED)) {
            // Already committing (a handler of a later phase): its transaction, if still open, is the right one.
            send(List.of(notice));
            return;
        }
        Set<Notice> pending = batch.getOrComputeResource(resourceKey, k -> {
            Set<Notice> notices = new LinkedHashSet<>();
            batch.onPrepareCommit(u -> send(collapse(notices)));
            return notices;
        });
        pending.add(notice);
    }

    private void send(List<Notice> notices) {
        repository.notify(notices.stream().map(Notice::encode).toList());
        published.increment(notices.size());
    }

    static List<Notice> collapse(Set<Notice> notices) {
        Map<List<Object>, List<Notice>> groups = new LinkedHashMap<>();
        for (Notice n : notices) {
            groups.computeIfAbsent(List.of(n.change().tenantId(), n.queries()), k -> new ArrayList<>())
                    .add(n);
        }
        List<Notice> out = new ArrayList<>();
        for (List<Notice> group : groups.values()) {
            if (group.size() > MAX_ITEMS_PER_BATCH) {
                Notice first = group.get(0);
                out.add(new Notice(
                        first.node(), new ReadModelChanged(first.change().tenantId(), null), first.queries()));
            } else {
                out.addAll(group);
            }
        }
        return out;
    }
}
