package dev.jobcache.adapters.rest;

import dev.jobcache.application.admin.CacheReports;
import dev.jobcache.application.cache.InvalidationHistory;
import dev.jobcache.application.cache.RoutePolicies;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.cache.Tag;

import java.time.Duration;
import java.util.List;

/**
 * The JSON shape of one live snapshot ({@code GET /admin/cache/monitor/realtime}): what the dashboard draws each
 * second, flattened from the application's statistics and performance so a browser needs no arithmetic of its own.
 */
final class MonitorJson {

    /** How many of the newest invalidations a snapshot carries; the full history is in {@code /admin/cache/stats}. */
    static final int INVALIDATIONS_SHOWN = 20;
    /**
     * How many tags and how many keys of each invalidation a snapshot shows. A snapshot goes to every stream every
     * second, so it must stay small whatever was invalidated: at most about 90 KB with the longest tags and keys,
     * where five invalidations of 1,000 keys each made it 1.25 MB.
     */
    static final int ITEMS_SHOWN = 10;

    private MonitorJson() {
    }

    /**
     * @param hitRatio          (hits + stale) / lookups over every route since start, 0 before the first lookup
     * @param requests          lookups plus bypasses since start, admin requests aside, the counter {@code requestsPerSecond} is taken of
     * @param requestsPerSecond since the previous snapshot; absent for the first one
     * @param invalidations     the newest first, at most {@value #INVALIDATIONS_SHOWN}
     * @param droppedStreams    live streams dropped since start because their reader fell behind
     * @param totalCacheOperations lookups the cache answered (hits, stale, misses) and responses it stored, since start
     * @param errors            store calls that failed since start (each answered as a miss or as nothing done)
     * @param errorRate         store calls that failed per cache operation, since start (0.01 is 1 %)
     * @param memoryUsage       the store's memory against its bound
     */
    record Snapshot(String at, double hitRatio, long lookups, long requests, Double requestsPerSecond,
                    Latencies latency, List<Route> routes, AdminJson.Store store,
                    List<Invalidation> invalidations, long droppedStreams,
                    long totalCacheOperations, long errors, double errorRate, MemoryUsage memoryUsage) {

        static Snapshot of(CacheReports.Snapshot snapshot, Double requestsPerSecond, long droppedStreams) {
            CacheReports.Stats stats = snapshot.stats();
            long served = 0;
            long lookups = 0;
            // a near-cache's probes are part of the lookups counted in the store's tier, not more of them
            for (CacheReports.RouteStats r : stats.routes()) {
                if (!r.answersRequests()) {
                    continue;
                }
                served += r.hits() + r.stale();
                lookups += r.hits() + r.stale() + r.misses();
            }
            StoreUsage usage = stats.usage();
            return new Snapshot(snapshot.at().toString(), lookups == 0 ? 0 : (double) served / lookups, lookups,
                    requestsOf(snapshot), requestsPerSecond, Latencies.of(snapshot.performance()),
                    snapshot.performance().routes().stream().map(Route::of).toList(),
                    new AdminJson.Store(usage.entries(), usage.bytes(), usage.maxBytes(), usage.evictions()),
                    stats.history().stream().limit(INVALIDATIONS_SHOWN).map(Invalidation::of).toList(),
                    droppedStreams, stats.cacheOperations(), stats.storeErrors(), stats.errorRate(),
                    MemoryUsage.of(usage));
        }
    }

    /**
     * The store's memory against its bound (on Redis, {@code used_memory} against {@code maxmemory}).
     *
     * @param ratio bytes ÷ maxBytes; absent when the store has no bound
     */
    record MemoryUsage(long bytes, long maxBytes, Double ratio) {

        static MemoryUsage of(StoreUsage usage) {
            return new MemoryUsage(usage.bytes(), usage.maxBytes(),
                    usage.maxBytes() > 0 ? (double) usage.bytes() / usage.maxBytes() : null);
        }
    }

    /**
     * One invalidation as a snapshot shows it: at most {@value #ITEMS_SHOWN} of its tags and of its keys, in order,
     * with how many there were; {@code truncated} when either list was cut.
     */
    record Invalidation(String at, String reason, List<String> tags, int tagCount, List<String> keys, int keyCount,
                        boolean truncated, boolean everything, long removed) {

        static Invalidation of(InvalidationHistory.Event event) {
            List<String> tags = event.invalidation().tags().stream().map(Tag::value).sorted().toList();
            List<String> keys = event.invalidation().keys().stream().map(CacheKey::value).sorted().toList();
            return new Invalidation(event.at().toString(), event.invalidation().reason(),
                    tags.subList(0, Math.min(tags.size(), ITEMS_SHOWN)), tags.size(),
                    keys.subList(0, Math.min(keys.size(), ITEMS_SHOWN)), keys.size(),
                    tags.size() > ITEMS_SHOWN || keys.size() > ITEMS_SHOWN,
                    event.invalidation().everything(), event.removed());
        }
    }

    /** Requests to every route but the admin API's, so that a dashboard polling once a second does not count itself. */
    static long requestsOf(CacheReports.Snapshot snapshot) {
        return snapshot.stats().routes().stream()
                .filter(r -> !r.route().equals(RoutePolicies.ADMIN) && r.answersRequests())
                .mapToLong(r -> r.hits() + r.stale() + r.misses() + r.bypass())
                .sum();
    }

    /** Mean latency over every route, weighted by each route's count: cached answers against origin answers. */
    record Latencies(long cachedCount, double cachedMeanMs, long uncachedCount, double uncachedMeanMs) {

        static Latencies of(CacheReports.Performance performance) {
            long hits = 0;
            long misses = 0;
            Duration hitTotal = Duration.ZERO;
            Duration missTotal = Duration.ZERO;
            for (CacheReports.RoutePerformance r : performance.routes()) {
                hits += r.hit().count();
                misses += r.miss().count();
                hitTotal = hitTotal.plus(r.hit().mean().multipliedBy(r.hit().count()));
                missTotal = missTotal.plus(r.miss().mean().multipliedBy(r.miss().count()));
            }
            return new Latencies(hits, hits == 0 ? 0 : AdminJson.millis(hitTotal) / hits,
                    misses, misses == 0 ? 0 : AdminJson.millis(missTotal) / misses);
        }
    }

    /** One route: its hit ratio and its cached and uncached latency (percentiles where measured). */
    record Route(String route, long lookups, double hitRatio, AdminJson.Latency cached, AdminJson.Latency uncached) {

        static Route of(CacheReports.RoutePerformance r) {
            return new Route(r.route(), r.lookups(), r.hitRatio(), AdminJson.Latency.of(r.hit()),
                    AdminJson.Latency.of(r.miss()));
        }
    }
}
