package dev.jobcache.domain.cache;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The cache as an operator's gauges show it at one moment: whether its store answers, how full each tier is, the
 * store's circuit breaker, the near-cache's contact with the invalidation bus, and the invalidations owed. Read at
 * once, from one health probe and one usage reading, so that what a scrape shows is one consistent moment.
 *
 * @param store             the store as it names itself ({@code caffeine}, {@code redis}, {@code none})
 * @param up                whether the store answered its health probe
 * @param tiers             the usage of each tier that holds entries, by tier name: the store's own (unless it
 *                          could not be read) and, on two-tier, the near-cache's {@code l1}
 * @param breaker           the store's circuit breaker, for a store that has one
 * @param busConnected      whether the near-cache hears the invalidation bus, for a store that has a near-cache
 * @param owedInvalidations tags and keys of invalidations the store failed to apply and that are being retried (an
 *                          owed clear counts one); while any is owed, nothing is served from the store
 */
public record CacheState(String store, boolean up, Map<String, StoreUsage> tiers, Optional<Breaker> breaker,
                         Optional<Boolean> busConnected, long owedInvalidations) {

    public CacheState {
        Objects.requireNonNull(store, "store");
        tiers = Map.copyOf(tiers);
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(busConnected, "busConnected");
    }

    /** A circuit breaker's state. */
    public enum Breaker {
        /** Calls go through. */
        CLOSED,
        /** Calls are turned away without reaching the store, until probes succeed. */
        OPEN,
        /** A few probe calls go through to decide whether to close again. */
        HALF_OPEN
    }
}
