package dev.jobcache.adapters.micrometer;

import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.CacheTier;
import dev.jobcache.domain.cache.MetricsSnapshot;
import dev.jobcache.domain.port.CacheMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeCounter;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link CacheMetrics} on a Micrometer {@link MeterRegistry}, named and tagged per Micrometer conventions (dotted
 * lower-case names, the registry renders them, e.g. {@code jobcache_cache_requests_total} for Prometheus):
 * <ul>
 *   <li>{@value #REQUESTS} {@code {route, result, tier}}: counter of lookups, {@code hit}, {@code miss},
 *       {@code stale} and {@code bypass};</li>
 *   <li>{@value #LATENCY} {@code {route, result, tier}}: timer of the measured (non-zero) latencies of those lookups,
 *       a histogram with {@link LatencyBuckets} for server-side quantiles, and client-side p50/p95/p99 for
 *       {@link #snapshot()};</li>
 *   <li>{@value #STORES} {@code {route, tier}} and {@value #INVALIDATIONS} {@code {reason, tier}}: counters
 *       incremented by the event's count (entries concerned);</li>
 *   <li>{@value #STORE_ERRORS} {@code {operation, tier}}: store calls that failed (answered as misses or as nothing
 *       done), and {@value #BUS_PUBLISH_ERRORS} {@code {reason}}: invalidations not sent to the other instances;</li>
 *   <li>{@value #SINGLE_FLIGHT_WAITS} and {@value #REFRESH_AHEAD_LOADS} {@code {tier}}: requests that waited for
 *       another's load of their key, and background reloads started ahead of expiry.</li>
 * </ul>
 * Tag cardinality stays bounded because of what callers record: a route is a route template of the policies (paths
 * that match none are {@code *}), never a raw path; a tier is one of a handful of store names; an invalidation reason
 * is one of a small fixed set ({@code job-created}, {@code admin}, {@code retry} …), and an operation one of
 * {@link dev.jobcache.domain.cache.StoreOperation}. Evictions, waits and refreshes are counted per tier only, so their
 * route is dropped and reported as {@code *}; evictions reach Prometheus from the stores' own counts
 * ({@link CacheStateMeters}), so here they are counted for {@link #snapshot()} alone. Every meter is created once per
 * line and kept, so recording is a map lookup and an add.
 *
 * <p>{@link #snapshot()} counts since start; its percentiles are Micrometer's client-side ones, which cover a decaying
 * window of the last couple of minutes, and are {@link MetricsSnapshot.Percentiles#UNKNOWN} for a line with no
 * recent measurement. Thread-safe; {@link #record} does not throw for any well-formed event.
 */
public final class MicrometerCacheMetrics implements CacheMetrics {

    static final String REQUESTS = "jobcache.cache.requests";
    static final String LATENCY = "jobcache.cache.latency";
    static final String STORES = "jobcache.cache.stores";
    static final String EVICTIONS = "jobcache.cache.evictions";
    static final String INVALIDATIONS = "jobcache.cache.invalidations";
    static final String STORE_ERRORS = "jobcache.cache.store.errors";
    static final String BUS_PUBLISH_ERRORS = "jobcache.cache.bus.publish.errors";
    static final String SINGLE_FLIGHT_WAITS = "jobcache.cache.single.flight.waits";
    static final String REFRESH_AHEAD_LOADS = "jobcache.cache.refresh.ahead.loads";

    private static final double[] PERCENTILES = {0.5, 0.95, 0.99};

    private final MeterRegistry registry;
    private final ConcurrentMap<LineKey, Meters> lines = new ConcurrentHashMap<>();

    public MicrometerCacheMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void record(CacheEvent event) {
        // the port promises callers that recording never fails, even for a null from a buggy caller
        if (event == null) {
            return;
        }
        String route = perTierOnly(event.outcome()) ? CacheEvent.STORE_WIDE : event.route();
        Meters meters = lines.computeIfAbsent(new LineKey(route, event.tier(), event.outcome(), event.reason()),
                this::register);
        if (event.count() > 0) {
            meters.counter.increment(event.count());
        }
        long nanos = saturatedNanos(event.latency());
        // zero means "not measured" (e.g. an L1 lookup inside the near cache); it would drag the percentiles down
        if (nanos > 0) {
            meters.time(nanos);
        }
    }

    @Override
    public MetricsSnapshot snapshot() {
        List<MetricsSnapshot.Line> snapshot = new ArrayList<>();
        lines.forEach((key, meters) -> snapshot.add(meters.line(key)));
        return new MetricsSnapshot(snapshot);
    }

    private static boolean perTierOnly(CacheOutcome outcome) {
        return outcome == CacheOutcome.EVICTION || outcome == CacheOutcome.WAIT || outcome == CacheOutcome.REFRESH;
    }

    private Meters register(LineKey key) {
        String result = key.outcome().name().toLowerCase(Locale.ROOT);
        String tier = key.tier().name();
        return switch (key.outcome()) {
            case HIT, MISS, STALE, BYPASS -> new Meters(requests(key, result), () -> Timer.builder(LATENCY)
                    .description("Latency of cache lookups, from the request reaching the cache to its answer")
                    .tag("route", key.route()).tag("result", result).tag("tier", tier)
                    .serviceLevelObjectives(LatencyBuckets.BOUNDS)
                    .publishPercentiles(PERCENTILES)
                    .register(registry));
            case ERROR -> new Meters(key.tier().isStore() ? storeErrors(registry, tier, key.reason())
                    : Counter.builder(BUS_PUBLISH_ERRORS)
                            .description("Invalidations that could not be published to the other instances")
                            .tag("reason", key.reason())
                            .register(registry), null);
            case STORE -> new Meters(Counter.builder(STORES)
                    .description("Responses stored in the cache")
                    .tag("route", key.route()).tag("tier", tier)
                    .register(registry), null);
            // exported from the stores' own counts, which exist from the start (CacheStateMeters)
            case EVICTION -> new Meters(new CumulativeCounter(new Meter.Id(EVICTIONS, Tags.of("tier", tier), null,
                    null, Meter.Type.COUNTER)), null);
            case INVALIDATION -> new Meters(Counter.builder(INVALIDATIONS)
                    .description("Entries removed by invalidations, by why they were invalidated")
                    .tag("reason", key.reason()).tag("tier", tier)
                    .register(registry), null);
            case WAIT -> new Meters(singleFlightWaits(registry, tier), null);
            case REFRESH -> new Meters(refreshAheadLoads(registry, tier), null);
        };
    }

    private Counter requests(LineKey key, String result) {
        return Counter.builder(REQUESTS)
                .description("Cache lookups by outcome")
                .tag("route", key.route()).tag("result", result).tag("tier", key.tier().name())
                .register(registry);
    }

    /** Also registered ahead, at zero ({@link CacheStateMeters}): one definition, so both find the same counter. */
    static Counter storeErrors(MeterRegistry registry, String tier, String operation) {
        return Counter.builder(STORE_ERRORS)
                .description("Store calls that failed, answered as a miss or as nothing done (fail open)")
                .tag("operation", operation.isEmpty() ? "unknown" : operation).tag("tier", tier)
                .register(registry);
    }

    static Counter singleFlightWaits(MeterRegistry registry, String tier) {
        return Counter.builder(SINGLE_FLIGHT_WAITS)
                .description("Requests that waited for another request's load of their key instead of the origin")
                .tag("tier", tier)
                .register(registry);
    }

    static Counter refreshAheadLoads(MeterRegistry registry, String tier) {
        return Counter.builder(REFRESH_AHEAD_LOADS)
                .description("Reloads of hot entries started in the background before they expired")
                .tag("tier", tier)
                .register(registry);
    }

    private static long saturatedNanos(Duration latency) {
        if (latency.isNegative()) {
            return 0;
        }
        // Duration.toNanos throws beyond about 292 years; a metric must not
        return latency.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : latency.toNanos();
    }

    /**
     * Looked up on every cache request: equality written out, since a record's generated one goes through an
     * invokedynamic bootstrap that costs a measurable share of a hit.
     */
    private record LineKey(String route, CacheTier tier, CacheOutcome outcome, String reason) {

        @Override
        public boolean equals(Object other) {
            return other instanceof LineKey key && outcome == key.outcome && route.equals(key.route)
                    && tier.name().equals(key.tier.name()) && reason.equals(key.reason);
        }

        @Override
        public int hashCode() {
            return ((route.hashCode() * 31 + tier.name().hashCode()) * 31 + outcome.hashCode()) * 31 + reason.hashCode();
        }
    }

    /**
     * The meters of one snapshot line. The timer is registered on the first measured latency, so that a line whose
     * latency is never measured (the near-cache's L1 probes) shows no histogram of zeros; there is none for outcomes
     * whose latency is not measured at all.
     */
    private static final class Meters {

        private final Counter counter;
        private final Supplier<Timer> newTimer;
        private volatile Timer timer;

        Meters(Counter counter, Supplier<Timer> newTimer) {
            this.counter = counter;
            this.newTimer = newTimer;
        }

        void time(long nanos) {
            Timer current = timer;
            if (current == null) {
                if (newTimer == null) {
                    return;
                }
                // two threads racing here register the same meter id, for which the registry returns one timer
                current = newTimer.get();
                timer = current;
            }
            current.record(nanos, TimeUnit.NANOSECONDS);
        }

        MetricsSnapshot.Line line(LineKey key) {
            Timer timer = this.timer;
            long count = saturatedLong(counter.count());
            if (timer == null) {
                return new MetricsSnapshot.Line(key.route(), key.tier(), key.outcome(), count, Duration.ZERO,
                        MetricsSnapshot.Percentiles.UNKNOWN, key.reason());
            }
            HistogramSnapshot histogram = timer.takeSnapshot();
            Duration total = Duration.ofNanos(saturatedLong(histogram.total(TimeUnit.NANOSECONDS)));
            return new MetricsSnapshot.Line(key.route(), key.tier(), key.outcome(), count, total,
                    percentiles(histogram), key.reason());
        }

        private static MetricsSnapshot.Percentiles percentiles(HistogramSnapshot histogram) {
            Duration p50 = Duration.ZERO;
            Duration p95 = Duration.ZERO;
            Duration p99 = Duration.ZERO;
            for (ValueAtPercentile value : histogram.percentileValues()) {
                Duration at = Duration.ofNanos(saturatedLong(value.value(TimeUnit.NANOSECONDS)));
                if (value.percentile() == 0.5) {
                    p50 = at;
                } else if (value.percentile() == 0.95) {
                    p95 = at;
                } else if (value.percentile() == 0.99) {
                    p99 = at;
                }
            }
            return new MetricsSnapshot.Percentiles(p50, p95, p99);
        }

        private static long saturatedLong(double value) {
            // a cast saturates at Long.MAX_VALUE and maps NaN to 0; rounding keeps 0.003 s at exactly 3 ms
            return value <= 0 || Double.isNaN(value) ? 0 : Math.round(value);
        }
    }
}
