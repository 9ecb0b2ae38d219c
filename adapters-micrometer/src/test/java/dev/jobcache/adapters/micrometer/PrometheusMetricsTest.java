package dev.jobcache.adapters.micrometer;

import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheState;
import dev.jobcache.domain.cache.StoreOperation;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.cache.CacheTier;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.MetricsSnapshot;
import dev.jobcache.domain.port.CacheMetrics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

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
    void scrapeCountsStoresInvalidationsAndStoreFailuresByOperation() {
        metrics.record(CacheEvent.of("/jobs", CacheTier.of("redis"), CacheOutcome.STORE, Duration.ZERO));
        metrics.record(CacheEvent.invalidation("job-deleted", CacheTier.of("redis"), 3));
        metrics.record(CacheEvent.storeFailure(CacheTier.of("redis"), StoreOperation.INVALIDATE_TAGS));
        metrics.record(CacheEvent.unpublished("job-deleted"));

        String scrape = prometheus.scrape();

        assertThat(scrape).contains("jobcache_cache_stores_total{route=\"/jobs\",tier=\"redis\"} 1.0")
                .contains("jobcache_cache_invalidations_total{reason=\"job-deleted\",tier=\"redis\"} 3.0")
                .contains("jobcache_cache_store_errors_total{operation=\"invalidateTags\",tier=\"redis\"} 1.0")
                .contains("jobcache_cache_bus_publish_errors_total{reason=\"job-deleted\"} 1.0")
                .doesNotContain("result=\"error\"");
    }

    @Test
    void warmingCountersShowEachModesTotalsAsTheyAreAtEveryScrapeFromZero() {
        AtomicInteger loads = new AtomicInteger();
        prometheus.observeWarming("scheduled", () -> loads.get() / 2, loads::get, () -> 0);
        prometheus.observeWarming("idle", () -> 0, () -> 0, () -> 0);

        String before = prometheus.scrape();
        loads.set(4);
        System.gc();
        String after = prometheus.scrape();

        assertThat(before).contains("# TYPE jobcache_cache_warm_loads_total counter")
                .contains("jobcache_cache_warm_loads_total{mode=\"scheduled\"} 0.0")
                .contains("jobcache_cache_warm_runs_total{mode=\"idle\"} 0.0");
        assertThat(after).as("read at the scrape, and still there after a collection")
                .contains("jobcache_cache_warm_runs_total{mode=\"scheduled\"} 2.0")
                .contains("jobcache_cache_warm_loads_total{mode=\"scheduled\"} 4.0")
                .contains("jobcache_cache_warm_failures_total{mode=\"scheduled\"} 0.0");
    }

    @Test
    void histogramsHaveElevenBucketsFromATenthOfAMillisecondToTenSeconds() {
        metrics.record(CacheEvent.of("/jobs", CacheTier.of("caffeine"), CacheOutcome.HIT, Duration.ofNanos(150_000)));
        prometheus.requestMetrics().served("GET", "/jobs", 200, 2_000_000);

        String scrape = prometheus.scrape();

        List<String> bounds = List.of("1.0E-4", "3.0E-4", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1.0", "3.0",
                "10.0", "+Inf");
        assertThat(bucketBounds(scrape, "jobcache_cache_latency_seconds_bucket{")).isEqualTo(bounds);
        assertThat(bucketBounds(scrape, "jobcache_http_requests_seconds_bucket{")).isEqualTo(bounds);
        assertThat(scrape).contains("jobcache_cache_latency_seconds_bucket{result=\"hit\",route=\"/jobs\","
                        + "tier=\"caffeine\",le=\"3.0E-4\"} 1")
                .contains("jobcache_cache_latency_seconds_bucket{result=\"hit\",route=\"/jobs\","
                        + "tier=\"caffeine\",le=\"1.0E-4\"} 0");
    }

    @Test
    void scrapeTimesHttpRequestsByMethodRouteAndStatus() {
        prometheus.requestMetrics().served("GET", "/jobs/{id}", 200, 2_000_000);
        prometheus.requestMetrics().served("GET", "/jobs/{id}", 200, 4_000_000);
        prometheus.requestMetrics().served("POST", "/jobs", 503, 40_000_000);

        String scrape = prometheus.scrape();

        assertThat(scrape).contains("# TYPE jobcache_http_requests_seconds histogram")
                .contains("jobcache_http_requests_seconds_count{method=\"GET\",route=\"/jobs/{id}\",status=\"200\"} 2")
                .contains("jobcache_http_requests_seconds_sum{method=\"GET\",route=\"/jobs/{id}\",status=\"200\"} 0.006")
                .contains("jobcache_http_requests_seconds_count{method=\"POST\",route=\"/jobs\",status=\"503\"} 1");
    }

    @Test
    void showsTheObservedStateAsGaugesReadOncePerScrape() {
        AtomicInteger reads = new AtomicInteger();
        prometheus.observe("two-tier", () -> {
            reads.incrementAndGet();
            return new CacheState("redis", true, Map.of(
                    "redis", new StoreUsage(-1, 5_000_000, 10_000_000, 7),
                    "l1", new StoreUsage(40, 90_000, 1_000_000, 3)),
                    Optional.of(CacheState.Breaker.OPEN), Optional.of(false), 2);
        });

        prometheus.scrape();
        String scrape = prometheus.scrape();

        assertThat(reads).as("one reading per scrape, whatever the number of gauges").hasValue(2);
        assertThat(scrape).contains("jobcache_cache_store_up{tier=\"redis\"} 1.0")
                .contains("jobcache_cache_entries{tier=\"l1\"} 40.0")
                .contains("jobcache_cache_entries{tier=\"redis\"} NaN")
                .contains("jobcache_cache_used_bytes{tier=\"redis\"} 5000000.0")
                .contains("jobcache_cache_max_bytes{tier=\"redis\"} 1.0E7")
                .contains("jobcache_cache_evictions_total{tier=\"redis\"} 7.0")
                .contains("jobcache_cache_evictions_total{tier=\"l1\"} 3.0")
                .contains("jobcache_redis_breaker_state{state=\"open\"} 1.0")
                .contains("jobcache_redis_breaker_state{state=\"closed\"} 0.0")
                .contains("jobcache_redis_breaker_state{state=\"half_open\"} 0.0")
                .contains("jobcache_cache_bus_connected 0.0")
                .contains("jobcache_cache_invalidations_owed 2.0");
    }

    @Test
    void startsTheStoresFailureWaitAndRefreshCountersAtZero() {
        prometheus.observe("caffeine", () -> new CacheState("caffeine", true,
                Map.of("caffeine", new StoreUsage(0, 0, 1_000, 0)), Optional.empty(), Optional.empty(), 0));

        String scrape = prometheus.scrape();

        for (StoreOperation operation : StoreOperation.values()) {
            assertThat(scrape).contains("jobcache_cache_store_errors_total{operation=\"" + operation.label()
                    + "\",tier=\"caffeine\"} 0.0");
        }
        assertThat(scrape).contains("jobcache_cache_single_flight_waits_total{tier=\"caffeine\"} 0.0")
                .contains("jobcache_cache_refresh_ahead_loads_total{tier=\"caffeine\"} 0.0")
                .contains("jobcache_cache_evictions_total{tier=\"caffeine\"} 0.0")
                .doesNotContain("jobcache_redis_breaker_state")
                .doesNotContain("jobcache_cache_bus_connected");
    }

    @Test
    void aStateThatCannotBeReadShowsNotANumberAndTheLastEvictionCountWithoutFailingTheScrape() {
        AtomicInteger reads = new AtomicInteger();
        prometheus.observe("caffeine", () -> {
            if (reads.incrementAndGet() > 1) {
                throw new IllegalStateException("store gone");
            }
            return new CacheState("caffeine", true, Map.of("caffeine", new StoreUsage(3, 300, 1_000, 5)),
                    Optional.empty(), Optional.empty(), 0);
        });
        prometheus.scrape();

        String scrape = prometheus.scrape();

        assertThat(scrape).contains("jobcache_cache_entries{tier=\"caffeine\"} NaN")
                .contains("jobcache_cache_store_up{tier=\"caffeine\"} NaN")
                .contains("jobcache_cache_evictions_total{tier=\"caffeine\"} 5.0");
    }

    private static List<String> bucketBounds(String scrape, String series) {
        String first = scrape.lines().filter(l -> l.startsWith(series)).findFirst().orElseThrow();
        String labelsBeforeLe = first.substring(0, first.indexOf(",le="));
        return scrape.lines().filter(l -> l.startsWith(labelsBeforeLe + ",le="))
                .map(l -> l.substring(l.indexOf(",le=\"") + 5, l.indexOf("\"}")))
                .toList();
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
