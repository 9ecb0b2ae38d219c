package dev.jobcache.application.cache;

import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.testkit.contract.CacheMetricsContract;

/** Runs {@link CacheMetricsContract} against {@link CountingCacheMetrics}, the metrics without a registry. */
class CountingCacheMetricsContractTest extends CacheMetricsContract {

    @Override
    protected CacheMetrics newMetrics() {
        return new CountingCacheMetrics();
    }
}
