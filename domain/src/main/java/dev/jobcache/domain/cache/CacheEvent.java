package dev.jobcache.domain.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * One thing that happened in the cache.
 *
 * @param route   the route template, or {@code *} for store-wide events
 * @param tier    which store: {@code l1}, {@code l2}, {@code caffeine}, {@code redis}, or {@code origin}
 * @param count   how many entries it concerned (1 for lookups; the removed count for invalidations)
 * @param latency how long the operation took; zero when not measured
 */
public record CacheEvent(String route, String tier, CacheOutcome outcome, long count, Duration latency) {

    public CacheEvent {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(latency, "latency");
    }

    public static CacheEvent of(String route, String tier, CacheOutcome outcome, Duration latency) {
        return new CacheEvent(route, tier, outcome, 1, latency);
    }
}
