package dev.jobcache.adapters.caffeine;

import com.github.benmanes.caffeine.cache.Weigher;
import dev.jobcache.domain.cache.CacheKey;

/**
 * Charges an entry its response's estimated bytes plus its key's length, so that {@code maximumWeight} is a bound in
 * bytes (CACHE_MAX_MEMORY_MB) rather than in entries, which would let a few large downloads blow the heap.
 */
final class EntryWeigher implements Weigher<CacheKey, TaggedResponse> {

    @Override
    public int weigh(CacheKey key, TaggedResponse value) {
        long weight = (long) value.response().weightInBytes() + key.value().length();
        // Caffeine rejects negative weights; a body near 2 GiB must not overflow into one
        return (int) Math.min(Integer.MAX_VALUE, weight);
    }
}
