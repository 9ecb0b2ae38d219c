package dev.jobcache.domain.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * One thing that happened in the cache.
 *
 * @param route   the route template, or {@link #STORE_WIDE} for events of no one route (evictions, store failures,
 *                invalidations)
 * @param tier    which store, or the bus
 * @param count   how many entries it concerned (1 for lookups; the removed count for invalidations)
 * @param latency how long the operation took; zero when not measured
 * @param reason  why entries were invalidated (e.g. {@code job-status-changed}, {@code admin}) for
 *                {@link CacheOutcome#INVALIDATION} events and failed bus publications; the operation that failed
 *                ({@link StoreOperation#label()}) for a store's {@link CacheOutcome#ERROR} events; empty for every
 *                other event
 */
public record CacheEvent(String route, CacheTier tier, CacheOutcome outcome, long count, Duration latency,
                         String reason) {

    /** The route of events that concern no single route. */
    public static final String STORE_WIDE = "*";

    public CacheEvent {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(reason, "reason");
    }

    public CacheEvent(String route, CacheTier tier, CacheOutcome outcome, long count, Duration latency) {
        this(route, tier, outcome, count, latency, "");
    }

    /** One lookup (or store, or failure) on {@code route}. */
    public static CacheEvent of(String route, CacheTier tier, CacheOutcome outcome, Duration latency) {
        return new CacheEvent(route, tier, outcome, 1, latency, "");
    }

    /** An invalidation for {@code reason} that removed {@code removed} entries from {@code tier}. */
    public static CacheEvent invalidation(String reason, CacheTier tier, long removed) {
        return new CacheEvent(STORE_WIDE, tier, CacheOutcome.INVALIDATION, removed, Duration.ZERO, reason);
    }

    /** A call of {@code operation} on the store of {@code tier} that failed, answered as a miss or as nothing done. */
    public static CacheEvent storeFailure(CacheTier tier, StoreOperation operation) {
        return new CacheEvent(STORE_WIDE, tier, CacheOutcome.ERROR, 1, Duration.ZERO, operation.label());
    }

    /** An invalidation for {@code reason} that could not be published to the other instances. */
    public static CacheEvent unpublished(String reason) {
        return new CacheEvent(STORE_WIDE, CacheTier.BUS, CacheOutcome.ERROR, 1, Duration.ZERO, reason);
    }
}
