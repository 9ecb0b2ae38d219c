package dev.jobcache.application.admin;

import java.time.Duration;

/**
 * Latencies of one interval, counted in buckets a quarter of an octave wide (1.00, 1.25, 1.50, 1.75 times a power of
 * two microseconds), so a percentile read from them is within 25 % of the true value whatever the scale: a hit of
 * 40 µs and an origin call of 400 ms are told apart as well as two of either. The exact sum and maximum are kept
 * beside the buckets, so the mean is exact and no percentile is ever above the slowest measured latency.
 *
 * <p>Not thread-safe: it is what one interval's counts are merged into when read ({@link SecondCounts} counts
 * concurrently in the same layout).
 */
final class LatencyHistogram {

    /** Buckets up to 2^27 µs (about 134 s); anything slower is counted in the last one. */
    static final int BUCKETS = 104;
    private static final long SLOWEST_MICROS = (1L << 27) - 1;

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long sumNanos;
    private long maxNanos;

    /** The bucket of a latency: below 4 µs one per microsecond, then four per octave. */
    static int bucketOf(long nanos) {
        long micros = Math.min(Math.max(nanos, 0) / 1000, SLOWEST_MICROS);
        if (micros < 4) {
            return (int) micros;
        }
        int octave = 63 - Long.numberOfLeadingZeros(micros);
        int quarter = (int) (micros >> (octave - 2)) & 3;
        return 4 * (octave - 1) + quarter;
    }

    /** The smallest latency, in microseconds, that falls in {@code bucket}. */
    static long lowerMicros(int bucket) {
        if (bucket < 4) {
            return bucket;
        }
        int octave = bucket / 4 + 1;
        return (4L + bucket % 4) << (octave - 2);
    }

    /** The first latency, in microseconds, above {@code bucket}. */
    static long upperMicros(int bucket) {
        if (bucket < 4) {
            return bucket + 1L;
        }
        int octave = bucket / 4 + 1;
        return (5L + bucket % 4) << (octave - 2);
    }

    void add(long sumNanos, long maxNanos, long[] buckets) {
        this.sumNanos += sumNanos;
        this.maxNanos = Math.max(this.maxNanos, maxNanos);
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += buckets[i];
            count += buckets[i];
        }
    }

    Interval.Latency summary() {
        if (count == 0) {
            return Interval.Latency.NONE;
        }
        return new Interval.Latency(count, Duration.ofNanos(sumNanos / count), percentile(0.95), percentile(0.99),
                Duration.ofNanos(maxNanos));
    }

    /**
     * The latency below which {@code share} of the counted ones fall, interpolated within its bucket as if the
     * latencies in it were spread evenly, and never above the slowest one measured.
     */
    private Duration percentile(double share) {
        double rank = share * count;
        long below = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            long in = counts[bucket];
            if (in == 0) {
                continue;
            }
            if (below + in >= rank) {
                double within = (rank - below) / in;
                double micros = lowerMicros(bucket) + (upperMicros(bucket) - lowerMicros(bucket)) * within;
                return Duration.ofNanos(Math.min(Math.round(micros * 1000), maxNanos));
            }
            below += in;
        }
        return Duration.ofNanos(maxNanos);
    }
}
