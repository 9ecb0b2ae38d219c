package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.Tag;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Closes the stale-set race (memcache leases, NSDI 2013): a response loaded before an invalidation must not be
 * stored after it. A load takes a lease (the generations of its key and tags) before calling the origin; every
 * invalidation bumps the generations it touches before it deletes. After storing, the loader checks its lease and
 * deletes its own entry if a generation moved: either the invalidation's delete came after the put and removed it,
 * or the check sees the bump. Lock-free, and bounded in memory: names hash onto a fixed number of stripes, so an
 * unrelated invalidation can at worst cost a load its store, never let a stale one in.
 */
public final class LeaseRegistry {

    private static final int STRIPES = 4096;

    private final AtomicLongArray generations = new AtomicLongArray(STRIPES);
    private final AtomicLong everything = new AtomicLong();

    /** Takes a lease on a key and the tags its entry will carry. */
    public Lease acquire(CacheKey key, Set<Tag> tags) {
        int[] stripes = new int[tags.size() + 1];
        long[] seen = new long[stripes.length];
        long all = everything.get();
        stripes[0] = stripe(key.value());
        int i = 1;
        for (Tag tag : tags) {
            stripes[i++] = stripe(tag.value());
        }
        for (int s = 0; s < stripes.length; s++) {
            seen[s] = generations.get(stripes[s]);
        }
        return new Lease(stripes, seen, all);
    }

    /** Whether nothing the lease covers has been invalidated since it was taken. */
    public boolean isValid(Lease lease) {
        if (everything.get() != lease.everything) {
            return false;
        }
        for (int s = 0; s < lease.stripes.length; s++) {
            if (generations.get(lease.stripes[s]) != lease.seen[s]) {
                return false;
            }
        }
        return true;
    }

    /** Call before deleting the entries of these tags. */
    public void invalidatingTags(Set<Tag> tags) {
        tags.forEach(tag -> generations.incrementAndGet(stripe(tag.value())));
    }

    /** Call before deleting these keys. */
    public void invalidatingKeys(Set<CacheKey> keys) {
        keys.forEach(key -> generations.incrementAndGet(stripe(key.value())));
    }

    /** Call before clearing, or before an invalidation whose reach is not known in advance (patterns). */
    public void invalidatingEverything() {
        everything.incrementAndGet();
    }

    private static int stripe(String name) {
        int h = name.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

    /** The generations seen when a load began. */
    public static final class Lease {

        private final int[] stripes;
        private final long[] seen;
        private final long everything;

        private Lease(int[] stripes, long[] seen, long everything) {
            this.stripes = stripes;
            this.seen = seen;
            this.everything = everything;
        }
    }
}
