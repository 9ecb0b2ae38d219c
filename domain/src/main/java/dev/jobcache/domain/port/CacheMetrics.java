package dev.jobcache.domain.port;

import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.MetricsSnapshot;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Counts what the cache does, per route, tier and outcome, with latencies. Thread-safe. {@link #record} is on the
 * request path: it must be cheap and must not throw. An implementation that might is wrapped once, where the wiring
 * creates it, by {@link #guarded}; the cache's own classes rely on that and do not guard again.
 */
public interface CacheMetrics {

    void record(CacheEvent event);

    MetricsSnapshot snapshot();

    /**
     * {@code metrics} with every failure swallowed, since counting must never fail a cache operation or a request:
     * a failed record counts nothing, a failed snapshot is empty. The first failure is handed to
     * {@code firstFailure} (to log it once); the later ones are dropped.
     */
    static CacheMetrics guarded(CacheMetrics metrics, Consumer<RuntimeException> firstFailure) {
        return metrics instanceof GuardedCacheMetrics ? metrics : new GuardedCacheMetrics(metrics, firstFailure);
    }

    /** See {@link #guarded}. */
    final class GuardedCacheMetrics implements CacheMetrics {

        private final CacheMetrics delegate;
        private final Consumer<RuntimeException> firstFailure;
        private final AtomicBoolean failed = new AtomicBoolean();

        private GuardedCacheMetrics(CacheMetrics delegate, Consumer<RuntimeException> firstFailure) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
            this.firstFailure = Objects.requireNonNull(firstFailure, "firstFailure");
        }

        @Override
        public void record(CacheEvent event) {
            try {
                delegate.record(event);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public MetricsSnapshot snapshot() {
            try {
                return delegate.snapshot();
            } catch (RuntimeException e) {
                failed(e);
                return new MetricsSnapshot(List.of());
            }
        }

        private void failed(RuntimeException e) {
            if (failed.compareAndSet(false, true)) {
                try {
                    firstFailure.accept(e);
                } catch (RuntimeException ignored) {
                    // a failing report of a failure is no reason to fail the caller either
                }
            }
        }
    }
}
