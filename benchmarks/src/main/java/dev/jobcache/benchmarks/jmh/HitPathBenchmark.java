package dev.jobcache.benchmarks.jmh;

import dev.jobcache.application.admin.RecentActivity;
import dev.jobcache.application.cache.CacheDecision;
import dev.jobcache.application.cache.CacheSettings;
import dev.jobcache.application.cache.CacheableRequest;
import dev.jobcache.benchmarks.metrics.CountingCacheMetrics;
import dev.jobcache.application.cache.FailOpenCacheStore;
import dev.jobcache.application.cache.ResponseCache;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.domain.security.Principal;
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

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A whole cache hit in the application: {@link ResponseCache#lookup} (and {@link ResponseCache#freshHit}, which
 * the HTTP edge asks first) of an authenticated {@code GET /jobs?limit=20}
 * whose entry is fresh (policy match, request directives, bypass rules, key, store read through the fail-open
 * decorator, freshness, metrics, the hit decision), against the bare store read of the same key. The ratio is what
 * the application adds to a hit on top of its store; the HTTP edge (Jersey, headers, writing the body) is the load
 * comparison's business.
 *
 * <p>Entries are stored as the service stores them, through a miss and {@link ResponseCache#complete}, and set-up
 * fails unless every request then reads as a hit.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HitPathBenchmark {

    @State(Scope.Benchmark)
    public static class Cache {
        @Param({"CAFFEINE", "TWO_TIER"})
        Backend backend;

        @Param("10000")
        int entries;

        /** What records the cache's events: the bare counters, or those and the per-second ring the monitor reads. */
        @Param({"COUNTERS", "COUNTERS_AND_SECONDS"})
        String metrics;

        Backend.Opened opened;
        CacheStore bare;
        ResponseCache cache;
        CacheableRequest[] requests;
        CacheKey[] keys;
        ZipfKeys order;

        @Setup(Level.Trial)
        public void fill() {
            JobsEntries source = JobsEntries.forBenchmarks(true, StoreGetBenchmark.USERS);
            opened = backend.open();
            bare = opened.store();
            String tier = backend.name().toLowerCase(Locale.ROOT);
            CacheMetrics recorder = switch (metrics) {
                case "COUNTERS" -> new CountingCacheMetrics();
                case "COUNTERS_AND_SECONDS" -> new RecentActivity(Clock.system()).besides(new CountingCacheMetrics());
                default -> throw new IllegalArgumentException("metrics=" + metrics);
            };
            cache = new ResponseCache(new FailOpenCacheStore(bare, recorder, tier, Clock.system()), source.policies(),
                    recorder, Clock.system(), CacheSettings.defaults(tier));
            int distinct = Math.min(entries, StoreGetBenchmark.DISTINCT_PAGES);
            byte[][] bodies = new byte[distinct][];
            requests = new CacheableRequest[entries];
            keys = new CacheKey[entries];
            for (int i = 0; i < entries; i++) {
                if (i < distinct) {
                    bodies[i] = source.body(i);
                }
                requests[i] = request(source, i);
                keys[i] = store(requests[i], bodies[i % distinct]);
                if (!keys[i].equals(source.key(i))) {
                    throw new IllegalStateException("the cache keyed request " + i + " as " + keys[i]
                            + ", the fixture as " + source.key(i));
                }
            }
            requireAllHits();
            order = ZipfKeys.over(entries);
        }

        private static CacheableRequest request(JobsEntries source, int i) {
            return new CacheableRequest("GET", "/jobs", source.query(i), Optional.of(Principal.user(source.user(i))),
                    "application/json", "gzip, deflate, br", null, null, true, false);
        }

        private CacheKey store(CacheableRequest request, byte[] body) {
            if (!(cache.lookup(request) instanceof CacheDecision.Miss miss)) {
                throw new IllegalStateException("a first request was not a miss: " + request);
            }
            CacheDecision.Completion completion = cache.complete(miss.load(), JobsEntries.origin(body));
            if (completion.stored().isEmpty()) {
                throw new IllegalStateException("the cache did not store " + request + ": "
                        + completion.notStoredReason());
            }
            return miss.load().key();
        }

        private void requireAllHits() {
            for (CacheableRequest request : requests) {
                if (!(cache.lookup(request) instanceof CacheDecision.Hit hit) || hit.stale()) {
                    throw new IllegalStateException("not a fresh hit: " + request);
                }
            }
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            try {
                requireAllHits();
            } finally {
                opened.close();
            }
        }
    }

    @Benchmark
    public Optional<CachedResponse> baseline(Cache cache, Walk walk) {
        return cache.bare.get(cache.keys[cache.order.at(walk.step())]);
    }

    @Benchmark
    public CacheDecision lookup(Cache cache, Walk walk) {
        return cache.cache.lookup(cache.requests[cache.order.at(walk.step())]);
    }

    /** What the HTTP edge asks on a selector thread: a fresh hit from what the store holds in process. */
    @Benchmark
    public Optional<CacheDecision.Hit> freshHitInProcess(Cache cache, Walk walk) {
        return cache.cache.freshHit(cache.requests[cache.order.at(walk.step())], true);
    }
}
