package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.MalformedCursor;
import dev.jobcache.domain.cache.StoreFailure;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.testkit.fake.FaultyCacheStore;
import dev.jobcache.testkit.fake.InMemoryCacheStore;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.fake.RecordingCacheMetrics;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static dev.jobcache.testkit.fixture.Keys.key;
import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Specification of {@link FailOpenCacheStore}: failures become misses, and a failed invalidation never leaves stale data served. */
class FailOpenCacheStoreTest {

    private static final Tag JOB = Tag.of("job:1");

    private final MutableClock clock = new MutableClock();
    private final RecordingCacheMetrics metrics = new RecordingCacheMetrics();
    private final InMemoryCacheStore backing = new InMemoryCacheStore(clock);
    private final FaultyCacheStore faulty = new FaultyCacheStore(backing);
    private final FailOpenCacheStore store = new FailOpenCacheStore(faulty, metrics, "memory", clock);

    @Test
    void turnsAFailedReadIntoAMissAndAnErrorMetric() {
        store.put(key("k"), aCachedResponse().build(), Set.of(JOB));
        faulty.failAll();

        assertThat(store.get(key("k"))).isEmpty();
        assertThat(metrics.events(CacheOutcome.ERROR)).hasSize(1);
    }

    @Test
    void namesTheOperationThatFailed() {
        // failures that reach only their own call, so that the store is not left alone after the first
        faulty.failAllWith(new StoreFailure("timed out", StoreFailure.Reach.CALL, null));

        store.get(key("k"));
        store.put(key("k"), aCachedResponse().build(), Set.of(JOB));
        store.invalidateTags(Set.of(JOB));

        assertThat(metrics.events(CacheOutcome.ERROR)).extracting(CacheEvent::reason)
                .containsExactly("get", "put", "invalidateTags");
    }

    @Test
    void countsWhatIsOwedUntilTheStoreHasAppliedIt() {
        faulty.failAll();
        store.invalidateTags(Set.of(JOB, Tag.of("job:2")));
        store.invalidate(key("k"));
        long owedWhileFailing = store.owedInvalidations();
        faulty.recover();
        clock.advance(FailOpenCacheStore.RETRY_INTERVAL);
        store.get(key("k"));

        assertThat(owedWhileFailing).as("two tags and a key").isEqualTo(3);
        assertThat(store.owedInvalidations()).isZero();
    }

    @Test
    void appliesTheOwedInvalidationOnceTheStoreAnswersAgain() {
        store.put(key("k"), aCachedResponse().build(), Set.of(JOB));
        faulty.failAll();
        store.invalidateTags(Set.of(JOB));
        faulty.recover();
        clock.advance(FailOpenCacheStore.RETRY_INTERVAL);

        boolean servedStale = store.get(key("k")).isPresent();

        assertThat(servedStale).isFalse();
        assertThat(backing.get(key("k"))).isEmpty();
    }

    @Test
    void servesNothingWhileAnInvalidationIsOwedEvenIfReadsWouldWork() {
        store.put(key("k"), aCachedResponse().build(), Set.of(JOB));
        faulty.failAll();
        store.invalidateTags(Set.of(JOB));
        faulty.recover();

        boolean servedStale = store.get(key("k")).isPresent();

        assertThat(servedStale).isFalse();
        assertThat(backing.get(key("k"))).as("not yet applied: the store is left alone after a failure").isPresent();
    }

    @Test
    void servesNothingLocallyWhileAnInvalidationIsOwedAndNeverRetriesItThere() {
        store.put(key("k"), aCachedResponse().build(), Set.of(JOB));
        faulty.failAll();
        store.invalidateTags(Set.of(JOB));
        faulty.recover();
        clock.advance(FailOpenCacheStore.RETRY_INTERVAL);

        boolean servedStale = store.getLocal(key("k")).isPresent();

        assertThat(servedStale).isFalse();
        assertThat(backing.get(key("k"))).as("retrying is I/O: left to a read that may block").isPresent();
    }

    @Test
    void turnsAFailedLocalReadIntoAMissAndAnErrorMetric() {
        store.put(key("k"), aCachedResponse().build(), Set.of(JOB));
        faulty.failAll();

        assertThat(store.getLocal(key("k"))).isEmpty();
        assertThat(metrics.events(CacheOutcome.ERROR)).hasSize(1);
    }

    @Test
    void leavesAFailedStoreAloneForTheRestOfTheRequest() {
        faulty.failAll();
        store.get(key("k"));

        long generation = store.generation(key("k"), Set.of(JOB));
        boolean stored = store.putIfUnchanged(key("k"), aCachedResponse().build(), Set.of(JOB), generation);

        assertThat(stored).isFalse();
        assertThat(metrics.events(CacheOutcome.ERROR)).as("one failure paid, not three").hasSize(1);
    }

    @Test
    void storesNothingWhileAnInvalidationIsOwedAndTheStoreStillFails() {
        faulty.failAll();
        store.invalidate(key("k"));
        long generation = store.generation(key("k"), Set.of(JOB));

        boolean stored = store.putIfUnchanged(key("k"), aCachedResponse().build(), Set.of(JOB), generation);

        assertThat(stored).isFalse();
    }

    @Test
    void doesNotTouchAFailingStoreBetweenRetries() {
        faulty.failAll();
        store.clear();
        store.get(key("k"));
        int errorsAfterFirstRetry = metrics.events(CacheOutcome.ERROR).size();

        store.get(key("k"));
        store.get(key("k"));

        assertThat(metrics.events(CacheOutcome.ERROR)).hasSize(errorsAfterFirstRetry);
        clock.advance(FailOpenCacheStore.RETRY_INTERVAL);
        store.get(key("k"));
        assertThat(metrics.events(CacheOutcome.ERROR)).hasSize(errorsAfterFirstRetry + 1);
    }

    @Test
    void servesAgainOnceEveryOwedInvalidationIsApplied() {
        faulty.failAll();
        store.clear();
        faulty.recover();
        clock.advance(FailOpenCacheStore.RETRY_INTERVAL);
        store.put(key("k"), aCachedResponse().build(), Set.of(JOB));

        assertThat(store.get(key("k"))).isPresent();
    }

    @Test
    void passesAMalformedCursorOnAndKeepsServingAsAnArgumentErrorIsNoOutage() {
        store.put(key("k"), aCachedResponse().build(), Set.of(JOB));

        assertThatThrownBy(() -> store.scanKeys(KeyPattern.ALL, Optional.of("abc"), 10))
                .isInstanceOf(MalformedCursor.class);

        assertThat(store.get(key("k"))).as("the store is not left alone").isPresent();
        assertThat(metrics.events(CacheOutcome.ERROR)).isEmpty();
    }

    @Test
    void keepsServingOtherCallsAfterAFailureThatReachesOnlyItsOwnCall() {
        store.put(key("k"), aCachedResponse().build(), Set.of(JOB));
        faulty.failNextCallWith(new StoreFailure("timed out under load", StoreFailure.Reach.CALL, null));

        boolean servedToTheFirst = store.get(key("k")).isPresent();
        boolean servedToTheNext = store.get(key("k")).isPresent();

        assertThat(servedToTheFirst).isFalse();
        assertThat(servedToTheNext).as("at the same moment: the store's own breaker judges the failure rate").isTrue();
        assertThat(metrics.events(CacheOutcome.ERROR)).hasSize(1);
    }

    @Test
    void leavesAStoreThatCannotBeReachedAloneUntilTheRetryInterval() {
        store.put(key("k"), aCachedResponse().build(), Set.of(JOB));
        faulty.failNextCallWith(new StoreFailure("connection refused", StoreFailure.Reach.STORE, null));
        store.get(key("k"));

        boolean servedRightAfter = store.get(key("k")).isPresent();
        clock.advance(FailOpenCacheStore.RETRY_INTERVAL);
        boolean servedAfterTheInterval = store.get(key("k")).isPresent();

        assertThat(servedRightAfter).isFalse();
        assertThat(servedAfterTheInterval).isTrue();
    }

    @Test
    void retriesAnOwedInvalidationAtMostOncePerIntervalWhenEveryAttemptFailsFast() {
        faulty.failAllWith(new StoreFailure("too many commands in flight", StoreFailure.Reach.CALL, null));
        store.invalidateTags(Set.of(JOB));
        int errorsWhenOwed = metrics.events(CacheOutcome.ERROR).size();

        for (int read = 0; read < 50; read++) {
            store.get(key("k"));
        }
        int errorsRightAfter = metrics.events(CacheOutcome.ERROR).size();
        clock.advance(FailOpenCacheStore.RETRY_INTERVAL);
        for (int read = 0; read < 50; read++) {
            store.get(key("k"));
        }
        int errorsAfterTheInterval = metrics.events(CacheOutcome.ERROR).size();

        assertThat(errorsWhenOwed).isEqualTo(1);
        assertThat(errorsRightAfter).as("no retry before the interval, though the failure reached only its call").isEqualTo(1);
        assertThat(errorsAfterTheInterval).as("one retry per interval, not one per read").isEqualTo(2);
    }
}
