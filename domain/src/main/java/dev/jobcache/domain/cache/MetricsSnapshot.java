package dev.jobcache.domain.cache;

import java.time.Duration;
import java.util.List;

/** Counters since start, one line per route, tier and outcome. */
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

    /** @param totalLatency the sum of the latencies of the counted events */
    public record Line(String route, String tier, CacheOutcome outcome, long count, Duration totalLatency) {
    }
}
