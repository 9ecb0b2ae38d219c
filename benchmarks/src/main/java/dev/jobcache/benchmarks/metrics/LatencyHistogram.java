package dev.jobcache.benchmarks.metrics;

import dev.jobcache.domain.cache.MetricsSnapshot.Percentiles;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * Approximate latency percentiles without a metrics library, lock-free: nanoseconds counted in log-linear buckets,
 * exact below 8 ns and then eight buckets per power of two, so a bucket's midpoint is within about 6 % of every
 * value in it. 488 counters cover every positive {@code long}; one array per snapshot line is a few kilobytes.
 * Zero means "not measured" and is not counted.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 3;
    private static final int SUB_BUCKETS = 1 << SUB_BITS;
    private static final int BUCKETS = (Long.SIZE - SUB_BITS) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    // the top bucket is wide; the largest value seen keeps a p99 from reporting more than was ever measured
    private final LongAccumulator max = new LongAccumulator(Math::max, 0);

    void record(long nanos) {
        if (nanos <= 0) {
            return;
        }
        counts.incrementAndGet(index(nanos));
        max.accumulate(nanos);
    }

    Percentiles percentiles() {
        long[] copy = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            copy[i] = counts.get(i);
            total += copy[i];
        }
        if (total == 0) {
            return Percentiles.UNKNOWN;
        }
        long largest = max.get();
        return new Percentiles(valueAt(copy, total, 0.50, largest), valueAt(copy, total, 0.95, largest),
                valueAt(copy, total, 0.99, largest));
    }

    static int index(long nanos) {
        if (nanos < SUB_BUCKETS) {
            return (int) nanos;
        }
        int exponent = Long.SIZE - 1 - Long.numberOfLeadingZeros(nanos);
        int sub = (int) ((nanos >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1));
        return (exponent - SUB_BITS + 1) * SUB_BUCKETS + sub;
    }

    /** The middle of bucket {@code index}; exact for the unit-wide buckets below 8 ns. */
    static long midpoint(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int shift = index / SUB_BUCKETS - 1;
        long lower = (long) (SUB_BUCKETS + index % SUB_BUCKETS) << shift;
        return lower + ((1L << shift) >>> 1);
    }

    private static Duration valueAt(long[] counts, long total, double percentile, long largest) {
        long rank = Math.max(1, (long) Math.ceil(percentile * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Duration.ofNanos(Math.min(midpoint(i), largest));
            }
        }
        // not reached: the total is the sum of the copied counts
        return Duration.ofNanos(largest);
    }
}
