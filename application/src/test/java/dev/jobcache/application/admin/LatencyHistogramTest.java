package dev.jobcache.application.admin;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Specification of {@link LatencyHistogram}'s buckets: contiguous, each at most a quarter octave wide. */
class LatencyHistogramTest {

    @Test
    void bucketsFollowEachOtherWithoutGapOrOverlap() {
        for (int bucket = 1; bucket < LatencyHistogram.BUCKETS; bucket++) {
            assertThat(LatencyHistogram.lowerMicros(bucket)).isEqualTo(LatencyHistogram.upperMicros(bucket - 1));
        }
        assertThat(LatencyHistogram.lowerMicros(0)).isZero();
    }

    @Test
    void putsEachLatencyInTheBucketThatSpansIt() {
        for (long micros = 0; micros < 1_000_000; micros += 1 + micros / 7) {
            int bucket = LatencyHistogram.bucketOf(micros * 1000 + 500);

            assertThat(micros).isGreaterThanOrEqualTo(LatencyHistogram.lowerMicros(bucket))
                    .isLessThan(LatencyHistogram.upperMicros(bucket));
        }
    }

    @Test
    void keepsEachBucketFromFourMicrosecondsOnWithinAQuarterOfItsLowerBound() {
        for (int bucket = 4; bucket < LatencyHistogram.BUCKETS; bucket++) {
            long lower = LatencyHistogram.lowerMicros(bucket);

            assertThat(LatencyHistogram.upperMicros(bucket) - lower).isLessThanOrEqualTo(lower / 4);
        }
    }

    @Test
    void countsWhatIsSlowerThanTheLastBucketInIt() {
        assertThat(LatencyHistogram.bucketOf(Duration.ofMinutes(10).toNanos())).isEqualTo(LatencyHistogram.BUCKETS - 1);
        assertThat(LatencyHistogram.bucketOf(-5)).isZero();
    }

    @Test
    void summarisesNothingAsNoLatency() {
        assertThat(new LatencyHistogram().summary().measured()).isFalse();
    }
}
