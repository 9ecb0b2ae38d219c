package dev.jobcache.adapters.caffeine;

import com.github.benmanes.caffeine.cache.Weigher;
import dev.jobcache.domain.cache.CacheKey;

/**
 * Charges an entry its response's estimated bytes plus its key's length and its tags' index entries, so that {@code maximumWeight} is a bound in
 * bytes (CACHE_MAX_MEMORY_MB) rather than in entries, which would let a few large downloads blow the heap.
 */
final class EntryWeigher implements Weigher<CacheKey, TaggedResponse> {

    /** What the tag index and the entry's tag set hold per tag, measured with the rest (see CachedResponse). */
    static final int BYTES_PER_TAG = 120;

    @Override
    public int weigh(CacheKey key, TaggedResponse value) {
        long weight = (long) value.response().weightInBytes() + key.value().length()
                + (long) BYTES_PER_TAG * value.tags().size();
        // Caffeine rejects negative weights; a body near 2 GiB must not overflow into one
        return (int) Math.min(Integer.MAX_VALUE, weight);
    }
}
