package dev.jobcache.benchmarks.load;

/**
 * One case on one route.
 *
 * @param hitRatio answers from the cache per lookup during the measured runs (jobcache's admin stats, or varnishstat);
 *                 null where there is no cache to ask (the bare endpoint)
 * @param cacheErrors cache store failures jobcache counted during the measured runs (each one answered from the origin,
 *                    fail-open); null where there is no such count
 */
record CaseResult(String id, String label, String database, Figures median, Double hitRatio, Long cacheErrors,
                  Measurement measurement) {
}
