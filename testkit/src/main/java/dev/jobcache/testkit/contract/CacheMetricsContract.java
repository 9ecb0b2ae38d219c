package dev.jobcache.testkit.contract;

import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheTier;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.MetricsSnapshot;
import dev.jobcache.domain.cache.StoreOperation;
import dev.jobcache.domain.port.CacheMetrics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What every {@link CacheMetrics} promises: a snapshot counts recorded events per route, tier and outcome with their
 * total latency and approximate p50/p95/p99 of the measured (non-zero) latencies, a line's count adds up the
 * events' counts, and {@link CacheMetrics#record} never throws.
 */
public abstract class CacheMetricsContract {

    protected CacheMetrics metrics;

    /** A new metrics with nothing recorded. Called before each test. */
    protected abstract CacheMetrics newMetrics();

    @BeforeEach
    protected final void createMetrics() {
        metrics = newMetrics();
    }

    @Test
    public void snapshotOfNothingRecordedCountsNothing() {
        MetricsSnapshot snapshot = metrics.snapshot();

        assertThat(snapshot.total(CacheOutcome.HIT)).isZero();
        assertThat(snapshot.total(CacheOutcome.MISS)).isZero();
    }

    @Test
    public void snapshotCountsRecordedEventsPerRouteTierAndOutcome() {
        metrics.record(CacheEvent.of("/jobs", CacheTier.of("l1"), CacheOutcome.HIT, Duration.ofMillis(1)));
        metrics.record(CacheEvent.of("/jobs", CacheTier.of("l1"), CacheOutcome.HIT, Duration.ofMillis(2)));
        metrics.record(CacheEvent.of("/jobs", CacheTier.of("l2"), CacheOutcome.HIT, Duration.ofMillis(5)));
        metrics.record(CacheEvent.of("/jobs", CacheTier.of("origin"), CacheOutcome.MISS, Duration.ofMillis(40)));
        metrics.record(CacheEvent.of("/health", CacheTier.of("l1"), CacheOutcome.HIT, Duration.ofMillis(1)));

        MetricsSnapshot snapshot = metrics.snapshot();

        assertThat(snapshot.count("/jobs", CacheOutcome.HIT)).isEqualTo(3);
        assertThat(snapshot.count("/jobs", CacheOutcome.MISS)).isEqualTo(1);
        assertThat(snapshot.count("/health", CacheOutcome.HIT)).isEqualTo(1);
        assertThat(snapshot.total(CacheOutcome.HIT)).isEqualTo(4);
        // compared without the percentiles: their precision is each implementation's own
        assertThat(snapshot.lines())
                .extracting(MetricsSnapshot.Line::route, MetricsSnapshot.Line::tier, MetricsSnapshot.Line::outcome,
                        MetricsSnapshot.Line::count, MetricsSnapshot.Line::totalLatency)
                .contains(tuple("/jobs", CacheTier.of("l1"), CacheOutcome.HIT, 2L, Duration.ofMillis(3)),
                        tuple("/jobs", CacheTier.of("l2"), CacheOutcome.HIT, 1L, Duration.ofMillis(5)));
    }

    @Test
    public void reportsLatencyPercentilesOfALineInOrderWithinTenPercent() {
        for (int millis = 1; millis <= 100; millis++) {
            metrics.record(CacheEvent.of("/jobs", CacheTier.of("l2"), CacheOutcome.HIT, Duration.ofMillis(millis)));
        }

        MetricsSnapshot.Percentiles percentiles = line(metrics.snapshot(), "/jobs", "l2", CacheOutcome.HIT).percentiles();

        assertThat(percentiles.known()).isTrue();
        assertThat(percentiles.p50()).isBetween(Duration.ofMillis(45), Duration.ofMillis(55));
        assertThat(percentiles.p95()).isBetween(Duration.ofMillis(85), Duration.ofMillis(105));
        assertThat(percentiles.p99()).isBetween(Duration.ofMillis(89), Duration.ofMillis(109));
        assertThat(percentiles.p50()).isLessThanOrEqualTo(percentiles.p95());
        assertThat(percentiles.p95()).isLessThanOrEqualTo(percentiles.p99());
    }

    @Test
    public void percentilesAreUnknownWhenNoLatencyWasMeasured() {
        metrics.record(CacheEvent.of("/jobs", CacheTier.of("l1"), CacheOutcome.HIT, Duration.ZERO));
        metrics.record(CacheEvent.invalidation("admin", CacheTier.of("redis"), 3));

        MetricsSnapshot snapshot = metrics.snapshot();

        assertThat(line(snapshot, "/jobs", "l1", CacheOutcome.HIT).percentiles().known()).isFalse();
        assertThat(invalidations(snapshot, "admin", "redis").percentiles().known()).isFalse();
    }

    @Test
    public void keepsAnInvalidationsReasonApartFromTheRoutes() {
        metrics.record(CacheEvent.invalidation("admin", CacheTier.of("redis"), 3));
        metrics.record(CacheEvent.invalidation("job-deleted", CacheTier.of("redis"), 2));
        metrics.record(CacheEvent.unpublished("job-deleted"));

        MetricsSnapshot snapshot = metrics.snapshot();

        assertThat(invalidations(snapshot, "admin", "redis").count()).isEqualTo(3);
        assertThat(invalidations(snapshot, "job-deleted", "redis").count()).isEqualTo(2);
        assertThat(invalidations(snapshot, "admin", "redis").route()).isEqualTo(CacheEvent.STORE_WIDE);
        assertThat(snapshot.lines()).filteredOn(l -> l.tier().equals(CacheTier.BUS))
                .singleElement().satisfies(l -> {
                    assertThat(l.outcome()).isEqualTo(CacheOutcome.ERROR);
                    assertThat(l.reason()).isEqualTo("job-deleted");
                });
    }

    @Test
    public void countsStoreFailuresByOperationAndWaitsAndRefreshesByOutcome() {
        metrics.record(CacheEvent.storeFailure(CacheTier.of("redis"), StoreOperation.GET));
        metrics.record(CacheEvent.storeFailure(CacheTier.of("redis"), StoreOperation.GET));
        metrics.record(CacheEvent.storeFailure(CacheTier.of("redis"), StoreOperation.INVALIDATE_TAGS));
        metrics.record(CacheEvent.of("/jobs", CacheTier.of("redis"), CacheOutcome.WAIT, Duration.ZERO));
        metrics.record(CacheEvent.of("/user/me", CacheTier.of("redis"), CacheOutcome.WAIT, Duration.ZERO));
        metrics.record(CacheEvent.of("/health", CacheTier.of("redis"), CacheOutcome.REFRESH, Duration.ZERO));

        MetricsSnapshot snapshot = metrics.snapshot();

        assertThat(snapshot.total(CacheOutcome.ERROR)).isEqualTo(3);
        assertThat(snapshot.lines()).filteredOn(l -> l.outcome() == CacheOutcome.ERROR)
                .extracting(MetricsSnapshot.Line::reason, MetricsSnapshot.Line::count)
                .containsExactlyInAnyOrder(tuple("get", 2L), tuple("invalidateTags", 1L));
        assertThat(snapshot.total(CacheOutcome.WAIT)).isEqualTo(2);
        assertThat(snapshot.total(CacheOutcome.REFRESH)).isEqualTo(1);
    }

    @Test
    public void countsAnInvalidationByTheEntriesItRemoved() {
        metrics.record(CacheEvent.invalidation("job-deleted", CacheTier.of("redis"), 5));
        metrics.record(CacheEvent.invalidation("job-deleted", CacheTier.of("redis"), 2));

        MetricsSnapshot snapshot = metrics.snapshot();

        assertThat(snapshot.total(CacheOutcome.INVALIDATION)).isEqualTo(7);
    }

    @Test
    public void recordNeverThrowsEvenForExtremeValues() {
        List<CacheEvent> extreme = List.of(
                new CacheEvent("*", CacheTier.of("caffeine"), CacheOutcome.EVICTION, Long.MAX_VALUE, Duration.ofSeconds(Long.MAX_VALUE)),
                new CacheEvent("*", CacheTier.of("caffeine"), CacheOutcome.EVICTION, Long.MAX_VALUE, Duration.ofSeconds(Long.MAX_VALUE)),
                new CacheEvent("", CacheTier.BUS, CacheOutcome.ERROR, 0, Duration.ZERO, ""));

        assertThatCode(() -> extreme.forEach(metrics::record)).doesNotThrowAnyException();
        assertThatCode(metrics::snapshot).doesNotThrowAnyException();
    }

    @Test
    public void recordNeverThrowsForExtremeLatenciesOfLookups() {
        List<CacheEvent> extreme = List.of(
                CacheEvent.of("/jobs", CacheTier.of("l2"), CacheOutcome.HIT, Duration.ofSeconds(Long.MAX_VALUE)),
                CacheEvent.of("/jobs", CacheTier.of("l2"), CacheOutcome.HIT, Duration.ofNanos(1)),
                CacheEvent.of("/jobs", CacheTier.of("l2"), CacheOutcome.MISS, Duration.ofMillis(-5)));

        assertThatCode(() -> extreme.forEach(metrics::record)).doesNotThrowAnyException();
        assertThatCode(metrics::snapshot).doesNotThrowAnyException();
    }

    @Test
    public void countsEveryEventRecordedConcurrently() {
        int threads = 4;
        int perThread = 1_000;

        List<CompletableFuture<Void>> running = new ArrayList<>();
        IntStream.range(0, threads).forEach(t -> running.add(CompletableFuture.runAsync(() -> {
            for (int i = 0; i < perThread; i++) {
                metrics.record(CacheEvent.of("/jobs", CacheTier.of("l1"), CacheOutcome.HIT, Duration.ofNanos(1)));
            }
        })));
        running.forEach(CompletableFuture::join);

        assertThat(metrics.snapshot().count("/jobs", CacheOutcome.HIT)).isEqualTo((long) threads * perThread);
    }

    private static MetricsSnapshot.Line invalidations(MetricsSnapshot snapshot, String reason, String tier) {
        return snapshot.lines().stream()
                .filter(l -> l.outcome() == CacheOutcome.INVALIDATION && l.reason().equals(reason)
                        && l.tier().name().equals(tier))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no invalidations for " + reason + " in " + tier + " in " + snapshot));
    }

    private static MetricsSnapshot.Line line(MetricsSnapshot snapshot, String route, String tier, CacheOutcome outcome) {
        return snapshot.lines().stream()
                .filter(l -> l.route().equals(route) && l.tier().name().equals(tier) && l.outcome() == outcome)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line " + route + " " + tier + " " + outcome + " in " + snapshot));
    }
}
