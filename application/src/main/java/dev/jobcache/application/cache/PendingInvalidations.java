package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.cache.Tag;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Invalidations a store failed to apply, kept until it applies them. Bounded: past {@code limit} names they collapse
 * into one "everything", which removes at least as much as all of them together.
 */
final class PendingInvalidations {

    private final int limit;
    private final Set<Tag> tags = new LinkedHashSet<>();
    private final Set<CacheKey> keys = new LinkedHashSet<>();
    private boolean everything;

    PendingInvalidations(int limit) {
        this.limit = limit;
    }

    synchronized void add(Invalidation failed) {
        if (everything || failed.everything() || tags.size() + keys.size() + failed.tags().size() + failed.keys().size() > limit) {
            everything = true;
            tags.clear();
            keys.clear();
            return;
        }
        tags.addAll(failed.tags());
        keys.addAll(failed.keys());
    }

    synchronized boolean isEmpty() {
        return !everything && tags.isEmpty() && keys.isEmpty();
    }

    /** The tags and keys pending; one when they collapsed into "everything". */
    synchronized int size() {
        return everything ? 1 : tags.size() + keys.size();
    }

    /** What is pending now, as one invalidation; empty when nothing is. */
    synchronized Invalidation snapshot() {
        return new Invalidation(tags, keys, everything, "retry");
    }

    /** Forgets what {@code applied} covered; anything added since stays. */
    synchronized void applied(Invalidation applied) {
        if (applied.everything()) {
            everything = false;
        }
        tags.removeAll(applied.tags());
        keys.removeAll(applied.keys());
    }
}
