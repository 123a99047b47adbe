package vn.thidua.command.config;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Axon's aggregate {@link Cache} over a Caffeine cache with at most {@code maxEntries} aggregates.
 * <p>
 * Axon ships a {@code WeakReferenceCache}, whose entries vanish at every garbage collection: under load each command
 * then reloads its aggregate from the store. A bounded cache keeps the hot aggregates. Axon 4 has adapters for EhCache
 * and JCache but none for Caffeine, hence this one. Entry listeners are not supported; Axon's repositories register none.
 */
class CaffeineAggregateCache implements Cache {

    private final ConcurrentMap<Object, Object> entries;

    CaffeineAggregateCache(long maxEntries) {
        this.entries = Caffeine.newBuilder().maximumSize(maxEntries).build().asMap();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        return (V) entries.get(key);
    }

    @Override
    public void put(Object key, Object value) {
        if (value == null) {
            entries.remove(key); // Caffeine holds no nulls; a null entry reads as absent anyway
        } else {
            entries.put(key, value);
        }
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.putIfAbsent(key, value) == null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return (T) entries.computeIfAbsent(key, k -> valueSupplier.get());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.computeIfPresent(key, (k, v) -> update.apply((V) v));
    }

    @Override
    public boolean remove(Object key) {
        return entries.remove(key) != null;
    }

    @Override
    public void removeAll() {
        entries.clear();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        return () -> true;
    }
}
