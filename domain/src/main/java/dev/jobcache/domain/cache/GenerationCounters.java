package dev.jobcache.domain.cache;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Invalidation generations for an in-process store: a lock-free, fixed-size table of counters that keys and tags
 * hash onto. An invalidation bumps the counters it touches before it deletes; a generation is the sum of a key's and
 * its tags' counters plus a store-wide one, so it changes whenever an invalidation that reaches any of them begins.
 * Unrelated names may share a counter: that can only make a conditional put give up, never let a stale one in.
 */
public final class GenerationCounters {

    private static final int STRIPES = 4096;

    private final AtomicLongArray counters = new AtomicLongArray(STRIPES);
    private final AtomicLong everything = new AtomicLong();

    public long of(CacheKey key, Set<Tag> tags) {
        long sum = everything.get() + counters.get(stripe(key.value()));
        for (Tag tag : tags) {
            sum += counters.get(stripe(tag.value()));
        }
        return sum;
    }

    public void bump(CacheKey key) {
        counters.incrementAndGet(stripe(key.value()));
    }

    public void bump(Set<Tag> tags) {
        tags.forEach(tag -> counters.incrementAndGet(stripe(tag.value())));
    }

    public void bumpAll() {
        everything.incrementAndGet();
    }

    private static int stripe(String name) {
        int h = name.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }
}
