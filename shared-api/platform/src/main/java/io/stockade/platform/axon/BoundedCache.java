package io.stockade.platform.axon;

import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * A strongly referenced aggregate cache with a size bound. Axon's WeakReferenceCache loses an
 * aggregate at the next garbage collection, which under load meant loading most items from their
 * snapshot and events again on every command. When full, an arbitrary tenth is dropped: a miss
 * only costs a reload, and a stale entry cannot win because the append is checked by sequence number.
 */
public class BoundedCache implements Cache {
    private final ConcurrentMap<Object, Object> entries = new ConcurrentHashMap<>();
    private final Set<EntryListener> listeners = new CopyOnWriteArraySet<>();
    private final int maxEntries;

    public BoundedCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        V value = (V) entries.get(key);
        if (value != null) {
            listeners.forEach(l -> l.onEntryRead(key, value));
        }
        return value;
    }

    @Override
    public void put(Object key, Object value) {
        if (value == null) {
            remove(key);
            return;
        }
        makeRoom();
        Object previous = entries.put(key, value);
        listeners.forEach(l -> {
            if (previous == null) {
                l.onEntryCreated(key, value);
            } else {
                l.onEntryUpdated(key, value);
            }
        });
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        makeRoom();
        boolean added = entries.putIfAbsent(key, value) == null;
        if (added) {
            listeners.forEach(l -> l.onEntryCreated(key, value));
        }
        return added;
    }

    @Override
    public boolean remove(Object key) {
        boolean removed = entries.remove(key) != null;
        if (removed) {
            listeners.forEach(l -> l.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public void removeAll() {
        entries.keySet().forEach(this::remove);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.computeIfPresent(key, (k, v) -> update.apply((V) v));
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public int size() {
        return entries.size();
    }

    private void makeRoom() {
        if (entries.size() < maxEntries) {
            return;
        }
        int drop = Math.max(1, maxEntries / 10);
        Iterator<Object> keys = entries.keySet().iterator();
        while (drop-- > 0 && keys.hasNext()) {
            Object key = keys.next();
            keys.remove();
            listeners.forEach(l -> l.onEntryExpired(key));
        }
    }
}
