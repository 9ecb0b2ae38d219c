package dev.jobcache.testkit.fake;

import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheTier;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.MetricsSnapshot;
import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.testkit.contract.CacheMetricsContract;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@link CacheMetricsContract} against {@link RecordingCacheMetrics}, plus its event log. */
class RecordingCacheMetricsContractTest extends CacheMetricsContract {

    @Override
    protected CacheMetrics newMetrics() {
        return new RecordingCacheMetrics();
    }

    @Test
    void keepsEveryEventInOrder() {
        RecordingCacheMetrics recording = new RecordingCacheMetrics();
        CacheEvent hit = CacheEvent.of("/jobs", CacheTier.of("l1"), CacheOutcome.HIT, Duration.ofMillis(1));
        CacheEvent miss = CacheEvent.of("/jobs", CacheTier.of("origin"), CacheOutcome.MISS, Duration.ofMillis(9));

        recording.record(hit);
        recording.record(miss);

        assertThat(recording.events()).containsExactly(hit, miss);
        assertThat(recording.events(CacheOutcome.MISS)).containsExactly(miss);
    }

    @Test
    void reportsExactNearestRankPercentilesOfTheMeasuredLatencies() {
        for (int millis = 100; millis >= 1; millis--) {
            metrics.record(CacheEvent.of("/jobs", CacheTier.of("l2"), CacheOutcome.HIT, Duration.ofMillis(millis)));
        }
        metrics.record(CacheEvent.of("/jobs", CacheTier.of("l2"), CacheOutcome.HIT, Duration.ZERO));

        MetricsSnapshot.Percentiles percentiles = metrics.snapshot().lines().get(0).percentiles();

        assertThat(percentiles).isEqualTo(new MetricsSnapshot.Percentiles(
                Duration.ofMillis(50), Duration.ofMillis(95), Duration.ofMillis(99)));
    }
}
