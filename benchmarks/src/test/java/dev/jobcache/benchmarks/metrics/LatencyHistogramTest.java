package dev.jobcache.benchmarks.metrics;

import dev.jobcache.domain.cache.MetricsSnapshot.Percentiles;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Specification of {@link LatencyHistogram}: lock-free log-scale buckets that bound the percentile error. */
class LatencyHistogramTest {

    private final LatencyHistogram histogram = new LatencyHistogram();

    @Test
    void everyValueIsWithinSixPercentOfItsBucketsMidpoint() {
        LongStream values = LongStream.concat(LongStream.rangeClosed(1, 5_000),
                LongStream.iterate(5_001, v -> v > 0 && v < Long.MAX_VALUE / 2, v -> v * 3 + 7));

        values.forEach(v -> assertThat((double) LatencyHistogram.midpoint(LatencyHistogram.index(v)))
                .as("midpoint of the bucket of %d", v)
                .isCloseTo(v, within(v * 0.0625)));
    }

    @Test
    void theLargestLongHasABucket() {
        int index = LatencyHistogram.index(Long.MAX_VALUE);

        assertThat(LatencyHistogram.midpoint(index)).isPositive();
    }

    @Test
    void valuesBelowEightNanosAreExact() {
        histogram.record(3);
        histogram.record(3);
        histogram.record(7);

        Percentiles percentiles = histogram.percentiles();

        assertThat(percentiles).isEqualTo(new Percentiles(Duration.ofNanos(3), Duration.ofNanos(7), Duration.ofNanos(7)));
    }

    @Test
    void neverReportsMoreThanTheLargestValueRecorded() {
        histogram.record(1_000_001);

        Percentiles percentiles = histogram.percentiles();

        assertThat(percentiles.p99()).isLessThanOrEqualTo(Duration.ofNanos(1_000_001));
    }

    @Test
    void unmeasuredLatenciesLeaveThePercentilesUnknown() {
        histogram.record(0);
        histogram.record(-4);

        Percentiles percentiles = histogram.percentiles();

        assertThat(percentiles.known()).isFalse();
    }
}
