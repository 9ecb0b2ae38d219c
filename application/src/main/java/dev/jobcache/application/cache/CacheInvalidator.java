package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.CacheTier;
import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.InvalidationBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Removes entries, the one way every invalidation goes: the store first (which also moves the generations that
 * keep loads in flight from storing what they read before), then the bus (so other instances drop their
 * near-cache copies), numbered by this instance's {@link InvalidationNumbering}. Returns only when
 * all three are done; a job write therefore returns to its client after its cache entries are gone. Each
 * invalidation is also noted in an {@link InvalidationHistory} when one is given, for the admin view.
 */
public final class CacheInvalidator {

    private static final Logger LOG = LoggerFactory.getLogger(CacheInvalidator.class);

    private final CacheStore store;
    private final InvalidationBus bus;
    private final CacheMetrics metrics;
    private final CacheTier tier;
    private final Optional<InvalidationHistory> history;
    private final InvalidationNumbering numbering;

    public CacheInvalidator(CacheStore store, InvalidationBus bus, CacheMetrics metrics, String tier) {
        this(store, bus, metrics, tier, Optional.empty(), new InvalidationNumbering());
    }

    /** @param history where each invalidation is noted; empty to keep none */
    public CacheInvalidator(CacheStore store, InvalidationBus bus, CacheMetrics metrics, String tier,
                            Optional<InvalidationHistory> history) {
        this(store, bus, metrics, tier, history, new InvalidationNumbering());
    }

    /**
     * @param history   where each invalidation is noted; empty to keep none
     * @param numbering numbers each published invalidation, for consistency tokens
     */
    public CacheInvalidator(CacheStore store, InvalidationBus bus, CacheMetrics metrics, String tier,
                            Optional<InvalidationHistory> history, InvalidationNumbering numbering) {
        this.numbering = Objects.requireNonNull(numbering, "numbering");
        this.store = Objects.requireNonNull(store, "store");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.tier = CacheTier.of(Objects.requireNonNull(tier, "tier"));
        this.history = Objects.requireNonNull(history, "history");
    }

    /** @return how many entries the store removed, as far as it can tell */
    public long invalidate(Invalidation invalidation) {
        long removed;
        if (invalidation.everything()) {
            removed = store.clear();
        } else {
            removed = invalidation.tags().isEmpty() ? 0 : store.invalidateTags(invalidation.tags());
            for (CacheKey key : invalidation.keys()) {
                removed += store.invalidate(key) ? 1 : 0;
            }
        }
        publish(invalidation);
        metrics.record(CacheEvent.invalidation(invalidation.reason(), tier, removed));
        long counted = removed;
        history.ifPresent(h -> h.record(invalidation, counted));
        LOG.debug("invalidated {} entries: {}", removed, invalidation);
        return removed;
    }

    /** Numbered only now, once the store has it: see {@link dev.jobcache.domain.cache.AppliedInvalidations}. */
    private void publish(Invalidation invalidation) {
        try {
            bus.publish(invalidation.stamped(numbering.next()));
        } catch (RuntimeException e) {
            // the near-caches of other instances notice lost contact themselves and drop their copies
            metrics.record(CacheEvent.unpublished(invalidation.reason()));
            LOG.warn("could not publish an invalidation ({}): {}", invalidation.reason(), e.toString());
        }
    }
}
