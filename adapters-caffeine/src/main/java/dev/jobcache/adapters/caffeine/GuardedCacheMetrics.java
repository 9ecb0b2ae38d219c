package dev.jobcache.adapters.caffeine;

import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.MetricsSnapshot;
import dev.jobcache.domain.port.CacheMetrics;

import java.util.List;
import java.util.Objects;

/**
 * Swallows failures of the metrics it wraps. The near-cache records on its hit path and inside Caffeine's listeners,
 * where a throwing counter would fail a read or be logged by Caffeine on every eviction; counting is never worth that.
 * The application's guard of the same name logs; this module has no logger, so this one only swallows.
 */
final class GuardedCacheMetrics implements CacheMetrics {

    private final CacheMetrics delegate;

    GuardedCacheMetrics(CacheMetrics delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void record(CacheEvent event) {
        try {
            delegate.record(event);
        } catch (RuntimeException ignored) {
            // see the class comment: a metrics failure must not escape into a cache operation
        }
    }

    @Override
    public MetricsSnapshot snapshot() {
        try {
            return delegate.snapshot();
        } catch (RuntimeException e) {
            return new MetricsSnapshot(List.of());
        }
    }
}
