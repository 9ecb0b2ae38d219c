/**
 * Metrics on Micrometer: {@link dev.jobcache.adapters.micrometer.MicrometerCacheMetrics} and
 * {@link dev.jobcache.adapters.micrometer.MicrometerRequestMetrics}, the {@code CacheMetrics} and
 * {@code RequestMetrics} ports on any Micrometer registry, and {@link dev.jobcache.adapters.micrometer.PrometheusMetrics},
 * the one factory, which owns a Prometheus registry with the JVM binders and the gauges of the cache's state, and
 * renders {@code GET /metrics}. No Micrometer or Prometheus type leaves this package: the REST adapter receives the
 * scrape as a plain {@code Supplier<String>} and the state is read through a {@code Supplier<CacheState>}. Meter tags
 * hold only bounded values (route templates, tier names, invalidation reasons, store operations, status codes), never a
 * raw path, key or user id, because every distinct tag value is a time series that Prometheus keeps.
 */
package dev.jobcache.adapters.micrometer;
