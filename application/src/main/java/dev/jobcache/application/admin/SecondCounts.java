package dev.jobcache.application.admin;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The counts of one second, one slot of {@link RecentActivity}'s ring: the same slot serves a second again each time
 * the ring comes round, emptied first. Counting is lock-free (one array of atomic longs, written by whichever thread
 * records a cache event); only the thread that finds the slot still holding an older second takes its lock, to empty
 * it once.
 */
final class SecondCounts {

    static final int HITS = 0;
    static final int STALE = 1;
    static final int MISSES = 2;
    static final int BYPASS = 3;
    static final int ERRORS = 4;
    static final int STORES = 5;
    static final int EVICTIONS = 6;
    static final int L1_HITS = 7;
    private static final int COUNTERS = 8;

    /**
     * Where each kind of latency starts in the array: its sum of nanoseconds, its maximum, then its buckets (whose
     * sum is its count: one atomic add fewer on every recorded event).
     */
    static final int CACHED = COUNTERS;
    static final int ORIGIN = CACHED + 2 + LatencyHistogram.BUCKETS;
    private static final int SIZE = ORIGIN + 2 + LatencyHistogram.BUCKETS;

    private final AtomicLongArray cells = new AtomicLongArray(SIZE);
    /** The second (since the ring's start) these counts are of; -1 before the first. */
    private volatile long second = -1;

    /**
     * Makes this slot count {@code now}, emptying what it held of an older second. False when it already counts a
     * later second: the caller is a recorder that was held up for a whole turn of the ring, and drops its event.
     */
    boolean turnTo(long now) {
        long current = second;
        if (current == now) {
            return true;
        }
        if (current > now) {
            return false;
        }
        synchronized (this) {
            if (second < now) {
                for (int i = 0; i < SIZE; i++) {
                    cells.set(i, 0);
                }
                // published after the reset, so no recorder counts into this second before it is empty
                second = now;
            }
            return second == now;
        }
    }

    void add(int counter, long count) {
        cells.addAndGet(counter, count);
    }

    /** @param kind {@link #CACHED} or {@link #ORIGIN} */
    void time(int kind, long nanos) {
        cells.addAndGet(kind, nanos);
        // most latencies are not the second's slowest: a read, and a compare-and-set only for those that are
        long max = cells.get(kind + 1);
        while (nanos > max && !cells.compareAndSet(kind + 1, max, nanos)) {
            max = cells.get(kind + 1);
        }
        cells.incrementAndGet(kind + 2 + LatencyHistogram.bucketOf(nanos));
    }

    /** Whether this slot holds the counts of {@code wanted} (and not of a second before or after it). */
    boolean holds(long wanted) {
        return second == wanted;
    }

    long get(int counter) {
        return cells.get(counter);
    }

    /** Adds this second's latencies of {@code kind} into {@code into}. */
    void addLatencies(int kind, LatencyHistogram into) {
        long[] buckets = new long[LatencyHistogram.BUCKETS];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = cells.get(kind + 2 + i);
        }
        into.add(cells.get(kind), cells.get(kind + 1), buckets);
    }
}
