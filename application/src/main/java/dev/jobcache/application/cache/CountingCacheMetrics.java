package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.MetricsSnapshot;
import dev.jobcache.domain.port.CacheMetrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters per route, tier and outcome in process memory: the metrics of a deployment without an external metrics
 * registry. Contention-free on the request path ({@link LongAdder}); the set of routes is bounded by the policies.
 */
public final class CountingCacheMetrics implements CacheMetrics {

    private final ConcurrentMap<Line, Counter> counters = new ConcurrentHashMap<>();

    @Override
    public void record(CacheEvent event) {
        Counter counter = counters.computeIfAbsent(new Line(event.route(), event.tier(), event.outcome()),
                line -> new Counter());
        counter.count.add(event.count());
        counter.nanos.add(event.latency().toNanos());
    }

    @Override
    public MetricsSnapshot snapshot() {
        List<MetricsSnapshot.Line> lines = new ArrayList<>();
        counters.forEach((line, counter) -> lines.add(new MetricsSnapshot.Line(line.route(), line.tier(),
                line.outcome(), counter.count.sum(), Duration.ofNanos(counter.nanos.sum()))));
        return new MetricsSnapshot(lines);
    }

    private record Line(String route, String tier, CacheOutcome outcome) {
    }

    private static final class Counter {
        final LongAdder count = new LongAdder();
        final LongAdder nanos = new LongAdder();
    }
}
