package io.stockade.platform.axon;

import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;

/**
 * One node's aggregate cache, checked against the event store each time the repository reads it. Several
 * command-side nodes append to one store and each caches what it decided on: a copy that misses another node's
 * events would decide on state that is gone (refuse a deduction the item can afford, or lose the append race
 * and spend the retries). An entry whose version is not the store's last sequence number for the aggregate is
 * dropped here, so the repository loads the aggregate from its snapshot and events instead. The check is one
 * indexed look-up in the command's own transaction; a node appending between it and the append still loses on
 * the (aggregate, sequence) constraint, which the command gateway retries.
 */
public final class StoreCheckedCache implements Cache {
    private final Cache entries;
    private final Supplier<EventStore> store;
    private final Class<?> aggregateType;
    private volatile AggregateModel<?> model;

    public StoreCheckedCache(Cache entries, Supplier<EventStore> store, Class<?> aggregateType) {
        this.entries = entries;
        this.store = store;
        this.aggregateType = aggregateType;
    }

    @Override
    public <K, V> V get(K key) {
        V value = entries.get(key);
        if (value instanceof AggregateCacheEntry<?> entry && !current(key.toString(), entry)) {
            entries.remove(key);
            return null;
        }
        return value;
    }

    private boolean current(String aggregateId, AggregateCacheEntry<?> entry) {
        EventStore events = store.get();
        Long cached = version(entry, events);
        Long stored = events.lastSequenceNumberFor(aggregateId).orElse(null);
        return cached != null && Objects.equals(cached, stored);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Long version(AggregateCacheEntry<?> entry, EventStore events) {
        // An entry kept in memory hands back the aggregate it was made from; the model is only used to rebuild one
        // that was serialised (not the case for BoundedCache, but the contract of Cache allows it).
        return ((AggregateCacheEntry) entry)
                .recreateAggregate(model(), events, NoSnapshotTriggerDefinition.INSTANCE)
                .version();
    }

    private AggregateModel<?> model() {
        AggregateModel<?> m = model;
        if (m == null) {
            m = AnnotatedAggregateMetaModelFactory.inspectAggregate(aggregateType);
            model = m;
        }
        return m;
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.putIfAbsent(key, value);
    }

    @Override
    public boolean remove(Object key) {
        return entries.remove(key);
    }

    @Override
    public void removeAll() {
        entries.removeAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.computeIfPresent(key, update);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        return entries.registerCacheEntryListener(listener);
    }
}
