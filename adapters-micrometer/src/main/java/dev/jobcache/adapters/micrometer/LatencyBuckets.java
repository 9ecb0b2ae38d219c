package dev.jobcache.adapters.micrometer;

import java.time.Duration;

/**
 * The buckets of every latency histogram here, Prometheus classic buckets chosen for this service: half decades from
 * 0.1 ms to 10 s, eleven bounds and {@code +Inf}. A hit held in process takes 0.1-0.3 ms, one from Redis about a
 * millisecond, a miss a few milliseconds to tens of them, and a request that waits out a Redis timeout or a slow
 * origin hundreds of milliseconds to seconds: each lands a bucket apart, and a quantile interpolated within a bucket
 * is off by at most a factor of about three. Micrometer's percentile histogram put 77 buckets on every series.
 */
final class LatencyBuckets {

    static final Duration[] BOUNDS = {
            Duration.ofNanos(100_000), Duration.ofNanos(300_000),
            Duration.ofMillis(1), Duration.ofMillis(3),
            Duration.ofMillis(10), Duration.ofMillis(30),
            Duration.ofMillis(100), Duration.ofMillis(300),
            Duration.ofSeconds(1), Duration.ofSeconds(3),
            Duration.ofSeconds(10)};

    private LatencyBuckets() {
    }
}
