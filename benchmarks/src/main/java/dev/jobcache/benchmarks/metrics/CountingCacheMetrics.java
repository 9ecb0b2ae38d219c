package dev.jobcache.benchmarks.metrics;

import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.CacheTier;
import dev.jobcache.domain.cache.MetricsSnapshot;
import dev.jobcache.domain.port.CacheMetrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters per route, tier and outcome in process memory, for benchmarks that measure the cache without a metrics
 * registry beside it (the service itself records into Micrometer). Contention-free on the request path
 * ({@link LongAdder}); the set of routes is bounded by the policies. Percentiles come from a small log-scale histogram per line ({@link LatencyHistogram}), since start, over the
 * measured (non-zero) latencies; they are within about 6 % of the true value.
 */
public final class CountingCacheMetrics implements CacheMetrics {

    private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);

    private final ConcurrentMap<Line, Counter> counters = new ConcurrentHashMap<>();

    @Override
    public void record(CacheEvent event) {
        // the port promises callers that recording never fails, even for a null from a buggy caller
        if (event == null) {
            return;
        }
        Counter counter = counters.computeIfAbsent(new Line(event.route(), event.tier(), event.outcome(), event.reason()),
                line -> new Counter());
        long nanos = saturatedNanos(event.latency());
        counter.count.add(event.count());
        counter.nanos.add(nanos);
        counter.latencies.record(nanos);
    }

    @Override
    public MetricsSnapshot snapshot() {
        List<MetricsSnapshot.Line> lines = new ArrayList<>();
        counters.forEach((line, counter) -> lines.add(new MetricsSnapshot.Line(line.route(), line.tier(),
                line.outcome(), counter.count.sum(), Duration.ofNanos(counter.nanos.sum()),
                counter.latencies.percentiles(), line.reason())));
        return new MetricsSnapshot(lines);
    }

    private static long saturatedNanos(Duration latency) {
        if (latency.isNegative()) {
            return 0;
        }
        // Duration.toNanos throws beyond about 292 years; a metric must not
        return latency.compareTo(MAX_NANOS) >= 0 ? Long.MAX_VALUE : latency.toNanos();
    }

    private record Line(String route, CacheTier tier, CacheOutcome outcome, String reason) {
    }

    private static final class Counter {
        final LongAdder count = new LongAdder();
        final LongAdder nanos = new LongAdder();
        final LatencyHistogram latencies = new LatencyHistogram();
    }
}
