package dev.jobcache.adapters.rest;

import dev.jobcache.application.admin.CacheReports;
import dev.jobcache.application.admin.Recommendation;
import dev.jobcache.application.cache.InvalidationHistory;
import dev.jobcache.application.warming.CacheWarmer;
import dev.jobcache.application.warming.WarmingActivity;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.StoreHealth;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.cache.Tag;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON shapes of the admin API: request bodies, and answers mapped from the application's records (durations
 * as milliseconds, instants as ISO-8601 text), so the wire format does not follow every change of those records.
 */
final class AdminJson {

    private AdminJson() {
    }

    record InvalidateRequest(List<String> tags, List<String> tagPrefixes, List<String> keys, String pattern) {
    }

    record ClearRequest(String confirm) {
    }

    record WarmRequest(List<String> routes, List<String> users) {
    }

    record Removed(long removed) {
    }

    record KeyPage(List<String> keys, String nextCursor) {

        static KeyPage of(dev.jobcache.domain.cache.KeyPage page) {
            return new KeyPage(page.keys().stream().map(CacheKey::value).toList(), page.nextCursor().orElse(null));
        }
    }

    /**
     * @param breaker  the circuit breaker's state, when the backend has one
     * @param bus      the invalidation bus's state, with a near-cache
     * @param l1       the in-process tier's figures, with a near-cache
     * @param warnings what the details say needs an operator (also among the performance recommendations)
     */
    record Health(String backend, boolean up, double latencyMs, String breaker, String bus, Map<String, String> l1,
                  Map<String, String> details, List<Advice> warnings) {

        static Health of(CacheReports.Health report) {
            StoreHealth health = report.store();
            Map<String, String> l1 = new LinkedHashMap<>();
            Map<String, String> other = new LinkedHashMap<>();
            health.details().forEach((name, value) -> {
                if (name.startsWith("l1.")) {
                    l1.put(name.substring(3), value);
                } else if (!name.equals("breaker") && !name.equals("bus")) {
                    other.put(name, value);
                }
            });
            return new Health(health.backend(), health.up(), millis(health.latency()),
                    health.details().get("breaker"), health.details().get("bus"), l1.isEmpty() ? null : l1, other,
                    report.warnings().stream().map(Advice::of).toList());
        }
    }

    record Stats(List<RouteStats> routes, Store store, Map<String, Long> invalidationsByReason,
                 long busPublishFailures, Compression compression, List<HistoryEvent> history) {

        static Stats of(CacheReports.Stats stats) {
            StoreUsage usage = stats.usage();
            CacheReports.Compression c = stats.compression();
            return new Stats(
                    stats.routes().stream().map(r -> new RouteStats(r.route(), r.tier(), r.hits(), r.misses(),
                            r.stale(), r.bypass(), r.errors(), r.stores(), r.hitRatio())).toList(),
                    new Store(usage.entries(), usage.bytes(), usage.maxBytes(), usage.evictions()),
                    stats.invalidationsByReason(), stats.busPublishFailures(),
                    new Compression(c.entries(), c.identityBytes(), c.storedBytes(), c.ratio()),
                    stats.history().stream().map(HistoryEvent::of).toList());
        }
    }

    record RouteStats(String route, String tier, long hits, long misses, long stale, long bypass, long errors,
                      long stores, double hitRatio) {
    }

    /** {@code entries} and {@code maxBytes} are -1 when the store cannot tell. */
    record Store(long entries, long bytes, long maxBytes, long evictions) {
    }

    record Compression(long entries, long identityBytes, long storedBytes, double ratio) {
    }

    record HistoryEvent(String at, String reason, List<String> tags, List<String> keys, boolean everything,
                        long removed) {

        static HistoryEvent of(InvalidationHistory.Event event) {
            return new HistoryEvent(event.at().toString(), event.invalidation().reason(),
                    event.invalidation().tags().stream().map(Tag::value).sorted().toList(),
                    event.invalidation().keys().stream().map(CacheKey::value).sorted().toList(),
                    event.invalidation().everything(), event.removed());
        }
    }

    record Performance(List<RoutePerformance> routes, List<Advice> recommendations) {

        static Performance of(CacheReports.Performance performance) {
            return new Performance(
                    performance.routes().stream().map(r -> new RoutePerformance(r.route(), r.lookups(),
                            r.hitRatio(), Latency.of(r.hit()), Latency.of(r.miss()), millis(r.timeSaved()))).toList(),
                    performance.recommendations().stream().map(Advice::of).toList());
        }
    }

    /** @param timeSavedMs hits × (mean miss latency − mean hit latency) */
    record RoutePerformance(String route, long lookups, double hitRatio, Latency cached, Latency uncached,
                            double timeSavedMs) {
    }

    /**
     * @param basis {@code percentiles} when p50/p95/p99 are measured; {@code mean} when only the mean is known
     *              (the percentile fields are then absent)
     */
    record Latency(long count, String basis, double meanMs, Double p50Ms, Double p95Ms, Double p99Ms) {

        static Latency of(CacheReports.Latency latency) {
            if (!latency.percentilesKnown()) {
                return new Latency(latency.count(), "mean", millis(latency.mean()), null, null, null);
            }
            return new Latency(latency.count(), "percentiles", millis(latency.mean()),
                    millis(latency.percentiles().p50()), millis(latency.percentiles().p95()),
                    millis(latency.percentiles().p99()));
        }
    }

    record Advice(String code, String route, String advice, String figure) {

        static Advice of(Recommendation r) {
            return new Advice(r.code(), r.route(), r.advice(), r.figure());
        }
    }

    record Warmed(List<WarmResult> results) {

        static Warmed of(List<CacheWarmer.Warmed> results) {
            return new Warmed(results.stream().map(w -> new WarmResult(w.route(), w.user().orElse(null),
                    w.status(), w.cache())).toList());
        }
    }

    /** @param status 0 when the route was not loaded (see {@code cache}) */
    record WarmResult(String route, String user, int status, String cache) {
    }

    /** Each warming mode: whether it is on, what it is set to, and what it has done. */
    record Warming(List<WarmingMode> modes) {

        static Warming of(List<WarmingActivity.ModeStatus> modes) {
            return new Warming(modes.stream().map(WarmingMode::of).toList());
        }
    }

    /** @param lastRun absent until the mode has run */
    record WarmingMode(String mode, boolean enabled, String settings, long runs, long loads, long failures,
                       WarmingRun lastRun, Map<String, String> details) {

        static WarmingMode of(WarmingActivity.ModeStatus mode) {
            return new WarmingMode(mode.mode().label(), mode.enabled(), mode.settings(), mode.runs(), mode.loads(),
                    mode.failures(), mode.lastRun().map(WarmingRun::of).orElse(null), new TreeMap<>(mode.details()));
        }
    }

    record WarmingRun(String at, int loaded, int skipped, int failed, long tookMs) {

        static WarmingRun of(WarmingActivity.LastRun run) {
            return new WarmingRun(run.at().toString(), run.loaded(), run.skipped(), run.failed(), run.tookMs());
        }
    }

    /** The 428 problem of a clear's first step, with the extension members an operator needs for the second. */
    record ConfirmationRequired(String type, String title, int status, String detail, String instance, long entries,
                                String confirmationToken, String expiresAt) {
    }

    static double millis(Duration duration) {
        return duration.toNanos() / 1_000_000.0;
    }
}
