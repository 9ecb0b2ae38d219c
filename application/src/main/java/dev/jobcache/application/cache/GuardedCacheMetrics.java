package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.MetricsSnapshot;
import dev.jobcache.domain.port.CacheMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/** Swallows failures of a metrics implementation, logging the first: counting must never fail a request. */
public final class GuardedCacheMetrics implements CacheMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedCacheMetrics.class);

    private final CacheMetrics delegate;
    private final AtomicBoolean warned = new AtomicBoolean();

    public GuardedCacheMetrics(CacheMetrics delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void record(CacheEvent event) {
        try {
            delegate.record(event);
        } catch (RuntimeException e) {
            if (warned.compareAndSet(false, true)) {
                LOG.warn("cache metrics failed; further failures are ignored", e);
            }
        }
    }

    @Override
    public MetricsSnapshot snapshot() {
        try {
            return delegate.snapshot();
        } catch (RuntimeException e) {
            LOG.warn("cache metrics snapshot failed: {}", e.toString());
            return new MetricsSnapshot(List.of());
        }
    }
}
