package dev.jobcache.adapters.caffeine;

import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.ConsistencyToken;
import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.cache.InvalidationStamp;
import dev.jobcache.domain.cache.MetricsSnapshot;
import dev.jobcache.domain.cache.StoreHealth;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.testkit.fake.FaultyCacheStore;
import dev.jobcache.testkit.fake.FaultyCacheStore.InjectedFailure;
import dev.jobcache.testkit.fake.InMemoryCacheStore;
import dev.jobcache.testkit.fake.InMemoryInvalidationBus;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.fake.RecordingCacheMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.jobcache.testkit.fixture.Keys.key;
import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link NearCacheStore} does beyond {@link dev.jobcache.testkit.contract.CacheStoreContract}: L1 hits, coherence
 * across instances through the bus, lost messages and lost contact, L1 lifetimes, the fill race and the byte bound.
 * Two instances are two near-caches sharing one L2 and one bus, as two app instances share Redis.
 */
class NearCacheStoreTest {

    private static final long L1_MAX_BYTES = 1024 * 1024;
    private static final Duration L1_MAX_AGE = Duration.ofSeconds(30);
    private static final CacheKey KEY = key("GET:/jobs/{id}:user=alice:42");
    private static final Tag JOB_42 = Tag.of("job:42");
    private static final Tag JOB_7 = Tag.of("job:7");
    private static final CachedResponse RESPONSE = aCachedResponse().withTtl(Duration.ofSeconds(60)).build();

    private final MutableClock clock = new MutableClock();
    private final RecordingCacheMetrics metrics = new RecordingCacheMetrics();
    private final InMemoryCacheStore shared = new InMemoryCacheStore(clock);
    private final InMemoryInvalidationBus bus = new InMemoryInvalidationBus();
    private final List<NearCacheStore> instances = new ArrayList<>();
    private final ExecutorService reader = Executors.newSingleThreadExecutor();
    private final java.util.Map<NearCacheStore, Long> numbers = new java.util.HashMap<>();

    @AfterEach
    void closeInstances() {
        instances.forEach(NearCacheStore::close);
        reader.shutdownNow();
    }

    @Test
    void answersTheSecondReadFromL1WithoutTouchingL2() {
        FaultyCacheStore l2 = new FaultyCacheStore(shared);
        NearCacheStore here = instance(l2);
        shared.put(KEY, RESPONSE, Set.of(JOB_42));
        here.get(KEY);
        l2.failAll();

        Optional<CachedResponse> second = here.get(KEY);

        assertThat(second).contains(RESPONSE);
        assertThat(l1Events(CacheOutcome.MISS)).hasSize(1);
        assertThat(l1Events(CacheOutcome.HIT)).hasSize(1);
    }

    @Test
    void countsTheL1sHitsAndMissesByTheRouteTheirKeyNames() {
        NearCacheStore here = instance(shared);
        shared.put(KEY, RESPONSE, Set.of(JOB_42));

        here.get(KEY);
        here.get(KEY);
        here.getLocal(KEY);

        assertThat(l1Events(CacheOutcome.MISS)).extracting(CacheEvent::route).containsExactly("/jobs/{id}");
        assertThat(l1Events(CacheOutcome.HIT)).extracting(CacheEvent::route).containsExactly("/jobs/{id}", "/jobs/{id}");
    }

    @Test
    void aLocalReadAnswersFromL1AndNeverAsksL2() {
        FaultyCacheStore l2 = new FaultyCacheStore(shared);
        NearCacheStore here = instance(l2);
        shared.put(KEY, RESPONSE, Set.of(JOB_42));
        CacheKey notCopied = key("GET:/jobs/{id}:user=alice:7");
        shared.put(notCopied, RESPONSE, Set.of(JOB_7));
        here.get(KEY);
        l2.failAll();

        Optional<CachedResponse> copied = here.getLocal(KEY);
        Optional<CachedResponse> onlyInL2 = here.getLocal(notCopied);

        assertThat(copied).contains(RESPONSE);
        assertThat(onlyInL2).isEmpty();
        assertThat(l1Events(CacheOutcome.HIT)).hasSize(1);
    }

    @Test
    void aLocalReadServesNothingOutOfContact() {
        NearCacheStore here = instance(shared);
        here.put(KEY, RESPONSE, Set.of(JOB_42));

        bus.loseContact();

        assertThat(here.getLocal(KEY)).isEmpty();
        assertThat(here.get(KEY)).contains(RESPONSE);
    }

    @Test
    void answersAReadAfterItsOwnPutFromL1() {
        FaultyCacheStore l2 = new FaultyCacheStore(shared);
        NearCacheStore here = instance(l2);
        here.put(KEY, RESPONSE, Set.of(JOB_42));
        l2.failAll();

        Optional<CachedResponse> found = here.get(KEY);

        assertThat(found).contains(RESPONSE);
        assertThat(shared.get(KEY)).contains(RESPONSE);
    }

    @Test
    void letsAnL2FailureOnAnL1MissPropagate() {
        FaultyCacheStore l2 = new FaultyCacheStore(shared);
        NearCacheStore here = instance(l2);
        l2.failAll();

        assertThatThrownBy(() -> here.get(KEY)).isInstanceOf(InjectedFailure.class);
    }

    @Test
    void aTagInvalidationFromAnotherInstanceDropsTheCopyHere() {
        NearCacheStore here = instance(shared);
        NearCacheStore there = instance(shared);
        shared.put(KEY, RESPONSE, Set.of(JOB_42));
        here.get(KEY);

        invalidateOn(there, Invalidation.ofTags(Set.of(JOB_42), "job-status-changed"));

        assertThat(here.l1Usage().entries()).isZero();
        assertThat(here.get(KEY)).isEmpty();
    }

    @Test
    void aKeyInvalidationFromAnotherInstanceDropsTheCopyHere() {
        NearCacheStore here = instance(shared);
        NearCacheStore there = instance(shared);
        here.put(KEY, RESPONSE, Set.of(JOB_42));

        invalidateOn(there, Invalidation.ofKeys(Set.of(KEY), "admin"));

        assertThat(here.l1Usage().entries()).isZero();
        assertThat(here.get(KEY)).isEmpty();
    }

    @Test
    void aClearFromAnotherInstanceDropsEveryCopyHere() {
        NearCacheStore here = instance(shared);
        NearCacheStore there = instance(shared);
        here.put(KEY, RESPONSE, Set.of(JOB_42));
        here.put(key("GET:/health:public:h"), RESPONSE, Set.of());

        invalidateOn(there, Invalidation.all("admin-clear"));

        assertThat(here.l1Usage().entries()).isZero();
        assertThat(here.get(KEY)).isEmpty();
    }

    @Test
    void aCopyFromAPutSurvivesAnInvalidationOfOtherTags() {
        FaultyCacheStore l2 = new FaultyCacheStore(shared);
        NearCacheStore here = instance(l2);
        NearCacheStore there = instance(shared);
        here.put(KEY, RESPONSE, Set.of(JOB_42));

        invalidateOn(there, Invalidation.ofTags(Set.of(JOB_7), "job-status-changed"));
        l2.failAll();

        assertThat(here.get(KEY)).contains(RESPONSE);
    }

    /** A read of the L2 does not return the entry's tags, so the copy may carry any of them. */
    @Test
    void aCopyFromAReadIsDroppedByAnyTagInvalidation() {
        NearCacheStore here = instance(shared);
        NearCacheStore there = instance(shared);
        shared.put(KEY, RESPONSE, Set.of(JOB_42));
        here.get(KEY);

        invalidateOn(there, Invalidation.ofTags(Set.of(JOB_7), "job-status-changed"));

        assertThat(here.l1Usage().entries()).isZero();
        assertThat(here.get(KEY)).contains(RESPONSE);
    }

    @Test
    void aLostMessageLeavesAStaleCopyForAtMostTheL1MaxAge() {
        NearCacheStore here = instance(shared);
        NearCacheStore there = instance(shared);
        shared.put(KEY, RESPONSE, Set.of(JOB_42));
        here.get(KEY);
        bus.dropMessages();
        invalidateOn(there, Invalidation.ofTags(Set.of(JOB_42), "job-status-changed"));

        clock.advance(L1_MAX_AGE.minusMillis(1));
        Optional<CachedResponse> justBefore = here.get(KEY);
        clock.advance(Duration.ofMillis(1));
        Optional<CachedResponse> atMaxAge = here.get(KEY);

        assertThat(justBefore).contains(RESPONSE);
        assertThat(atMaxAge).isEmpty();
    }

    @Test
    void aReadCarryingTheWritersTokenIsAnsweredFromL2UntilTheWritesMessageArrives() {
        NearCacheStore here = instance(shared);
        NearCacheStore there = instance(shared);
        shared.put(KEY, RESPONSE, Set.of(JOB_42));
        here.get(KEY);
        bus.holdMessages();

        ConsistencyToken written = writeOn(there, Invalidation.ofTags(Set.of(JOB_42), "job-status-changed"));

        assertThat(here.get(KEY)).as("without the token: the copy the late message will drop").contains(RESPONSE);
        assertThat(here.reflects(written)).isFalse();
        assertThat(here.get(KEY, written)).as("with it: the L2, which has the write").isEmpty();
        assertThat(l1Events(CacheOutcome.BYPASS)).hasSize(1);

        bus.releaseHeld();

        assertThat(here.reflects(written)).isTrue();
        assertThat(here.get(KEY, written)).isEmpty();
    }

    @Test
    void aReadCarryingATokenTheL1ReflectsIsAnsweredFromL1() {
        FaultyCacheStore l2 = new FaultyCacheStore(shared);
        NearCacheStore here = instance(l2);
        NearCacheStore there = instance(shared);
        ConsistencyToken written = writeOn(there, Invalidation.ofTags(Set.of(JOB_7), "job-status-changed"));
        shared.put(KEY, RESPONSE, Set.of(JOB_42));
        here.get(KEY);
        l2.failAll();

        assertThat(here.get(KEY, written)).contains(RESPONSE);
    }

    @Test
    void aTokenFromAnInstanceNeverHeardFromIsAnsweredFromL2() {
        NearCacheStore here = instance(shared);
        shared.put(KEY, RESPONSE, Set.of(JOB_42));
        here.get(KEY);
        ConsistencyToken elsewhere = ConsistencyToken.of(new InvalidationStamp("unheardof1", 3), clock.now());
        shared.invalidateTags(Set.of(JOB_42));

        assertThat(here.get(KEY, elsewhere)).isEmpty();
    }

    @Test
    void aTokenOlderThanACopysLifetimeNoLongerKeepsTheL1Aside() {
        NearCacheStore here = instance(shared);
        NearCacheStore there = instance(shared);
        bus.holdMessages();
        ConsistencyToken written = writeOn(there, Invalidation.ofTags(Set.of(JOB_7), "job-status-changed"));

        clock.advance(ConsistencyToken.markLifetime(L1_MAX_AGE).plusMillis(1));

        assertThat(here.reflects(written)).isTrue();
    }

    @Test
    void aMessageLostWhileOutOfContactIsReflectedOnceContactIsRestored() {
        NearCacheStore here = instance(shared);
        NearCacheStore there = instance(shared);
        writeOn(there, Invalidation.ofTags(Set.of(JOB_7), "job-status-changed"));
        bus.dropMessages();
        ConsistencyToken lost = writeOn(there, Invalidation.ofTags(Set.of(JOB_42), "job-status-changed"));
        bus.deliverMessages();
        ConsistencyToken after = writeOn(there, Invalidation.ofTags(Set.of(JOB_7), "job-status-changed"));
        assertThat(here.reflects(lost)).as("a gap before the third message").isFalse();

        bus.loseContact();
        bus.restoreContact();

        assertThat(here.reflects(lost.merge(after))).isTrue();
    }

    @Test
    void afterLosingContactTheL1IsEmptyAndServesNoHits() {
        FaultyCacheStore l2 = new FaultyCacheStore(shared);
        NearCacheStore here = instance(l2);
        shared.put(KEY, RESPONSE, Set.of(JOB_42));
        here.get(KEY);

        bus.loseContact();
        Optional<CachedResponse> fromL2 = here.get(KEY);
        StoreHealth health = here.health();
        l2.failAll();

        assertThat(fromL2).contains(RESPONSE);
        assertThat(health.details()).containsEntry("l1.entries", "0").containsEntry("bus", "disconnected");
        assertThatThrownBy(() -> here.get(KEY)).isInstanceOf(InjectedFailure.class);
        assertThat(l1Events(CacheOutcome.HIT)).isEmpty();
    }

    @Test
    void servesFromL1AgainOnceContactIsRestored() {
        FaultyCacheStore l2 = new FaultyCacheStore(shared);
        NearCacheStore here = instance(l2);
        shared.put(KEY, RESPONSE, Set.of(JOB_42));
        bus.loseContact();
        here.get(KEY);

        bus.restoreContact();
        here.get(KEY);
        StoreHealth health = here.health();
        l2.failAll();

        assertThat(here.get(KEY)).contains(RESPONSE);
        assertThat(health.details()).containsEntry("bus", "connected");
    }

    @Test
    void anInstanceStartedWhileTheBusIsOutOfContactServesNoHits() {
        bus.loseContact();
        NearCacheStore here = instance(shared);

        here.put(KEY, RESPONSE, Set.of(JOB_42));

        assertThat(here.l1Usage().entries()).isZero();
        assertThat(here.health().details()).containsEntry("bus", "disconnected");
    }

    @Test
    void aCopyNeverOutlivesTheRetentionOfTheEntryItCopies() {
        CachedResponse brief = aCachedResponse().withTtl(Duration.ofSeconds(10)).withStaleGrace(Duration.ofSeconds(5)).build();
        FaultyCacheStore l2 = new FaultyCacheStore(shared);
        NearCacheStore here = instance(l2);
        shared.put(KEY, brief, Set.of(JOB_42));
        here.get(KEY);
        l2.failAll();

        clock.advance(brief.retention().minusMillis(1));
        Optional<CachedResponse> justBefore = here.get(KEY);
        clock.advance(Duration.ofMillis(1));

        assertThat(justBefore).contains(brief);
        assertThatThrownBy(() -> here.get(KEY)).isInstanceOf(InjectedFailure.class);
    }

    /** The L2's own put time is not known to a reader; the response's storedAt is never later, so it errs short. */
    @Test
    void countsACopysRemainingLifeFromWhenTheResponseWasStored() {
        CachedResponse older = aCachedResponse().storedAt(clock.now().minusSeconds(50)).withTtl(Duration.ofSeconds(60)).build();
        FaultyCacheStore l2 = new FaultyCacheStore(shared);
        NearCacheStore here = instance(l2);
        shared.put(KEY, older, Set.of(JOB_42));
        here.get(KEY);
        l2.failAll();

        clock.advance(Duration.ofSeconds(10));

        assertThatThrownBy(() -> here.get(KEY)).isInstanceOf(InjectedFailure.class);
    }

    @Test
    void aFillOvertakenByAnInvalidationFromTheBusLeavesNoStaleCopy() throws Exception {
        ReadPausingCacheStore l2 = new ReadPausingCacheStore(shared);
        NearCacheStore here = instance(l2);
        NearCacheStore there = instance(shared);
        shared.put(KEY, RESPONSE, Set.of(JOB_42));
        Future<Optional<CachedResponse>> read = readHeldAfterL2Answered(here, l2);

        invalidateOn(there, Invalidation.ofTags(Set.of(JOB_42), "job-status-changed"));
        l2.releaseRead();
        Optional<CachedResponse> answered = read.get(30, TimeUnit.SECONDS);

        // the read began before the invalidation, so answering the old response is allowed; keeping it is not
        assertThat(answered).contains(RESPONSE);
        assertThat(here.l1Usage().entries()).isZero();
        assertThat(here.get(KEY)).isEmpty();
    }

    @Test
    void aFillOvertakenByALocalInvalidationLeavesNoStaleCopy() throws Exception {
        ReadPausingCacheStore l2 = new ReadPausingCacheStore(shared);
        NearCacheStore here = instance(l2);
        shared.put(KEY, RESPONSE, Set.of(JOB_42));
        Future<Optional<CachedResponse>> read = readHeldAfterL2Answered(here, l2);

        here.invalidateTags(Set.of(JOB_42));
        l2.releaseRead();
        read.get(30, TimeUnit.SECONDS);

        assertThat(here.l1Usage().entries()).isZero();
        assertThat(here.get(KEY)).isEmpty();
    }

    @Test
    void aReadOvertakenByAPutDoesNotOverwriteTheNewerCopy() throws Exception {
        FaultyCacheStore faulty = new FaultyCacheStore(shared);
        ReadPausingCacheStore l2 = new ReadPausingCacheStore(faulty);
        NearCacheStore here = instance(l2);
        CachedResponse newer = aCachedResponse().withBody("newer").withEtag("\"newer\"").build();
        shared.put(KEY, RESPONSE, Set.of(JOB_42));
        Future<Optional<CachedResponse>> read = readHeldAfterL2Answered(here, l2);

        here.put(KEY, newer, Set.of(JOB_42));
        l2.releaseRead();
        read.get(30, TimeUnit.SECONDS);
        faulty.failAll();

        assertThat(here.get(KEY)).contains(newer);
    }

    @Test
    void keepsTheL1WithinItsBoundInBytesWhileTheL2KeepsEverything() {
        CachedResponse kilobyte = aCachedResponse().withBodyOfSize(1_000).build();
        long maxBytes = 5L * (kilobyte.weightInBytes() + KEY.value().length());
        NearCacheStore here = track(new NearCacheStore(shared, bus, maxBytes, L1_MAX_AGE, clock, metrics));

        for (int i = 0; i < 20; i++) {
            here.put(key(KEY.value() + "-" + i), kilobyte, Set.of());
        }

        StoreUsage l1 = here.l1Usage();
        assertThat(l1.bytes()).isLessThanOrEqualTo(maxBytes);
        assertThat(l1.entries()).isBetween(1L, 5L);
        assertThat(here.usage().entries()).isEqualTo(20);
        assertThat(metrics.events(CacheOutcome.EVICTION)).isNotEmpty()
                .allSatisfy(event -> assertThat(event.tier().name()).isEqualTo("l1"));
    }

    @Test
    void aFailingMetricsSinkNeverFailsAReadOrAWrite() {
        NearCacheStore here = track(new NearCacheStore(shared, bus, L1_MAX_BYTES, L1_MAX_AGE, clock, new BrokenMetrics()));

        assertThatCode(() -> {
            here.get(KEY);
            here.put(KEY, RESPONSE, Set.of(JOB_42));
            here.get(KEY);
        }).doesNotThrowAnyException();
    }

    @Test
    void reportsTheL2sHealthWithTheL1sFiguresAndTheBusState() {
        NearCacheStore here = instance(shared);
        here.put(KEY, RESPONSE, Set.of(JOB_42));

        StoreHealth health = here.health();

        assertThat(health.backend()).isEqualTo(shared.health().backend());
        assertThat(health.up()).isTrue();
        assertThat(health.details())
                .containsEntry("l1.entries", "1")
                .containsEntry("l1.bytes", Long.toString(RESPONSE.weightInBytes() + KEY.value().length()
                        + EntryWeigher.BYTES_PER_TAG))
                .containsEntry("bus", "connected");
    }

    @Test
    void generationsAndUsageAreTheL2s() {
        NearCacheStore here = instance(shared);
        here.put(KEY, RESPONSE, Set.of(JOB_42));
        shared.invalidateTags(Set.of(JOB_7));

        long generation = here.generation(KEY, Set.of(JOB_42, JOB_7));

        assertThat(generation).isEqualTo(shared.generation(KEY, Set.of(JOB_42, JOB_7)));
        assertThat(here.usage()).isEqualTo(shared.usage());
    }

    @Test
    void closingEndsTheSubscriptionAndTheL1() {
        FaultyCacheStore l2 = new FaultyCacheStore(shared);
        NearCacheStore here = instance(l2);
        here.put(KEY, RESPONSE, Set.of(JOB_42));

        here.close();
        l2.failAll();

        assertThat(bus.subscriberCount()).isZero();
        assertThatThrownBy(() -> here.get(KEY)).isInstanceOf(InjectedFailure.class);
    }

    private NearCacheStore instance(CacheStore l2) {
        return track(new NearCacheStore(l2, bus, L1_MAX_BYTES, L1_MAX_AGE, clock, metrics));
    }

    private NearCacheStore track(NearCacheStore near) {
        instances.add(near);
        return near;
    }

    /** What the application's CacheInvalidator does on an instance: the store first, then the bus. */
    private void invalidateOn(NearCacheStore instance, Invalidation invalidation) {
        if (invalidation.everything()) {
            instance.clear();
        } else {
            instance.invalidateTags(invalidation.tags());
            invalidation.keys().forEach(instance::invalidate);
        }
        bus.publish(invalidation);
    }

    /**
     * A write's invalidation as {@link #invalidateOn} makes it, published under the writing instance's next number as
     * the application's CacheInvalidator numbers it; returns the token the write's client is handed.
     */
    private ConsistencyToken writeOn(NearCacheStore instance, Invalidation invalidation) {
        if (invalidation.everything()) {
            instance.clear();
        } else {
            instance.invalidateTags(invalidation.tags());
            invalidation.keys().forEach(instance::invalidate);
        }
        InvalidationStamp stamp = new InvalidationStamp(originOf(instance), numbers.merge(instance, 1L, Long::sum));
        bus.publish(invalidation.stamped(stamp));
        return ConsistencyToken.of(stamp, clock.now());
    }

    private String originOf(NearCacheStore instance) {
        return String.format("instance%02d", instances.indexOf(instance));
    }

    /** Starts a read on another thread and returns once it has the L2's answer in hand and has not copied it yet. */
    private Future<Optional<CachedResponse>> readHeldAfterL2Answered(NearCacheStore near, ReadPausingCacheStore l2)
            throws InterruptedException {
        l2.holdNextReadAfterItRead();
        Future<Optional<CachedResponse>> read = reader.submit(() -> near.get(KEY));
        l2.awaitHeldRead();
        return read;
    }

    private List<CacheEvent> l1Events(CacheOutcome outcome) {
        return metrics.events(outcome).stream().filter(event -> event.tier().name().equals("l1")).toList();
    }

    /** A metrics sink that fails on every call. */
    private static final class BrokenMetrics implements CacheMetrics {

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
