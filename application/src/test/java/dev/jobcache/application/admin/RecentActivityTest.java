package dev.jobcache.application.admin;

import dev.jobcache.application.cache.RoutePolicies;
import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.CacheTier;
import dev.jobcache.domain.cache.StoreOperation;
import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.fake.RecordingCacheMetrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Specification of {@link RecentActivity}: the cache's figures per second and per interval, counted from each
 * interval's own events, so that what happened lately is not drowned by everything since start.
 */
class RecentActivityTest {

    private static final CacheTier CAFFEINE = CacheTier.of("caffeine");
    private static final Duration HIT_TIME = Duration.ofMillis(1);
    private static final Duration MISS_TIME = Duration.ofMillis(100);

    private final MutableClock clock = new MutableClock();
    private final RecentActivity recent = new RecentActivity(clock);

    @Test
    void showsABurstOfMissesAsADipInItsOwnSecond() {
        steadyHits(3, 30);
        lookups(CacheOutcome.MISS, 60, MISS_TIME);
        nextSecond();
        steadyHits(3, 30);

        List<Interval> seconds = recent.eachOfLast(7);

        assertThat(seconds).extracting(second -> second.hitRatio().orElseThrow())
                .containsExactly(1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0);
        assertThat(seconds.get(3).misses()).isEqualTo(60);
    }

    @Test
    void movesTheLast10SecondsByABurstOfMissesFarMoreThanTheLast5Minutes() {
        steadyHits(300, 30);
        lookups(CacheOutcome.MISS, 60, MISS_TIME);
        nextSecond();
        steadyHits(5, 30);

        double last10Seconds = recent.last(10).hitRatio().orElseThrow();
        double last5Minutes = recent.last(300).hitRatio().orElseThrow();

        // 9 seconds of 30 hits and the burst's 60 misses; 299 seconds of 30 hits and the same 60 misses
        assertThat(last10Seconds).isCloseTo(270.0 / 330, within(1e-9));
        assertThat(last5Minutes).isCloseTo(8_970.0 / 9_030, within(1e-9));
        assertThat(recent.last(10).misses()).isEqualTo(recent.last(300).misses()).isEqualTo(60);
    }

    @Test
    void countsAnIntervalFromItsOwnSecondsNotSinceStart() {
        lookups(CacheOutcome.MISS, 500, MISS_TIME);
        nextSecond();
        steadyHits(310, 10);

        Interval last5Minutes = recent.last(300);

        assertThat(last5Minutes.misses()).as("the misses of the first second have left the window").isZero();
        assertThat(last5Minutes.hitRatio()).hasValue(1.0);
        assertThat(last5Minutes.hits()).isEqualTo(3_000);
        assertThat(last5Minutes.origin().measured()).isFalse();
    }

    @Test
    void leavesTheSecondUnderWayOutUntilItIsOver() {
        lookups(CacheOutcome.HIT, 10, HIT_TIME);

        Interval before = recent.last(10);
        nextSecond();
        Interval after = recent.last(10);

        assertThat(before.lookups()).isZero();
        assertThat(before.hitRatio()).isEmpty();
        assertThat(after.lookups()).isEqualTo(10);
    }

    @Test
    void coversOnlyTheSecondsSinceStartAndGivesItsRateOverThose() {
        steadyHits(4, 30);

        Interval lastMinute = recent.last(60);

        assertThat(lastMinute.seconds()).isEqualTo(4);
        assertThat(lastMinute.requestsPerSecond()).hasValue(30.0);
        assertThat(recent.eachOfLast(60)).hasSize(4);
        assertThat(new RecentActivity(clock).last(10).requestsPerSecond()).as("no second is over yet").isEmpty();
    }

    @Test
    void givesTheMeanAndPercentilesOfTheIntervalsOwnLatencies() {
        // an old slow minute, then one second of 100 hits taking 1 to 100 ms
        for (int i = 0; i < 60; i++) {
            lookups(CacheOutcome.HIT, 10, Duration.ofSeconds(2));
            nextSecond();
        }
        for (int millis = 1; millis <= 100; millis++) {
            record(CacheOutcome.HIT, Duration.ofMillis(millis));
        }
        nextSecond();

        Interval.Latency cached = recent.last(1).cached();
        Interval.Latency lastMinute = recent.last(60).cached();

        assertThat(cached.count()).isEqualTo(100);
        assertThat(cached.mean()).isEqualTo(Duration.ofNanos(50_500_000));
        assertThat(cached.p95().toNanos() / 1e6).isCloseTo(95, within(95 * 0.25));
        assertThat(cached.p99().toNanos() / 1e6).isCloseTo(99, within(99 * 0.25));
        assertThat(cached.p99()).isLessThanOrEqualTo(cached.max()).isGreaterThan(cached.p95());
        assertThat(cached.max()).isEqualTo(Duration.ofMillis(100));
        assertThat(lastMinute.p95()).as("59 seconds of 2 s hits are in the minute").isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void neverPutsAPercentileAboveTheSlowestLatencyMeasured() {
        record(CacheOutcome.MISS, Duration.ofMillis(40));
        nextSecond();

        Interval.Latency origin = recent.last(10).origin();

        assertThat(origin.p95()).isEqualTo(origin.p99()).isEqualTo(origin.max()).isEqualTo(Duration.ofMillis(40));
    }

    @Test
    void timesAnswersFromTheCacheApartFromMissesAndLeavesUnmeasuredLatenciesOut() {
        record(CacheOutcome.HIT, Duration.ofMillis(2));
        record(CacheOutcome.STALE, Duration.ofMillis(4));
        record(CacheOutcome.MISS, Duration.ofMillis(300));
        record(CacheOutcome.HIT, Duration.ZERO);
        nextSecond();

        Interval second = recent.last(1);

        assertThat(second.hits()).isEqualTo(2);
        assertThat(second.stale()).isEqualTo(1);
        assertThat(second.hitRatio()).hasValue(0.75);
        assertThat(second.cached().count()).as("the zero latency was not measured").isEqualTo(2);
        assertThat(second.cached().mean()).isEqualTo(Duration.ofMillis(3));
        assertThat(second.origin().count()).isEqualTo(1);
        assertThat(second.origin().mean()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void countsBypassErrorsStoresAndEvictionsButNotTheAdminsOwnRequestsNorTheBus() {
        recent.record(CacheEvent.of("/jobs", CAFFEINE, CacheOutcome.BYPASS, HIT_TIME));
        recent.record(CacheEvent.of(RoutePolicies.ADMIN, CAFFEINE, CacheOutcome.BYPASS, HIT_TIME));
        recent.record(CacheEvent.storeFailure(CAFFEINE, StoreOperation.GET));
        recent.record(CacheEvent.unpublished("job-created"));
        recent.record(CacheEvent.of("/jobs", CAFFEINE, CacheOutcome.STORE, Duration.ZERO));
        recent.record(new CacheEvent(CacheEvent.STORE_WIDE, CAFFEINE, CacheOutcome.EVICTION, 1, Duration.ZERO));
        recent.record(CacheEvent.invalidation("admin", CAFFEINE, 7));
        record(CacheOutcome.MISS, MISS_TIME);
        nextSecond();

        Interval second = recent.last(1);

        assertThat(second.bypass()).isEqualTo(1);
        assertThat(second.errors()).isEqualTo(1);
        assertThat(second.stores()).isEqualTo(1);
        assertThat(second.evictions()).isEqualTo(1);
        assertThat(second.errorRate()).as("one failure in a lookup and a store").isEqualTo(0.5);
        assertThat(second.requestsPerSecond()).hasValue(2.0);
    }

    @Test
    void tellsTheNearCachesAnswersFromThoseReadFromTheSharedStore() {
        CacheTier twoTier = CacheTier.of("two-tier");
        for (int i = 0; i < 3; i++) {
            recent.record(CacheEvent.of("/jobs", CacheTier.L1, CacheOutcome.HIT, Duration.ZERO));
            recent.record(CacheEvent.of("/jobs", twoTier, CacheOutcome.HIT, HIT_TIME));
        }
        recent.record(CacheEvent.of("/jobs", CacheTier.L1, CacheOutcome.MISS, Duration.ZERO));
        recent.record(CacheEvent.of("/jobs", twoTier, CacheOutcome.HIT, HIT_TIME));
        recent.record(CacheEvent.of("/jobs", CacheTier.L1, CacheOutcome.MISS, Duration.ZERO));
        recent.record(CacheEvent.of("/jobs", twoTier, CacheOutcome.MISS, MISS_TIME));
        nextSecond();

        Interval second = recent.last(1);

        assertThat(second.lookups()).as("the L1's probes are inside the lookups, not more of them").isEqualTo(5);
        assertThat(second.l1Hits()).isEqualTo(3);
        assertThat(second.l2Hits()).isEqualTo(1);
    }

    @Test
    void forgetsASecondOnceTheRingHasComeRoundToItsSlot() {
        lookups(CacheOutcome.MISS, 50, MISS_TIME);
        // a whole turn of the ring with nothing recorded: the slot of the second now due still holds the old one
        clock.advance(Duration.ofSeconds(RecentActivity.SECONDS_KEPT + 2));
        nextSecond();

        assertThat(recent.last(RecentActivity.SECONDS_KEPT).lookups()).isZero();
        assertThat(recent.eachOfLast(10)).allSatisfy(second -> assertThat(second.lookups()).isZero());
    }

    @Test
    void countsWhatItIsRecordedBesideTheCountersSinceStart() {
        RecordingCacheMetrics sinceStart = new RecordingCacheMetrics();
        CacheMetrics both = recent.besides(sinceStart);

        both.record(CacheEvent.of("/jobs", CAFFEINE, CacheOutcome.HIT, HIT_TIME));
        nextSecond();

        assertThat(recent.last(1).hits()).isEqualTo(1);
        assertThat(both.snapshot().total(CacheOutcome.HIT)).isEqualTo(1);
    }

    @Test
    void refusesAnIntervalItDoesNotKeep() {
        assertThatThrownBy(() -> recent.last(RecentActivity.SECONDS_KEPT + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> recent.eachOfLast(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private void steadyHits(int seconds, int perSecond) {
        for (int i = 0; i < seconds; i++) {
            lookups(CacheOutcome.HIT, perSecond, HIT_TIME);
            nextSecond();
        }
    }

    private void lookups(CacheOutcome outcome, int count, Duration latency) {
        for (int i = 0; i < count; i++) {
            record(outcome, latency);
        }
    }

    private void record(CacheOutcome outcome, Duration latency) {
        recent.record(CacheEvent.of("/jobs/{id}", CAFFEINE, outcome, latency));
    }

    private void nextSecond() {
        clock.advance(Duration.ofSeconds(1));
    }
}
