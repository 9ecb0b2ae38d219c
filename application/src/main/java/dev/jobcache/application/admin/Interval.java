package dev.jobcache.application.admin;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What the cache did over a span of whole seconds (one second, the last 10 s, the last minute…), counted from the
 * events of those seconds alone: unlike the counters since start, a burst of misses shows in full in the seconds it
 * happened and is gone from a window once those seconds have left it.
 *
 * @param seconds   how many seconds it covers: the span asked for, or fewer soon after start
 * @param hits      lookups answered from a fresh entry
 * @param stale     lookups answered from an entry within its grace (served from the cache, so a hit for the ratio)
 * @param misses    lookups the origin answered
 * @param bypass    requests the cache did not look up (not cacheable), admin requests aside
 * @param errors    store calls that failed (each answered as a miss or as nothing done)
 * @param stores    responses stored
 * @param evictions entries an in-process store (Caffeine, or a near-cache's L1) evicted for room
 * @param l1Hits    lookups a near-cache's in-process tier answered (two-tier); at most {@code hits + stale}
 * @param cached    latency of the answers from the cache (hits and stale)
 * @param origin    latency of the misses, origin call included
 */
public record Interval(int seconds, long hits, long stale, long misses, long bypass, long errors, long stores,
                       long evictions, long l1Hits, Latency cached, Latency origin) {

    public Interval {
        Objects.requireNonNull(cached, "cached");
        Objects.requireNonNull(origin, "origin");
    }

    /** Lookups the cache decided: hits, stale answers and misses. */
    public long lookups() {
        return hits + stale + misses;
    }

    /** Answers served from the cache per lookup; empty when there was no lookup to judge. */
    public OptionalDouble hitRatio() {
        long lookups = lookups();
        return lookups == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) (hits + stale) / lookups);
    }

    /** Lookups and bypassed requests per second; empty for an interval of no seconds. */
    public OptionalDouble requestsPerSecond() {
        return seconds == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) (lookups() + bypass) / seconds);
    }

    /** Failed store calls per cache operation (lookups and stores), as the monitor's figure since start; 0 without any. */
    public double errorRate() {
        long operations = lookups() + stores;
        return operations == 0 ? 0 : (double) errors / operations;
    }

    /** Answers from the cache that came from the shared store rather than a near-cache's L1 (two-tier). */
    public long l2Hits() {
        return hits + stale - l1Hits;
    }

    /**
     * Latencies of one kind of answer within the interval. The percentiles come from quarter-octave buckets, within
     * 25 % of the true value and never above {@code max}; lookups whose latency was not measured are in no figure.
     *
     * @param count how many latencies were measured
     */
    public record Latency(long count, Duration mean, Duration p95, Duration p99, Duration max) {

        public static final Latency NONE = new Latency(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

        public Latency {
            Objects.requireNonNull(mean, "mean");
            Objects.requireNonNull(p95, "p95");
            Objects.requireNonNull(p99, "p99");
            Objects.requireNonNull(max, "max");
        }

        public boolean measured() {
            return count > 0;
        }
    }
}
