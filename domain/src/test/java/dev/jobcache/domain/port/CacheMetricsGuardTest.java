package dev.jobcache.domain.port;

import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheTier;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.MetricsSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Specification of {@link CacheMetrics#guarded}: counting never fails a caller, and a failure is reported once. */
class CacheMetricsGuardTest {

    private static final CacheEvent HIT = CacheEvent.of("/jobs", CacheTier.of("caffeine"), CacheOutcome.HIT, Duration.ofMillis(1));

    private final List<RuntimeException> reported = new ArrayList<>();

    @Test
    void swallowsEveryFailureAndReportsOnlyTheFirst() {
        CacheMetrics guarded = CacheMetrics.guarded(new Broken(), reported::add);

        assertThatCode(() -> {
            guarded.record(HIT);
            guarded.record(HIT);
        }).doesNotThrowAnyException();
        MetricsSnapshot snapshot = guarded.snapshot();

        assertThat(snapshot.lines()).isEmpty();
        assertThat(reported).singleElement().extracting(Throwable::getMessage).isEqualTo("metrics sink down");
    }

    @Test
    void passesEventsAndSnapshotsThroughWhileTheMetricsWork() {
        List<CacheEvent> recorded = new ArrayList<>();
        MetricsSnapshot expected = new MetricsSnapshot(List.of(
                new MetricsSnapshot.Line("/jobs", CacheTier.of("caffeine"), CacheOutcome.HIT, 1, Duration.ofMillis(1))));
        CacheMetrics guarded = CacheMetrics.guarded(new CacheMetrics() {
            @Override
            public void record(CacheEvent event) {
                recorded.add(event);
            }

            @Override
            public MetricsSnapshot snapshot() {
                return expected;
            }
        }, reported::add);

        guarded.record(HIT);

        assertThat(recorded).containsExactly(HIT);
        assertThat(guarded.snapshot()).isEqualTo(expected);
        assertThat(reported).isEmpty();
    }

    @Test
    void guardsOnceHoweverOftenItIsAskedTo() {
        CacheMetrics once = CacheMetrics.guarded(new Broken(), reported::add);

        assertThat(CacheMetrics.guarded(once, reported::add)).isSameAs(once);
    }

    @Test
    void aReportThatFailsIsSwallowedToo() {
        CacheMetrics guarded = CacheMetrics.guarded(new Broken(), e -> {
            throw new IllegalStateException("the logger is down as well");
        });

        assertThatCode(() -> guarded.record(HIT)).doesNotThrowAnyException();
    }

    private static final class Broken implements CacheMetrics {

        @Override
        public void record(CacheEvent event) {
            throw new IllegalStateException("metrics sink down");
        }

        @Override
        public MetricsSnapshot snapshot() {
            throw new IllegalStateException("metrics sink down");
        }
    }
}
