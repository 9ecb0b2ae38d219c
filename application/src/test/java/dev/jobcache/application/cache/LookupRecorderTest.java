package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheTier;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.fake.RecordingCacheMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Specification of {@link LookupRecorder}: one metric event per decision, timed from the lookup's start. */
class LookupRecorderTest {

    private static final CachePolicy JOBS = RoutePolicies.defaults(Duration.ofSeconds(300), Duration.ZERO, Map.of())
            .match("/jobs").policy();

    private final MutableClock clock = new MutableClock();
    private final RecordingCacheMetrics metrics = new RecordingCacheMetrics();
    private final LookupRecorder recorder = new LookupRecorder(metrics, CacheSettings.defaults("caffeine"), clock);

    @ParameterizedTest
    @EnumSource(value = CacheOutcome.class, names = {"HIT", "MISS", "STALE", "BYPASS"})
    void recordsTheDecisionForTheRouteAndTierWithTheTimeSinceTheLookupBegan(CacheOutcome outcome) {
        long started = clock.nanoTime();
        clock.advance(Duration.ofMillis(3));

        recorder.record(JOBS, null, outcome, started);

        assertThat(metrics.events(outcome)).singleElement()
                .isEqualTo(new CacheEvent("/jobs", CacheTier.of("caffeine"), outcome, 1, Duration.ofMillis(3)));
    }

    @Test
    void recordsAStoreWithoutALatency() {
        recorder.stored(JOBS);

        assertThat(metrics.events(CacheOutcome.STORE)).singleElement()
                .isEqualTo(new CacheEvent("/jobs", CacheTier.of("caffeine"), CacheOutcome.STORE, 1, Duration.ZERO));
    }

    @Test
    void logsAKeyByItsDigestOnlyNeverByWhoAsked() {
        assertThat(LookupRecorder.digestOf(new CacheKey("GET:/jobs:user=alice:json:3f9a21"))).isEqualTo("3f9a21");
        assertThat(LookupRecorder.digestOf(null)).isEqualTo("-");
    }
}
