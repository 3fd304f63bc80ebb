package io.stockade.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.concurrent.Callable;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes (two repositories, each with its own cache) on one event store, as two command-side processes on one
 * PostgreSQL: a node decides on what the store holds, not on the copy it cached before the other node moved on.
 */
class StoreCheckedCacheTest {
    record Opened(String id) {}

    record Added(String id, int amount) {}

    static class Tally {
        @AggregateIdentifier
        private String id;

        private int total;

        Tally() {
            // for Axon
        }

        Tally(String id) {
            apply(new Opened(id));
        }

        void add(int amount) {
            apply(new Added(id, amount));
        }

        @EventSourcingHandler
        void on(Opened e) {
            id = e.id();
        }

        @EventSourcingHandler
        void on(Added e) {
            total += e.amount();
        }
    }

    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine())
            .build();

    @AfterEach
    void stop() {
        store.shutDown();
    }

    private EventSourcingRepository<Tally> node(Cache cache) {
        return EventSourcingRepository.builder(Tally.class)
                .eventStore(store)
                .cache(cache)
                .build();
    }

    private EventSourcingRepository<Tally> checkedNode() {
        return node(new StoreCheckedCache(new BoundedCache(10), () -> store, Tally.class));
    }

    private static <R> R inUnitOfWork(Callable<R> work) throws Exception {
        ResultMessage<R> result = DefaultUnitOfWork.startAndGet(null).executeWithResult(work);
        if (result.isExceptional()) {
            throw (Exception) result.exceptionResult();
        }
        return result.getPayload();
    }

    private static void add(EventSourcingRepository<Tally> node, int amount) throws Exception {
        inUnitOfWork(() -> {
            node.load("t-1").execute(t -> t.add(amount));
            return null;
        });
    }

    private static int total(EventSourcingRepository<Tally> node) throws Exception {
        return inUnitOfWork(() -> node.load("t-1").invoke(t -> t.total));
    }

    private static long version(EventSourcingRepository<Tally> node) throws Exception {
        return inUnitOfWork(() -> node.load("t-1").version());
    }

    @Test
    void shouldDecideOnTheStoredAggregateWhenTheOtherNodeAppendedSinceThisNodeCachedIt() throws Exception {
        EventSourcingRepository<Tally> a = checkedNode();
        EventSourcingRepository<Tally> b = checkedNode();
        inUnitOfWork(() -> a.newInstance(() -> new Tally("t-1")));
        add(a, 1);
        add(b, 10);
        add(b, 100);

        assertThat(total(a)).as("A's cached copy (1) misses B's additions").isEqualTo(111);
        assertThat(version(a)).isEqualTo(3L);
        add(a, 1000);
        assertThat(total(b)).isEqualTo(1111);
    }

    @Test
    void shouldKeepTheCachedAggregateWhileNoOtherNodeAppended() throws Exception {
        EventSourcingRepository<Tally> a = checkedNode();
        inUnitOfWork(() -> a.newInstance(() -> new Tally("t-1")));
        add(a, 5);

        Tally first = inUnitOfWork(() -> a.load("t-1").invoke(t -> t));
        Tally second = inUnitOfWork(() -> a.load("t-1").invoke(t -> t));

        assertThat(second).as("served from the cache, not rebuilt").isSameAs(first);
        assertThat(second.total).isEqualTo(5);
    }

    @Test
    void shouldDecideOnAStaleCopyWithoutTheCheckWhichIsWhatTheCheckIsFor() throws Exception {
        EventSourcingRepository<Tally> a = node(new BoundedCache(10));
        EventSourcingRepository<Tally> b = node(new BoundedCache(10));
        inUnitOfWork(() -> a.newInstance(() -> new Tally("t-1")));
        add(a, 1);
        add(b, 10);

        assertThat(total(a)).as("a plain cache answers with the copy it holds").isEqualTo(1);
    }
}
