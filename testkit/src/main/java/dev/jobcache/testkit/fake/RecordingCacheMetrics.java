package dev.jobcache.testkit.fake;

import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.CacheTier;
import dev.jobcache.domain.cache.MetricsSnapshot;
import dev.jobcache.domain.port.CacheMetrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A {@link CacheMetrics} that keeps every event, for assertions on exactly what was recorded, and aggregates them on
 * {@link #snapshot()}. A line's count is the sum of the events' counts (entries concerned), so an invalidation that
 * removed five entries counts five. Its percentiles are exact (nearest rank) over the line's non-zero latencies, zero
 * meaning "not measured". Thread-safe; {@link #record} never throws.
 */
public final class RecordingCacheMetrics implements CacheMetrics {

    private static final Comparator<LineKey> ORDER = Comparator.comparing(LineKey::route)
            .thenComparing(k -> k.tier().name())
            .thenComparing(LineKey::outcome)
            .thenComparing(LineKey::reason);

    private final ConcurrentLinkedQueue<CacheEvent> events = new ConcurrentLinkedQueue<>();

    @Override
    public void record(CacheEvent event) {
        // the port promises callers that recording never fails, even for a null from a buggy caller
        if (event != null) {
            events.add(event);
        }
    }

    @Override
    public MetricsSnapshot snapshot() {
        Map<LineKey, Totals> totals = new TreeMap<>(ORDER);
        for (CacheEvent event : events) {
            totals.computeIfAbsent(new LineKey(event.route(), event.tier(), event.outcome(), event.reason()), k -> new Totals())
                    .add(event);
        }
        List<MetricsSnapshot.Line> lines = new ArrayList<>();
        totals.forEach((key, sum) ->
                lines.add(new MetricsSnapshot.Line(key.route(), key.tier(), key.outcome(), sum.count, sum.latency,
                        sum.percentiles(), key.reason())));
        return new MetricsSnapshot(lines);
    }

    /** Every event recorded so far, in order. */
    public List<CacheEvent> events() {
        return List.copyOf(events);
    }

    /** The events with {@code outcome}, in order. */
    public List<CacheEvent> events(CacheOutcome outcome) {
        return events.stream().filter(e -> e.outcome() == outcome).toList();
    }

    private record LineKey(String route, CacheTier tier, CacheOutcome outcome, String reason) {
    }

    private static final class Totals {
        private static final Duration MAX = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

        long count;
        Duration latency = Duration.ZERO;
        final List<Duration> measured = new ArrayList<>();

        void add(CacheEvent event) {
            count = saturatedAdd(count, event.count());
            if (event.latency().compareTo(Duration.ZERO) > 0) {
                measured.add(event.latency());
            }
            // saturate: a snapshot must not fail because someone recorded an absurd latency
            latency = MAX.minus(latency).compareTo(event.latency()) <= 0 ? MAX : latency.plus(event.latency());
        }

        MetricsSnapshot.Percentiles percentiles() {
            if (measured.isEmpty()) {
                return MetricsSnapshot.Percentiles.UNKNOWN;
            }
            measured.sort(Comparator.naturalOrder());
            return new MetricsSnapshot.Percentiles(nearestRank(0.50), nearestRank(0.95), nearestRank(0.99));
        }

        private Duration nearestRank(double percentile) {
            int rank = (int) Math.ceil(percentile * measured.size());
            return measured.get(Math.max(rank, 1) - 1);
        }

        private static long saturatedAdd(long a, long b) {
            long sum = a + b;
            return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
        }
    }
}
