package dev.jobcache.benchmarks.jmh;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.CacheStore;

import java.util.Set;

/**
 * {@code size} cached {@code GET /jobs} entries with their keys and tags, and a Zipf order to read them in. Made
 * once per fork; the reads index arrays, so a benchmark measures the store and not the fixture.
 */
final class FilledEntries {

    private final CacheKey[] keys;
    private final CachedResponse[] entries;
    private final Set<Tag>[] tags;
    private final ZipfKeys order;

    private FilledEntries(CacheKey[] keys, CachedResponse[] entries, Set<Tag>[] tags, ZipfKeys order) {
        this.keys = keys;
        this.entries = entries;
        this.tags = tags;
        this.order = order;
    }

    /**
     * @param distinct how many different pages to encode; entry {@code i} beyond them is a response of its own over
     *                 page {@code i % distinct}'s bytes. In-process reads never touch the body and a Redis read
     *                 copies it whichever page it is, so sharing bodies changes no figure, and it keeps a fork's
     *                 set-up (gzip and digest of every page) to a second or so.
     */
    @SuppressWarnings("unchecked")
    static FilledEntries of(int size, int distinct, JobsEntries source) {
        CacheKey[] keys = new CacheKey[size];
        CachedResponse[] entries = new CachedResponse[size];
        Set<Tag>[] tags = new Set[size];
        for (int i = 0; i < size; i++) {
            keys[i] = source.key(i);
            entries[i] = i < distinct ? source.entry(i) : copyOf(entries[i % distinct]);
            tags[i] = source.tags(i);
        }
        return new FilledEntries(keys, entries, tags, ZipfKeys.over(size));
    }

    private static CachedResponse copyOf(CachedResponse r) {
        return new CachedResponse(r.status(), r.headers(), r.body(), r.gzipped(), r.etag(), r.storedAt(), r.ttl(),
                r.staleGrace());
    }

    int size() {
        return keys.length;
    }

    CacheKey key(int i) {
        return keys[i];
    }

    CachedResponse entry(int i) {
        return entries[i];
    }

    Set<Tag> tags(int i) {
        return tags[i];
    }

    /** The entry index the walk reads next, moving it on. */
    int nextIndex(Walk walk) {
        return order.at(walk.step());
    }

    CacheKey nextKey(Walk walk) {
        return keys[nextIndex(walk)];
    }

    void putInto(CacheStore store) {
        for (int i = 0; i < keys.length; i++) {
            store.put(keys[i], entries[i], tags[i]);
        }
    }

    /** Fails the run if any key misses: a benchmark of hits that measured misses would report a wrong figure. */
    void requireAllPresent(CacheStore store) {
        for (CacheKey key : keys) {
            if (store.get(key).isEmpty()) {
                throw new IllegalStateException(store + " misses " + key + ": the benchmark would measure misses");
            }
        }
    }
}
