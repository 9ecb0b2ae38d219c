package dev.jobcache.adapters.micrometer;

import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheTier;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.MetricsSnapshot;
import dev.jobcache.domain.cache.StoreOperation;
import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.testkit.contract.CacheMetricsContract;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@link CacheMetricsContract} against {@link MicrometerCacheMetrics} on a Prometheus registry, plus its meters. */
class MicrometerCacheMetricsContractTest extends CacheMetricsContract {

    private MeterRegistry registry;

    @Override
    protected CacheMetrics newMetrics() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return new MicrometerCacheMetrics(registry);
    }

    @Test
    void countsLookupsAsRequestsTaggedWithRouteResultAndTier() {
        metrics.record(CacheEvent.of("/jobs", CacheTier.of("redis"), CacheOutcome.HIT, Duration.ofMillis(2)));

        double hits = registry.get("jobcache.cache.requests")
                .tags("route", "/jobs", "result", "hit", "tier", "redis").counter().count();

        assertThat(hits).isEqualTo(1);
    }

    @Test
    void countsStoreFailuresByOperationApartFromTheLookups() {
        metrics.record(CacheEvent.storeFailure(CacheTier.of("redis"), StoreOperation.GET_ASYNC));

        double errors = registry.get("jobcache.cache.store.errors")
                .tags("operation", "getAsync", "tier", "redis").counter().count();

        assertThat(errors).isEqualTo(1);
        assertThat(registry.find("jobcache.cache.requests").meters()).isEmpty();
    }

    @Test
    void countsWaitsAndRefreshesPerTierOnceWhateverRouteTheyCarry() {
        metrics.record(CacheEvent.of("/jobs", CacheTier.of("redis"), CacheOutcome.WAIT, Duration.ZERO));
        metrics.record(CacheEvent.of("/user/me", CacheTier.of("redis"), CacheOutcome.WAIT, Duration.ZERO));
        metrics.record(CacheEvent.of("/health", CacheTier.of("redis"), CacheOutcome.REFRESH, Duration.ZERO));

        assertThat(registry.get("jobcache.cache.single.flight.waits").tags("tier", "redis").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("jobcache.cache.refresh.ahead.loads").tags("tier", "redis").counter().count())
                .isEqualTo(1);
        assertThat(metrics.snapshot().count(CacheEvent.STORE_WIDE, CacheOutcome.WAIT)).isEqualTo(2);
    }

    @Test
    void showsNoLatencyHistogramForLookupsWhoseLatencyIsNeverMeasured() {
        metrics.record(CacheEvent.of("/jobs", CacheTier.L1, CacheOutcome.HIT, Duration.ZERO));

        assertThat(registry.find("jobcache.cache.latency").meters()).isEmpty();
        assertThat(registry.get("jobcache.cache.requests").tags("route", "/jobs", "tier", "l1").counter().count())
                .isEqualTo(1);
    }

    @Test
    void timesMeasuredLookupsOnly() {
        metrics.record(CacheEvent.of("/jobs", CacheTier.of("l1"), CacheOutcome.HIT, Duration.ofMillis(3)));
        metrics.record(CacheEvent.of("/jobs", CacheTier.of("l1"), CacheOutcome.HIT, Duration.ZERO));

        long timed = registry.get("jobcache.cache.latency")
                .tags("route", "/jobs", "result", "hit", "tier", "l1").timer().count();

        assertThat(timed).isEqualTo(1);
        assertThat(metrics.snapshot().count("/jobs", CacheOutcome.HIT)).isEqualTo(2);
    }

    @Test
    void countsInvalidationsByReasonAndTheEntriesTheyRemoved() {
        metrics.record(CacheEvent.invalidation("job-status-changed", CacheTier.of("redis"), 4));

        double removed = registry.get("jobcache.cache.invalidations")
                .tags("reason", "job-status-changed", "tier", "redis").counter().count();

        assertThat(removed).isEqualTo(4);
    }

    @Test
    void countsEvictionsStoreWideForTheSnapshotAndLeavesTheirMeterToTheStoresOwnCount() {
        metrics.record(new CacheEvent("/jobs", CacheTier.of("caffeine"), CacheOutcome.EVICTION, 1, Duration.ZERO));
        metrics.record(new CacheEvent("*", CacheTier.of("caffeine"), CacheOutcome.EVICTION, 2, Duration.ZERO));

        MetricsSnapshot snapshot = metrics.snapshot();

        assertThat(snapshot.count("*", CacheOutcome.EVICTION)).isEqualTo(3);
        // two sources of one series would disagree; the stores' own counts exist from the start (CacheStateMeters)
        assertThat(registry.find("jobcache.cache.evictions").meters()).isEmpty();
    }

    @Test
    void countsStoresPerRouteAndTier() {
        metrics.record(CacheEvent.of("/jobs/{id}", CacheTier.of("redis"), CacheOutcome.STORE, Duration.ZERO));

        double stored = registry.get("jobcache.cache.stores").tags("route", "/jobs/{id}", "tier", "redis")
                .counter().count();

        assertThat(stored).isEqualTo(1);
    }
}
