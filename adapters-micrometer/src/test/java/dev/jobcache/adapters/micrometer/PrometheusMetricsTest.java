package dev.jobcache.adapters.micrometer;

import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheTier;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.MetricsSnapshot;
import dev.jobcache.domain.port.CacheMetrics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Specification of {@link PrometheusMetrics}: the scrape a Prometheus server reads, in the names its users query. */
class PrometheusMetricsTest {

    private final PrometheusMetrics prometheus = PrometheusMetrics.withJvmMetrics();
    private final CacheMetrics metrics = prometheus.cacheMetrics();

    @AfterEach
    void close() {
        prometheus.close();
    }

    @Test
    void scrapeCountsRequestsPerRouteResultAndTier() {
        metrics.record(CacheEvent.of("/jobs", CacheTier.of("redis"), CacheOutcome.HIT, Duration.ofMillis(2)));
        metrics.record(CacheEvent.of("/jobs", CacheTier.of("redis"), CacheOutcome.HIT, Duration.ofMillis(4)));
        metrics.record(CacheEvent.of("/jobs/{id}", CacheTier.of("redis"), CacheOutcome.MISS, Duration.ofMillis(30)));

        String scrape = prometheus.scrape();

        assertThat(scrape).contains("# TYPE jobcache_cache_requests_total counter")
                .contains("jobcache_cache_requests_total{result=\"hit\",route=\"/jobs\",tier=\"redis\"} 2.0")
                .contains("jobcache_cache_requests_total{result=\"miss\",route=\"/jobs/{id}\",tier=\"redis\"} 1.0");
    }

    @Test
    void scrapeHasALatencyHistogramInSecondsForServerSideQuantiles() {
        metrics.record(CacheEvent.of("/jobs", CacheTier.of("redis"), CacheOutcome.HIT, Duration.ofMillis(2)));

        String scrape = prometheus.scrape();

        assertThat(scrape).contains("# TYPE jobcache_cache_latency_seconds histogram")
                .containsPattern("jobcache_cache_latency_seconds_bucket\\{result=\"hit\",route=\"/jobs\",tier=\"redis\",le=\"[0-9.E-]+\"} 1")
                .contains("jobcache_cache_latency_seconds_bucket{result=\"hit\",route=\"/jobs\",tier=\"redis\",le=\"+Inf\"} 1")
                .contains("jobcache_cache_latency_seconds_count{result=\"hit\",route=\"/jobs\",tier=\"redis\"} 1")
                .contains("jobcache_cache_latency_seconds_sum{result=\"hit\",route=\"/jobs\",tier=\"redis\"} 0.002");
    }

    @Test
    void scrapeCountsStoresEvictionsAndInvalidations() {
        metrics.record(CacheEvent.of("/jobs", CacheTier.of("redis"), CacheOutcome.STORE, Duration.ZERO));
        metrics.record(new CacheEvent("*", CacheTier.of("caffeine"), CacheOutcome.EVICTION, 1, Duration.ZERO));
        metrics.record(CacheEvent.invalidation("job-deleted", CacheTier.of("redis"), 3));

        String scrape = prometheus.scrape();

        assertThat(scrape).contains("jobcache_cache_stores_total{route=\"/jobs\",tier=\"redis\"} 1.0")
                .contains("jobcache_cache_evictions_total{tier=\"caffeine\"} 1.0")
                .contains("jobcache_cache_invalidations_total{reason=\"job-deleted\",tier=\"redis\"} 3.0");
    }

    @Test
    void scrapeHasTheJvmMetrics() {
        String scrape = prometheus.scrape();

        assertThat(scrape).contains("jvm_memory_used_bytes{area=\"heap\"")
                .contains("jvm_threads_live_threads")
                .contains("jvm_classes_loaded_classes")
                .contains("system_cpu_count")
                .contains("process_uptime_seconds")
                .contains("jvm_gc_");
    }

    @Test
    void snapshotReportsPercentilesOfTheRecordedLatencies() {
        for (int millis = 1; millis <= 20; millis++) {
            metrics.record(CacheEvent.of("/jobs", CacheTier.of("redis"), CacheOutcome.MISS, Duration.ofMillis(millis)));
        }

        MetricsSnapshot.Percentiles percentiles = metrics.snapshot().lines().get(0).percentiles();

        assertThat(percentiles.p50()).isPositive();
        assertThat(percentiles.p95()).isGreaterThanOrEqualTo(percentiles.p50());
        assertThat(percentiles.p99()).isGreaterThanOrEqualTo(percentiles.p95());
    }

    @Test
    void namesTheContentTypeThePrometheusClientWrites() {
        String contentType = prometheus.contentType();

        // the registry's text writer is a runtime dependency only, so the constant is spelled out and checked here
        assertThat(contentType).isEqualTo(PrometheusTextFormatWriter.CONTENT_TYPE);
        assertThat(prometheus.scrape()).startsWith("# HELP ");
    }

    @Test
    void handsOutOneCacheMetricsPerRegistry() {
        CacheMetrics again = prometheus.cacheMetrics();

        assertThat(again).isSameAs(metrics);
    }
}
