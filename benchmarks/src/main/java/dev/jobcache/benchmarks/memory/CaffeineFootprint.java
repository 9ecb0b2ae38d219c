package dev.jobcache.benchmarks.memory;

import dev.jobcache.adapters.caffeine.CaffeineCacheStore;
import dev.jobcache.benchmarks.metrics.CountingCacheMetrics;
import dev.jobcache.benchmarks.jmh.JobsEntries;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.port.Clock;

import java.lang.ref.Reference;

/**
 * Fills a fresh {@link CaffeineCacheStore} and reads the heap before and after. Each entry is made and put in one
 * step, so its identity body and the origin response it came from are garbage by the time the heap is read: the
 * difference is what the store holds (keys, responses, tag sets, Caffeine's nodes and table, the local tag index),
 * and nothing of the fixture.
 */
final class CaffeineFootprint {

    private static final long MAX_BYTES = 1L << 30;

    private CaffeineFootprint() {
    }

    static FootprintCase measure(String name, int entries, boolean compression, int users) {
        JobsEntries source = JobsEntries.asConfigured(compression, users);
        // once before measuring, so that classes and their static tables are not counted as entries
        source.entry(0);
        CaffeineCacheStore store = new CaffeineCacheStore(MAX_BYTES, Clock.system(), new CountingCacheMetrics());
        long before = HeapGauge.settledUsedBytes();
        long payload = 0;
        long gzipped = 0;
        for (int i = 0; i < entries; i++) {
            CachedResponse entry = source.entry(i);
            payload += entry.body().length;
            gzipped += entry.gzipped() ? 1 : 0;
            store.put(source.key(i), entry, source.tags(i));
        }
        // usage() runs Caffeine's pending maintenance, so its buffers are drained before the heap is read
        StoreUsage usage = store.usage();
        long after = HeapGauge.settledUsedBytes();
        Reference.reachabilityFence(store);
        if (usage.entries() != entries) {
            throw new IllegalStateException(name + ": the store holds " + usage.entries() + " of " + entries
                    + " entries; the measurement would be wrong");
        }
        if (compression != (gzipped == entries)) {
            throw new IllegalStateException(name + ": " + gzipped + " of " + entries + " entries stored gzipped");
        }
        return FootprintCase.caffeine(name, entries, (double) payload / entries,
                (double) usage.bytes() / usage.entries(), (double) (after - before) / entries);
    }
}
