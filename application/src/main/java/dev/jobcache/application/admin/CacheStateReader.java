package dev.jobcache.application.admin;

import dev.jobcache.application.cache.FailOpenCacheStore;
import dev.jobcache.domain.cache.CacheState;
import dev.jobcache.domain.cache.CacheTier;
import dev.jobcache.domain.cache.StoreHealth;
import dev.jobcache.domain.cache.StoreUsage;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the cache's {@link CacheState} for an operator's gauges: one health probe and, when the store answered it,
 * one usage reading. On Redis the usage is a scan of the key space, so a caller that shows several figures reads
 * the state once and takes them all from it, never one store call per figure. The near-cache's figures, the
 * breaker's and the bus's come from the health details the stores report (the same ones {@code /admin/cache/health}
 * shows). Thread-safe.
 */
public final class CacheStateReader {

    private final FailOpenCacheStore store;

    /** @param store the store as the application sees it, whose owed invalidations are counted too */
    public CacheStateReader(FailOpenCacheStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    public CacheState read() {
        StoreHealth health = store.health();
        Map<String, StoreUsage> tiers = new LinkedHashMap<>();
        // a store that does not answer its probe would only time out on the scan too
        if (health.up()) {
            tiers.put(health.backend(), store.usage());
        }
        Map<String, String> details = health.details();
        nearCache(details).ifPresent(usage -> tiers.put(CacheTier.L1.name(), usage));
        return new CacheState(health.backend(), health.up(), tiers, breaker(details.get("breaker")),
                bus(details.get("bus")), store.owedInvalidations());
    }

    private static final String[] NEAR_CACHE_FIGURES = {"l1.entries", "l1.bytes", "l1.maxBytes", "l1.evictions"};

    /** The near-cache's usage from its health details; empty for a store without one, or figures it cannot read. */
    private static Optional<StoreUsage> nearCache(Map<String, String> details) {
        long[] figures = new long[NEAR_CACHE_FIGURES.length];
        for (int i = 0; i < figures.length; i++) {
            String figure = details.get(NEAR_CACHE_FIGURES[i]);
            if (figure == null) {
                return Optional.empty();
            }
            try {
                figures[i] = Long.parseLong(figure);
            } catch (NumberFormatException unreadable) {
                return Optional.empty();
            }
        }
        return Optional.of(new StoreUsage(figures[0], figures[1], figures[2], figures[3]));
    }

    /** Resilience4j's names; a forced state counts as the state it forces. */
    static Optional<CacheState.Breaker> breaker(String state) {
        if (state == null) {
            return Optional.empty();
        }
        return switch (state.toUpperCase(Locale.ROOT)) {
            case "CLOSED", "DISABLED", "METRICS_ONLY" -> Optional.of(CacheState.Breaker.CLOSED);
            case "OPEN", "FORCED_OPEN" -> Optional.of(CacheState.Breaker.OPEN);
            case "HALF_OPEN" -> Optional.of(CacheState.Breaker.HALF_OPEN);
            default -> Optional.empty();
        };
    }

    private static Optional<Boolean> bus(String contact) {
        if (contact == null) {
            return Optional.empty();
        }
        return Optional.of(contact.equals("connected"));
    }
}
