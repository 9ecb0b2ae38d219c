package dev.jobcache.benchmarks.jmh;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.port.CacheStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link CacheStore#get} of a present entry, per {@link Backend}, on one and two threads, against
 * {@link ConcurrentHashMap#get} of the same keys: the floor any in-process map lookup pays. Keys are the
 * service's {@code GET /jobs} keys of {@code entries} distinct gzip-stored pages, asked for in a Zipf order.
 *
 * <p>Every read must hit, or the figure would be a miss's: set-up checks each key once and tear-down checks again
 * that nothing was evicted or expired meanwhile.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StoreGetBenchmark {

    static final int USERS = 100;
    static final int DISTINCT_PAGES = 1000;

    /** The entries and the order they are read in, shared by the stores and the baseline map. */
    @State(Scope.Benchmark)
    public static class Entries {
        @Param("10000")
        int entries;

        FilledEntries filled;

        @Setup(Level.Trial)
        public void build() {
            filled = FilledEntries.of(entries, DISTINCT_PAGES, JobsEntries.forBenchmarks(true, USERS));
        }
    }

    @State(Scope.Benchmark)
    public static class Store {
        @Param({"IN_MEMORY", "CAFFEINE", "TWO_TIER", "REDIS"})
        Backend backend;

        Backend.Opened opened;
        CacheStore store;

        @Setup(Level.Trial)
        public void fill(Entries entries) {
            opened = backend.open();
            store = opened.store();
            entries.filled.putInto(store);
            entries.filled.requireAllPresent(store);
        }

        @TearDown(Level.Trial)
        public void close(Entries entries) throws Exception {
            try {
                entries.filled.requireAllPresent(store);
            } finally {
                opened.close();
            }
        }
    }

    @State(Scope.Benchmark)
    public static class Baseline {
        ConcurrentHashMap<CacheKey, CachedResponse> map;

        @Setup(Level.Trial)
        public void fill(Entries entries) {
            map = new ConcurrentHashMap<>();
            FilledEntries filled = entries.filled;
            for (int i = 0; i < filled.size(); i++) {
                map.put(filled.key(i), filled.entry(i));
            }
        }
    }

    @Benchmark
    @Threads(1)
    public Optional<CachedResponse> baseline(Entries entries, Baseline baseline, Walk walk) {
        // wrapped like CacheStore.get, so the ratio is the store's work and not the Optional's
        return Optional.ofNullable(baseline.map.get(entries.filled.nextKey(walk)));
    }

    @Benchmark
    @Threads(2)
    public Optional<CachedResponse> baselineTwoThreads(Entries entries, Baseline baseline, Walk walk) {
        return Optional.ofNullable(baseline.map.get(entries.filled.nextKey(walk)));
    }

    @Benchmark
    @Threads(1)
    public Optional<CachedResponse> get(Entries entries, Store store, Walk walk) {
        return store.store.get(entries.filled.nextKey(walk));
    }

    @Benchmark
    @Threads(2)
    public Optional<CachedResponse> getTwoThreads(Entries entries, Store store, Walk walk) {
        return store.store.get(entries.filled.nextKey(walk));
    }
}
