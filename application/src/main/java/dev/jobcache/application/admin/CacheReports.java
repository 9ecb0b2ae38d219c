package dev.jobcache.application.admin;

import dev.jobcache.application.cache.CacheStatistics;
import dev.jobcache.application.cache.InvalidationHistory;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.CacheTier;
import dev.jobcache.domain.cache.MetricsSnapshot;
import dev.jobcache.domain.cache.StoreHealth;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What an operator sees of the cache: the store's health with what is wrong with its set-up, counts per route and
 * tier, latency per route with recommendations, and all of them together with the figures of the last seconds and
 * minutes ({@link RecentActivity}) as one timed snapshot for a live view. Reads only; callers must have checked that
 * the caller is an admin. Thread-safe.
 */
public final class CacheReports {

    private final CacheStore store;
    private final CacheMetrics metrics;
    private final CacheStatistics statistics;
    private final InvalidationHistory history;
    private final RecentActivity recent;
    private final Clock clock;
    private final CacheAdvisor advisor = new CacheAdvisor();

    /**
     * @param store      the store as the application sees it (fail-open)
     * @param statistics the response cache's byte counts ({@code ResponseCache.statistics()})
     * @param history    the history the invalidator records into
     * @param recent     what counts the events {@code metrics} records, second by second ({@link RecentActivity#besides})
     */
    public CacheReports(CacheStore store, CacheMetrics metrics, CacheStatistics statistics,
                        InvalidationHistory history, RecentActivity recent, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.statistics = Objects.requireNonNull(statistics, "statistics");
        this.history = Objects.requireNonNull(history, "history");
        this.recent = Objects.requireNonNull(recent, "recent");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The store's own account (reachable, latency, and backend details: breaker, bus, {@code l1.*}) with what it
     * says is wrong with the store's set-up.
     */
    public Health health() {
        StoreHealth health = store.health();
        return new Health(health, advisor.healthWarnings(health));
    }

    public Stats stats() {
        return stats(metrics.snapshot(), store.usage());
    }

    private Stats stats(MetricsSnapshot snapshot, StoreUsage usage) {
        Map<String, RouteStats> routes = new TreeMap<>();
        Map<String, Long> invalidations = new TreeMap<>();
        long busFailures = 0;
        for (MetricsSnapshot.Line line : snapshot.lines()) {
            if (line.outcome() == CacheOutcome.INVALIDATION) {
                invalidations.merge(line.reason(), line.count(), Long::sum);
            } else if (!line.tier().isStore()) {
                busFailures += line.count();
            } else {
                routes.merge(line.route() + '\u0000' + line.tier().name(), RouteStats.of(line), RouteStats::plus);
            }
        }
        Compression compression = new Compression(statistics.storedEntries(), statistics.identityBytes(),
                statistics.storedBytes(), statistics.compressionRatio());
        return new Stats(List.copyOf(routes.values()), usage, invalidations, busFailures, compression,
                history.recent());
    }

    public Performance performance() {
        return performance(metrics.snapshot(), store.usage(), store.health());
    }

    private Performance performance(MetricsSnapshot snapshot, StoreUsage usage, StoreHealth health) {
        Map<String, List<MetricsSnapshot.Line>> byRoute = new TreeMap<>();
        long stored = 0;
        long invalidated = 0;
        for (MetricsSnapshot.Line line : snapshot.lines()) {
            if (line.outcome() == CacheOutcome.INVALIDATION) {
                invalidated += line.count();
            } else if (line.tier().answersRequests()) {
                // a near-cache's probes happen inside the lookups counted here: adding them would count requests twice
                if (line.outcome() == CacheOutcome.STORE) {
                    stored += line.count();
                }
                byRoute.computeIfAbsent(line.route(), r -> new ArrayList<>()).add(line);
            }
        }
        List<RoutePerformance> routes = new ArrayList<>();
        List<CacheAdvisor.RouteFigures> figures = new ArrayList<>();
        byRoute.forEach((route, lines) -> {
            Latency hit = Latency.of(lines, CacheOutcome.HIT);
            Latency miss = Latency.of(lines, CacheOutcome.MISS);
            long stale = lines.stream().filter(l -> l.outcome() == CacheOutcome.STALE).mapToLong(MetricsSnapshot.Line::count).sum();
            long lookups = hit.count() + miss.count() + stale;
            if (lookups == 0) {
                return;
            }
            double ratio = (double) (hit.count() + stale) / lookups;
            Duration saved = miss.count() == 0 || hit.count() == 0 || miss.mean().compareTo(hit.mean()) <= 0
                    ? Duration.ZERO
                    : miss.mean().minus(hit.mean()).multipliedBy(hit.count());
            routes.add(new RoutePerformance(route, lookups, ratio, hit, miss, saved));
            figures.add(new CacheAdvisor.RouteFigures(route, lookups, ratio));
        });
        List<Recommendation> advice = advisor.advise(new CacheAdvisor.Figures(figures, stored, invalidated,
                usage, health));
        return new Performance(routes, advice);
    }

    /**
     * Statistics, performance, health and the recent intervals read together and stamped with the clock's wall and
     * monotonic time, so that a live view can tell how much time passed between two snapshots (requests per second).
     * Each source is read once: on Redis the store's usage is a scan of the whole key space and its health a round
     * trip, and an open dashboard takes a snapshot a second.
     */
    public Snapshot snapshot() {
        Instant at = clock.now();
        long nanoTime = clock.nanoTime();
        MetricsSnapshot lines = metrics.snapshot();
        StoreUsage usage = store.usage();
        StoreHealth health = store.health();
        return new Snapshot(at, nanoTime, stats(lines, usage), performance(lines, usage, health),
                new Health(health, advisor.healthWarnings(health)), intervals(health));
    }

    /** The intervals a live view shows side by side, as varnishstat does, and the last minute second by second. */
    private Intervals intervals(StoreHealth health) {
        // only a near-cache reports figures of its in-process tier
        boolean nearCache = health.details().keySet().stream().anyMatch(name -> name.startsWith("l1."));
        return new Intervals(recent.last(10), recent.last(60), recent.last(RecentActivity.SECONDS_KEPT),
                recent.eachOfLast(Intervals.SECONDS_SHOWN), nearCache);
    }

    /**
     * @param invalidationsByReason entries removed by invalidations, per reason
     * @param busPublishFailures    invalidations that could not be sent to other instances
     * @param history               the last invalidations, newest first
     */
    public record Stats(List<RouteStats> routes, StoreUsage usage, Map<String, Long> invalidationsByReason,
                        long busPublishFailures, Compression compression, List<InvalidationHistory.Event> history) {

        public Stats {
            routes = List.copyOf(routes);
            invalidationsByReason = Map.copyOf(invalidationsByReason);
            history = List.copyOf(history);
        }

        /**
         * Cache operations since start: the lookups the cache answered requests with (hits, stale answers and
         * misses, every route) and the responses it stored. A near-cache's probes are part of those lookups, not more
         * of them.
         */
        public long cacheOperations() {
            return routes.stream().filter(RouteStats::answersRequests)
                    .mapToLong(r -> r.hits() + r.stale() + r.misses() + r.stores()).sum();
        }

        /** Store calls that failed since start (each answered as a miss or as nothing done). */
        public long storeErrors() {
            return routes.stream().mapToLong(RouteStats::errors).sum();
        }

        /** {@link #storeErrors()} per {@link #cacheOperations()}; 0 before the first operation. */
        public double errorRate() {
            long operations = cacheOperations();
            return operations == 0 ? 0 : (double) storeErrors() / operations;
        }
    }

    /** Counts of one route in one tier; {@code hitRatio} counts stale answers as hits (served from the cache). */
    public record RouteStats(String route, String tier, long hits, long misses, long stale, long bypass, long errors,
                             long stores) {

        static RouteStats of(MetricsSnapshot.Line line) {
            long n = line.count();
            return switch (line.outcome()) {
                case HIT -> new RouteStats(line.route(), line.tier().name(), n, 0, 0, 0, 0, 0);
                case MISS -> new RouteStats(line.route(), line.tier().name(), 0, n, 0, 0, 0, 0);
                case STALE -> new RouteStats(line.route(), line.tier().name(), 0, 0, n, 0, 0, 0);
                case BYPASS -> new RouteStats(line.route(), line.tier().name(), 0, 0, 0, n, 0, 0);
                case ERROR -> new RouteStats(line.route(), line.tier().name(), 0, 0, 0, 0, n, 0);
                case STORE -> new RouteStats(line.route(), line.tier().name(), 0, 0, 0, 0, 0, n);
                default -> new RouteStats(line.route(), line.tier().name(), 0, 0, 0, 0, 0, 0);
            };
        }

        RouteStats plus(RouteStats other) {
            return new RouteStats(route, tier, hits + other.hits, misses + other.misses, stale + other.stale,
                    bypass + other.bypass, errors + other.errors, stores + other.stores);
        }

        public double hitRatio() {
            long lookups = hits + stale + misses;
            return lookups == 0 ? 0 : (double) (hits + stale) / lookups;
        }

        /** False for the near-cache's probes, which happen inside the lookups of another tier. */
        public boolean answersRequests() {
            return !tier.equals(CacheTier.L1.name());
        }
    }

    /** @param warnings what the health details say needs an operator, e.g. a Redis without {@code maxmemory} */
    public record Health(StoreHealth store, List<Recommendation> warnings) {

        public Health {
            Objects.requireNonNull(store, "store");
            warnings = List.copyOf(warnings);
        }
    }

    /** Body bytes of the entries stored since start, before and after compression. */
    public record Compression(long entries, long identityBytes, long storedBytes, double ratio) {
    }

    /** Latency figures per route, and recommendations with the figures that triggered them. */
    public record Performance(List<RoutePerformance> routes, List<Recommendation> recommendations) {

        public Performance {
            routes = List.copyOf(routes);
            recommendations = List.copyOf(recommendations);
        }
    }

    /**
     * @param hit       lookups answered from the cache
     * @param miss      lookups the origin answered (latency includes the origin call)
     * @param timeSaved estimate: hits × (mean miss latency − mean hit latency)
     */
    public record RoutePerformance(String route, long lookups, double hitRatio, Latency hit, Latency miss,
                                   Duration timeSaved) {
    }

    /**
     * Latency of one kind of lookup. {@code percentiles} is {@link MetricsSnapshot.Percentiles#UNKNOWN} when the
     * metrics do not track them (or several tiers would have to be merged); then only the mean is meaningful.
     */
    public record Latency(long count, Duration mean, MetricsSnapshot.Percentiles percentiles) {

        static Latency of(List<MetricsSnapshot.Line> lines, CacheOutcome outcome) {
            List<MetricsSnapshot.Line> matching = lines.stream()
                    .filter(l -> l.outcome() == outcome && l.count() > 0).toList();
            long count = matching.stream().mapToLong(MetricsSnapshot.Line::count).sum();
            Duration total = matching.stream().map(MetricsSnapshot.Line::totalLatency)
                    .reduce(Duration.ZERO, Duration::plus);
            MetricsSnapshot.Percentiles percentiles = matching.size() == 1
                    ? matching.get(0).percentiles() : MetricsSnapshot.Percentiles.UNKNOWN;
            return new Latency(count, count == 0 ? Duration.ZERO : total.dividedBy(count), percentiles);
        }

        public boolean percentilesKnown() {
            return percentiles.known();
        }
    }

    /**
     * @param nanoTime  the clock's monotonic reading; only differences between two snapshots mean anything
     * @param health    the same probe the performance recommendations were judged on
     * @param intervals the figures of the last seconds and minutes
     */
    public record Snapshot(Instant at, long nanoTime, Stats stats, Performance performance, Health health,
                           Intervals intervals) {

        public Snapshot {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(stats, "stats");
            Objects.requireNonNull(performance, "performance");
            Objects.requireNonNull(health, "health");
            Objects.requireNonNull(intervals, "intervals");
        }
    }

    /**
     * The cache over the last 10 s, minute and 5 minutes, and in each of the last {@value #SECONDS_SHOWN} seconds
     * (oldest first), whole seconds only.
     *
     * @param nearCache whether the store has a near-cache (two-tier), the only case in which {@link Interval#l1Hits()}
     *                  and {@link Interval#l2Hits()} tell where answers came from
     */
    public record Intervals(Interval last10Seconds, Interval lastMinute, Interval last5Minutes,
                            List<Interval> seconds, boolean nearCache) {

        public static final int SECONDS_SHOWN = 60;

        public Intervals {
            Objects.requireNonNull(last10Seconds, "last10Seconds");
            Objects.requireNonNull(lastMinute, "lastMinute");
            Objects.requireNonNull(last5Minutes, "last5Minutes");
            seconds = List.copyOf(seconds);
        }
    }

}
