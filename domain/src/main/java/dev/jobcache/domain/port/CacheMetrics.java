package dev.jobcache.domain.port;

import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.MetricsSnapshot;

/**
 * Counts what the cache does, per route, tier and outcome, with latencies. Thread-safe. {@link #record} is on the
 * request path: it must be cheap and must not throw (a failing implementation is wrapped by a guard that swallows).
 */
public interface CacheMetrics {

    void record(CacheEvent event);

    MetricsSnapshot snapshot();
}
