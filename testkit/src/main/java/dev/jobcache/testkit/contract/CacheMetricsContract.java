package dev.jobcache.testkit.contract;

import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.MetricsSnapshot;
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

/**
 * What every {@link CacheMetrics} promises: a snapshot counts recorded events per route, tier and outcome with their
 * total latency, a line's count adds up the events' counts, and {@link CacheMetrics#record} never throws.
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
        metrics.record(CacheEvent.of("/jobs", "l1", CacheOutcome.HIT, Duration.ofMillis(1)));
        metrics.record(CacheEvent.of("/jobs", "l1", CacheOutcome.HIT, Duration.ofMillis(2)));
        metrics.record(CacheEvent.of("/jobs", "l2", CacheOutcome.HIT, Duration.ofMillis(5)));
        metrics.record(CacheEvent.of("/jobs", "origin", CacheOutcome.MISS, Duration.ofMillis(40)));
        metrics.record(CacheEvent.of("/health", "l1", CacheOutcome.HIT, Duration.ofMillis(1)));

        MetricsSnapshot snapshot = metrics.snapshot();

        assertThat(snapshot.count("/jobs", CacheOutcome.HIT)).isEqualTo(3);
        assertThat(snapshot.count("/jobs", CacheOutcome.MISS)).isEqualTo(1);
        assertThat(snapshot.count("/health", CacheOutcome.HIT)).isEqualTo(1);
        assertThat(snapshot.total(CacheOutcome.HIT)).isEqualTo(4);
        assertThat(snapshot.lines()).contains(
                new MetricsSnapshot.Line("/jobs", "l1", CacheOutcome.HIT, 2, Duration.ofMillis(3)),
                new MetricsSnapshot.Line("/jobs", "l2", CacheOutcome.HIT, 1, Duration.ofMillis(5)));
    }

    @Test
    public void countsAnInvalidationByTheEntriesItRemoved() {
        metrics.record(new CacheEvent("*", "redis", CacheOutcome.INVALIDATION, 5, Duration.ZERO));
        metrics.record(new CacheEvent("*", "redis", CacheOutcome.INVALIDATION, 2, Duration.ZERO));

        MetricsSnapshot snapshot = metrics.snapshot();

        assertThat(snapshot.total(CacheOutcome.INVALIDATION)).isEqualTo(7);
    }

    @Test
    public void recordNeverThrowsEvenForExtremeValues() {
        List<CacheEvent> extreme = List.of(
                new CacheEvent("*", "caffeine", CacheOutcome.EVICTION, Long.MAX_VALUE, Duration.ofSeconds(Long.MAX_VALUE)),
                new CacheEvent("*", "caffeine", CacheOutcome.EVICTION, Long.MAX_VALUE, Duration.ofSeconds(Long.MAX_VALUE)),
                new CacheEvent("", "", CacheOutcome.ERROR, 0, Duration.ZERO));

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
                metrics.record(CacheEvent.of("/jobs", "l1", CacheOutcome.HIT, Duration.ofNanos(1)));
            }
        })));
        running.forEach(CompletableFuture::join);

        assertThat(metrics.snapshot().count("/jobs", CacheOutcome.HIT)).isEqualTo((long) threads * perThread);
    }
}
