package dev.jobcache.benchmarks.metrics;

import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.testkit.contract.CacheMetricsContract;

/** Runs {@link CacheMetricsContract} against {@link CountingCacheMetrics}, the benchmarks' metrics without a registry. */
class CountingCacheMetricsContractTest extends CacheMetricsContract {

    @Override
    protected CacheMetrics newMetrics() {
        return new CountingCacheMetrics();
    }
}
