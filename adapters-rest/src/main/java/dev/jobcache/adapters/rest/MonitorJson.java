package dev.jobcache.adapters.rest;

import dev.jobcache.application.admin.CacheReports;
import dev.jobcache.application.admin.Interval;
import dev.jobcache.application.cache.InvalidationHistory;
import dev.jobcache.application.cache.RoutePolicies;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.cache.Tag;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The JSON shape of one live snapshot ({@code GET /admin/cache/monitor/realtime}): what the dashboard draws each
 * second, flattened from the application's statistics and performance so a browser needs no arithmetic of its own.
 */
final class MonitorJson {

    /** How many of the newest invalidations a snapshot carries; the full history is in {@code /admin/cache/stats}. */
    static final int INVALIDATIONS_SHOWN = 20;
    /**
     * How many tags and how many keys of each invalidation a snapshot shows. A snapshot goes to every stream every
     * second, so it must stay small whatever was invalidated: at most about 90 KB with the longest tags and keys
     * (and about 12 KB more of figures per second), where five invalidations of 1,000 keys each made it 1.25 MB.
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
     * @param intervals         the last {@code 10s}, {@code 1m} and {@code 5m}, each counted from its own seconds
     * @param perSecond         each of the last {@value CacheReports.Intervals#SECONDS_SHOWN} whole seconds, oldest
     *                          first (fewer soon after start)
     * @param health            the store's health, as {@code /admin/cache/health} answers it
     * @param recommendations   what {@code /admin/cache/performance} recommends, each with the figure behind it
     */
    record Snapshot(String at, double hitRatio, long lookups, long requests, Double requestsPerSecond,
                    Latencies latency, List<Route> routes, AdminJson.Store store,
                    List<Invalidation> invalidations, long droppedStreams,
                    long totalCacheOperations, long errors, double errorRate, MemoryUsage memoryUsage,
                    Map<String, Window> intervals, List<Second> perSecond, AdminJson.Health health,
                    List<AdminJson.Advice> recommendations) {

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
            CacheReports.Intervals intervals = snapshot.intervals();
            Map<String, Window> windows = new LinkedHashMap<>();
            windows.put("10s", Window.of(intervals.last10Seconds(), intervals.nearCache()));
            windows.put("1m", Window.of(intervals.lastMinute(), intervals.nearCache()));
            windows.put("5m", Window.of(intervals.last5Minutes(), intervals.nearCache()));
            return new Snapshot(snapshot.at().toString(), lookups == 0 ? 0 : (double) served / lookups, lookups,
                    requestsOf(snapshot), requestsPerSecond, Latencies.of(snapshot.performance()),
                    snapshot.performance().routes().stream().map(Route::of).toList(),
                    new AdminJson.Store(usage.entries(), usage.bytes(), usage.maxBytes(), usage.evictions()),
                    stats.history().stream().limit(INVALIDATIONS_SHOWN).map(Invalidation::of).toList(),
                    droppedStreams, stats.cacheOperations(), stats.storeErrors(), stats.errorRate(),
                    MemoryUsage.of(usage), windows, intervals.seconds().stream().map(Second::of).toList(),
                    AdminJson.Health.of(snapshot.health()),
                    snapshot.performance().recommendations().stream().map(AdminJson.Advice::of).toList());
        }
    }

    /**
     * The cache over one interval, from that interval's events alone.
     *
     * @param seconds           whole seconds it covers: 10, 60 or 300, fewer soon after start
     * @param hitRatio          (hits + stale) / lookups; absent without lookups
     * @param requestsPerSecond (lookups + bypass) / seconds, admin requests aside; absent before a second is over
     * @param errorRate         errors / (lookups + stores)
     * @param evictions         entries the in-process store (Caffeine, or the near-cache's L1) evicted for room
     * @param nearCache         where answers from the cache came from; present on two-tier only
     * @param cached            latency of the answers from the cache (hits and stale)
     * @param origin            latency of the misses, the origin call included
     */
    record Window(int seconds, long lookups, Double hitRatio, Double requestsPerSecond, long hits, long stale,
                  long misses, long bypass, long errors, double errorRate, long stores, long evictions,
                  NearCacheSplit nearCache, WindowLatency cached, WindowLatency origin) {

        static Window of(Interval interval, boolean nearCache) {
            return new Window(interval.seconds(), interval.lookups(), valueOf(interval.hitRatio()),
                    valueOf(interval.requestsPerSecond()), interval.hits(), interval.stale(), interval.misses(),
                    interval.bypass(), interval.errors(), interval.errorRate(), interval.stores(),
                    interval.evictions(),
                    nearCache ? new NearCacheSplit(interval.l1Hits(), interval.l2Hits()) : null,
                    WindowLatency.of(interval.cached()), WindowLatency.of(interval.origin()));
        }
    }

    /**
     * @param l1Hits answers from the instance's in-process tier
     * @param l2Hits answers from the cache read from Redis
     */
    record NearCacheSplit(long l1Hits, long l2Hits) {
    }

    /**
     * Latency within one interval, in milliseconds to the microsecond. p95 and p99 are that interval's own,
     * read from quarter-octave buckets (within 25 % of the true value) and never above {@code maxMs}.
     *
     * @param count latencies measured; the figures are absent when none was
     */
    record WindowLatency(long count, Double meanMs, Double p95Ms, Double p99Ms, Double maxMs) {

        static WindowLatency of(Interval.Latency latency) {
            if (!latency.measured()) {
                return new WindowLatency(0, null, null, null, null);
            }
            return new WindowLatency(latency.count(), micros(latency.mean()), micros(latency.p95()),
                    micros(latency.p99()), micros(latency.max()));
        }
    }

    /**
     * One second, as the dashboard's per-second charts draw it: a burst of misses shows as a dip in its second.
     *
     * @param hitRatio absent in a second without lookups
     * @param cached   absent when no answer from the cache was timed in that second
     * @param origin   absent when no miss was timed in that second
     */
    record Second(Double hitRatio, long hits, long stale, long misses, long bypass, long errors,
                  SecondLatency cached, SecondLatency origin) {

        static Second of(Interval second) {
            return new Second(valueOf(second.hitRatio()), second.hits(), second.stale(), second.misses(),
                    second.bypass(), second.errors(), SecondLatency.of(second.cached()),
                    SecondLatency.of(second.origin()));
        }
    }

    /** The mean and percentiles of one second, in milliseconds to the microsecond, as in {@link WindowLatency}. */
    record SecondLatency(double meanMs, double p95Ms, double p99Ms) {

        static SecondLatency of(Interval.Latency latency) {
            return latency.measured()
                    ? new SecondLatency(micros(latency.mean()), micros(latency.p95()), micros(latency.p99()))
                    : null;
        }
    }

    private static Double valueOf(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    /** Milliseconds rounded to the microsecond: finer digits are noise, and a snapshot goes out every second. */
    private static double micros(Duration duration) {
        return Math.round(duration.toNanos() / 1_000.0) / 1_000.0;
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
