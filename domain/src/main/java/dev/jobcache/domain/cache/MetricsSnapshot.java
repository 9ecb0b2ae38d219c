package dev.jobcache.domain.cache;

import java.time.Duration;
import java.util.List;

/** Counters since start, one line per route, tier, outcome and (for invalidations) reason. */
public record MetricsSnapshot(List<Line> lines) {

    public MetricsSnapshot {
        lines = List.copyOf(lines);
    }

    public long count(String route, CacheOutcome outcome) {
        return lines.stream()
                .filter(l -> l.route().equals(route) && l.outcome() == outcome)
                .mapToLong(Line::count)
                .sum();
    }

    public long total(CacheOutcome outcome) {
        return lines.stream().filter(l -> l.outcome() == outcome).mapToLong(Line::count).sum();
    }

    /**
     * @param totalLatency the sum of the latencies of the counted events
     * @param percentiles  latency percentiles of the counted events, {@link Percentiles#UNKNOWN} when not tracked
     * @param reason       the invalidation reason of {@link CacheOutcome#INVALIDATION} lines and failed bus
     *                     publications (see {@link CacheEvent#reason()}); empty otherwise
     */
    public record Line(String route, CacheTier tier, CacheOutcome outcome, long count, Duration totalLatency,
                       Percentiles percentiles, String reason) {

        public Line {
            java.util.Objects.requireNonNull(reason, "reason");
        }

        public Line(String route, CacheTier tier, CacheOutcome outcome, long count, Duration totalLatency,
                    Percentiles percentiles) {
            this(route, tier, outcome, count, totalLatency, percentiles, "");
        }

        public Line(String route, CacheTier tier, CacheOutcome outcome, long count, Duration totalLatency) {
            this(route, tier, outcome, count, totalLatency, Percentiles.UNKNOWN, "");
        }

        public Duration meanLatency() {
            return count == 0 ? Duration.ZERO : totalLatency.dividedBy(count);
        }
    }

    /** Latency percentiles, approximate as histograms give them. */
    public record Percentiles(Duration p50, Duration p95, Duration p99) {

        public static final Percentiles UNKNOWN = new Percentiles(Duration.ZERO, Duration.ZERO, Duration.ZERO);

        public boolean known() {
            return !equals(UNKNOWN);
        }
    }
}
