package dev.jobcache.benchmarks.workload;

import java.time.Duration;

/**
 * A cached GET route, with the service's default TTL (the oracle must judge with the same TTLs the cache uses, or
 * the comparison is meaningless) and the hit ratio the project's seed expected of it.
 */
enum Route {
    HEALTH("/health", 60, false, 0.90, ">= 90 %"),
    VERSION("/version", 3600, false, 0.90, ">= 90 %"),
    JOBS("/jobs", 120, true, 0.70, "70-80 %"),
    JOB("/jobs/{id}", 60, true, 0.60, "60-70 %"),
    DOWNLOAD("/jobs/{id}/download", 300, true, Double.NaN, "none given"),
    PROFILE("/user/me", 600, true, 0.80, ">= 80 %");

    final String template;
    final Duration ttl;
    final boolean perUser;
    /** The low end of the seed's expectation; NaN where the seed gave none. */
    final double expectedAtLeast;
    final String expectation;

    Route(String template, int ttlSeconds, boolean perUser, double expectedAtLeast, String expectation) {
        this.template = template;
        this.ttl = Duration.ofSeconds(ttlSeconds);
        this.perUser = perUser;
        this.expectedAtLeast = expectedAtLeast;
        this.expectation = expectation;
    }
}
