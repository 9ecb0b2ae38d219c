package dev.jobcache.testkit.contract;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.KeyPage;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.MalformedCursor;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.cache.TagPage;
import dev.jobcache.domain.cache.TagPrefix;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.testkit.fake.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import static dev.jobcache.testkit.fixture.Keys.key;
import static dev.jobcache.testkit.fixture.Keys.userKey;
import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link CacheStore} promises: retention from the put, invalidation by key and by tag (tags of a re-put
 * entry replace the old ones), conditional puts that an invalidation overtakes, clear, cursor-paged key listing, usage, health and thread safety.
 *
 * <p>Subclasses provide {@link #newStore(Clock)}. Time moves only through {@link #advanceTime(Duration)}, which
 * advances {@link #clock}; a store whose expiry runs elsewhere (a Caffeine maintenance cycle, a Redis server clock)
 * overrides it to make the store catch up, so no test sleeps.
 */
public abstract class CacheStoreContract {

    protected static final Tag JOB_1 = Tag.of("job:1");
    protected static final Tag JOB_2 = Tag.of("job:2");
    protected static final Tag ALICE = Tag.of("user:alice");
    private static final Tag SHARED = Tag.of("shared");

    protected final MutableClock clock = new MutableClock();
    protected CacheStore store;

    /** A new, empty store whose expiry runs on {@code clock}. Called before each test. */
    protected abstract CacheStore newStore(Clock clock);

    /** Moves time forward by {@code duration} as the store under test sees it. */
    protected void advanceTime(Duration duration) {
        clock.advance(duration);
    }

    /**
     * How close to its retention an entry is checked to still be there. A store whose clock the test cannot stop
     * (a Redis server expiring on its own time while the test runs) needs more than the default millisecond.
     */
    protected Duration expiryResolution() {
        return Duration.ofMillis(1);
    }

    /**
     * The largest page a store may return for {@code limit}. The port says "about": a store whose backend treats the
     * limit as a hint may widen this, but a page must stay bounded.
     */
    protected int pageSizeBound(int limit) {
        return limit;
    }


    @BeforeEach
    protected final void createStore() {
        store = newStore(clock);
    }

    @Test
    public void returnsNothingForAKeyNeverPut() {
        Optional<CachedResponse> found = store.get(key("GET:/jobs:user=alice:never"));

        assertThat(found).isEmpty();
    }

    @Test
    public void returnsAnEqualResponseAfterPut() {
        CachedResponse response = aCachedResponse().withHeader("ETag", "\"e1\"").withStaleGrace(Duration.ofSeconds(5)).build();

        store.put(key("GET:/jobs:user=alice:1"), response, Set.of(JOB_1));

        assertThat(store.get(key("GET:/jobs:user=alice:1"))).contains(response);
    }

    @Test
    public void aLocalReadReturnsNothingForAKeyNeverPut() {
        Optional<CachedResponse> found = store.getLocal(key("GET:/jobs:user=alice:never"));

        assertThat(found).isEmpty();
    }

    @Test
    public void aLocalReadReturnsNothingButWhatAReadReturns() {
        CacheKey key = key("GET:/jobs:user=alice:1");
        CachedResponse response = aCachedResponse().withHeader("ETag", "\"e1\"").build();
        store.put(key, response, Set.of(JOB_1));
        store.get(key);

        Optional<CachedResponse> local = store.getLocal(key);

        // a store across the network holds nothing locally; one in process must hold exactly the entry
        local.ifPresent(found -> assertThat(found).isEqualTo(response));
    }

    @Test
    public void aLocalReadNeverReturnsAnInvalidatedEntry() {
        CacheKey byKey = key("GET:/jobs:user=alice:1");
        CacheKey byTag = key("GET:/jobs:user=alice:2");
        store.put(byKey, aCachedResponse().build(), Set.of());
        store.put(byTag, aCachedResponse().build(), Set.of(JOB_2));
        store.get(byKey);
        store.get(byTag);

        store.invalidate(byKey);
        store.invalidateTags(Set.of(JOB_2));

        assertThat(store.getLocal(byKey)).isEmpty();
        assertThat(store.getLocal(byTag)).isEmpty();
    }

    @Test
    public void aLocalReadNeverReturnsAnEntryPastItsRetention() {
        CacheKey key = key("GET:/jobs:user=alice:1");
        store.put(key, aCachedResponse().withTtl(Duration.ofSeconds(60)).withStaleGrace(Duration.ZERO).build(), Set.of());
        store.get(key);

        advanceTime(Duration.ofSeconds(60).plus(expiryResolution()));

        assertThat(store.getLocal(key)).isEmpty();
    }

    @Test
    public void aStoreHeldInProcessReadsLocallyExactlyWhatItReads() {
        CacheKey present = key("GET:/jobs:user=alice:1");
        CacheKey absent = key("GET:/jobs:user=alice:never");
        store.put(present, aCachedResponse().build(), Set.of(JOB_1));

        switch (store.residence()) {
            // the HTTP edge answers from getLocal alone, and takes its miss for the store's miss
            case IN_PROCESS -> {
                assertThat(store.getLocal(present)).isEqualTo(store.get(present)).isPresent();
                assertThat(store.getLocal(absent)).isEmpty();
            }
            case REMOTE -> assertThat(store.getLocal(present)).isEmpty();
            case NEAR -> assertThat(store.getLocal(absent)).isEmpty();
        }
    }

    @Test
    public void anAsynchronousReadAnswersWhatAReadAnswers() throws Exception {
        CacheKey kept = key("GET:/jobs:user=alice:1");
        CacheKey dropped = key("GET:/jobs:user=alice:2");
        CachedResponse response = aCachedResponse().withHeader("ETag", "\"e1\"").build();
        store.put(kept, response, Set.of(JOB_1));
        store.put(dropped, aCachedResponse().build(), Set.of(JOB_2));
        store.invalidateTags(Set.of(JOB_2));

        assertThat(store.getAsync(kept).toCompletableFuture().get(10, TimeUnit.SECONDS)).contains(response);
        assertThat(store.getAsync(dropped).toCompletableFuture().get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(store.getAsync(key("GET:/jobs:user=alice:never")).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isEmpty();
    }

    @Test
    public void putReplacesTheEntryUnderTheSameKey() {
        CacheKey key = key("GET:/jobs:user=alice:1");
        store.put(key, aCachedResponse().withBody("old").build(), Set.of());
        CachedResponse newer = aCachedResponse().withBody("new").withEtag("\"new\"").build();

        store.put(key, newer, Set.of());

        assertThat(store.get(key)).contains(newer);
        assertThat(store.usage().entries()).isEqualTo(1);
    }

    @Test
    public void keepsAnEntryUntilJustBeforeItsRetentionHasPassed() {
        CacheKey key = key("GET:/jobs:user=alice:1");
        store.put(key, aCachedResponse().withTtl(Duration.ofSeconds(60)).withStaleGrace(Duration.ofSeconds(30)).build(), Set.of());

        advanceTime(Duration.ofSeconds(90).minus(expiryResolution()));

        assertThat(store.get(key)).isPresent();
    }

    @Test
    public void returnsNothingOnceRetentionHasPassed() {
        CacheKey key = key("GET:/jobs:user=alice:1");
        store.put(key, aCachedResponse().withTtl(Duration.ofSeconds(60)).withStaleGrace(Duration.ofSeconds(30)).build(), Set.of());

        advanceTime(Duration.ofSeconds(90));

        assertThat(store.get(key)).isEmpty();
    }

    @Test
    public void countsRetentionFromThePutNotFromWhenTheResponseWasProduced() {
        CacheKey key = key("GET:/jobs:user=alice:1");
        advanceTime(Duration.ofSeconds(50));

        store.put(key, aCachedResponse().storedAt(clock.now().minusSeconds(50)).withTtl(Duration.ofSeconds(60)).build(), Set.of());
        advanceTime(Duration.ofSeconds(59));

        assertThat(store.get(key)).isPresent();
    }

    @Test
    public void givesEachEntryItsOwnRetention() {
        CacheKey brief = key("GET:/jobs:user=alice:brief");
        CacheKey lasting = key("GET:/jobs:user=alice:lasting");
        store.put(brief, aCachedResponse().withTtl(Duration.ofSeconds(10)).build(), Set.of());
        store.put(lasting, aCachedResponse().withTtl(Duration.ofSeconds(600)).build(), Set.of());

        advanceTime(Duration.ofSeconds(11));

        assertThat(store.get(brief)).isEmpty();
        assertThat(store.get(lasting)).isPresent();
    }

    @Test
    public void replacingAnEntryRestartsItsRetention() {
        CacheKey key = key("GET:/jobs:user=alice:1");
        store.put(key, aCachedResponse().withTtl(Duration.ofSeconds(60)).build(), Set.of());
        advanceTime(Duration.ofSeconds(50));

        store.put(key, aCachedResponse().withTtl(Duration.ofSeconds(60)).build(), Set.of());
        advanceTime(Duration.ofSeconds(50));

        assertThat(store.get(key)).isPresent();
    }

    @Test
    public void invalidateRemovesTheEntryAndSaysSo() {
        CacheKey key = key("GET:/jobs:user=alice:1");
        store.put(key, aCachedResponse().build(), Set.of(JOB_1));

        boolean removed = store.invalidate(key);

        assertThat(removed).isTrue();
        assertThat(store.get(key)).isEmpty();
    }

    @Test
    public void invalidateIsIdempotentAndSaysWhenNothingWasRemoved() {
        CacheKey key = key("GET:/jobs:user=alice:1");
        store.put(key, aCachedResponse().build(), Set.of());
        store.invalidate(key);

        boolean removedAgain = store.invalidate(key);

        assertThat(removedAgain).isFalse();
        assertThat(store.invalidate(key("GET:/jobs:user=alice:never"))).isFalse();
    }

    @Test
    public void invalidateTagsRemovesEveryEntryWithAnyOfTheTagsAndCountsThem() {
        store.put(key("GET:/jobs/{id}:user=alice:1"), aCachedResponse().build(), Set.of(JOB_1));
        store.put(key("GET:/jobs/{id}:user=alice:1b"), aCachedResponse().build(), Set.of(JOB_1, ALICE));
        store.put(key("GET:/user/me:user=alice:me"), aCachedResponse().build(), Set.of(ALICE));
        store.put(key("GET:/jobs/{id}:user=bob:2"), aCachedResponse().build(), Set.of(JOB_2));

        long removed = store.invalidateTags(Set.of(JOB_1, ALICE));

        assertThat(removed).isEqualTo(3);
        assertThat(store.get(key("GET:/jobs/{id}:user=alice:1"))).isEmpty();
        assertThat(store.get(key("GET:/jobs/{id}:user=alice:1b"))).isEmpty();
        assertThat(store.get(key("GET:/user/me:user=alice:me"))).isEmpty();
        assertThat(store.get(key("GET:/jobs/{id}:user=bob:2"))).isPresent();
    }

    @Test
    public void invalidateTagsIsIdempotent() {
        store.put(key("GET:/jobs/{id}:user=alice:1"), aCachedResponse().build(), Set.of(JOB_1));
        store.invalidateTags(Set.of(JOB_1));

        long removedAgain = store.invalidateTags(Set.of(JOB_1));

        assertThat(removedAgain).isZero();
    }

    @Test
    public void invalidateTagsOfUnknownOrNoTagsRemovesNothing() {
        store.put(key("GET:/jobs/{id}:user=alice:1"), aCachedResponse().build(), Set.of(JOB_1));

        long unknown = store.invalidateTags(Set.of(Tag.of("job:404")));
        long none = store.invalidateTags(Set.of());

        assertThat(unknown).isZero();
        assertThat(none).isZero();
        assertThat(store.get(key("GET:/jobs/{id}:user=alice:1"))).isPresent();
    }

    /** Tags replace: an entry is indexed under the tags of its latest put only. */
    @Test
    public void reputEntryIsIndexedOnlyUnderItsNewTags() {
        CacheKey key = key("GET:/jobs/{id}:user=alice:1");
        store.put(key, aCachedResponse().build(), Set.of(JOB_1));
        store.put(key, aCachedResponse().build(), Set.of(JOB_2));

        long byOldTag = store.invalidateTags(Set.of(JOB_1));

        assertThat(byOldTag).isZero();
        assertThat(store.get(key)).isPresent();
        assertThat(store.invalidateTags(Set.of(JOB_2))).isEqualTo(1);
        assertThat(store.get(key)).isEmpty();
    }

    @Test
    public void doesNotCountExpiredEntriesAsInvalidated() {
        store.put(key("GET:/jobs/{id}:user=alice:1"), aCachedResponse().withTtl(Duration.ofSeconds(10)).build(), Set.of(JOB_1));
        store.put(key("GET:/jobs/{id}:user=alice:2"), aCachedResponse().withTtl(Duration.ofSeconds(600)).build(), Set.of(JOB_1));
        advanceTime(Duration.ofSeconds(11));

        long removed = store.invalidateTags(Set.of(JOB_1));

        assertThat(removed).isEqualTo(1);
        assertThat(store.invalidate(key("GET:/jobs/{id}:user=alice:1"))).isFalse();
    }

    @Test
    public void entryRemovedByKeyIsNoLongerCountedUnderItsTags() {
        store.put(key("GET:/jobs/{id}:user=alice:1"), aCachedResponse().build(), Set.of(JOB_1));
        store.put(key("GET:/jobs/{id}:user=alice:2"), aCachedResponse().build(), Set.of(JOB_1));
        store.invalidate(key("GET:/jobs/{id}:user=alice:1"));

        long removed = store.invalidateTags(Set.of(JOB_1));

        assertThat(removed).isEqualTo(1);
    }

    @Test
    public void clearRemovesEverythingAndCountsIt() {
        store.put(key("GET:/jobs:user=alice:1"), aCachedResponse().build(), Set.of(JOB_1));
        store.put(key("GET:/jobs:user=alice:2"), aCachedResponse().build(), Set.of());
        store.put(key("GET:/health:public:h"), aCachedResponse().build(), Set.of());

        long removed = store.clear();

        assertThat(removed).isEqualTo(3);
        assertThat(store.get(key("GET:/jobs:user=alice:1"))).isEmpty();
        assertThat(store.usage().entries()).isZero();
        assertThat(store.invalidateTags(Set.of(JOB_1))).isZero();
    }

    @Test
    public void clearOfAnEmptyStoreRemovesNothing() {
        long removed = store.clear();

        assertThat(removed).isZero();
    }

    @Test
    public void scanKeysPagesThroughEveryMatchingKeyInBoundedPages() {
        Set<CacheKey> aliceKeys = givenKeys("/jobs", "alice", 23);
        givenKeys("/jobs", "bob", 5);
        givenKeys("/user/me", "alice", 4);

        List<KeyPage> pages = scanAll(new KeyPattern("GET:/jobs:user=alice:*"), 5);

        assertThat(pages).allSatisfy(page -> assertThat(page.keys()).hasSizeLessThanOrEqualTo(pageSizeBound(5)));
        assertThat(keysOf(pages)).isEqualTo(aliceKeys);
        assertThat(pages.get(pages.size() - 1).nextCursor()).isEmpty();
    }

    @Test
    public void scanKeysMatchesSingleCharacterWildcards() {
        givenKeys("/jobs", "alice", 3);
        givenKeys("/jobs", "alina", 2);
        givenKeys("/jobs", "bob", 2);

        Set<CacheKey> found = keysOf(scanAll(new KeyPattern("GET:/jobs:user=ali?e:*"), 10));

        assertThat(found).hasSize(3).allSatisfy(k -> assertThat(k.value()).startsWith("GET:/jobs:user=alice:"));
    }

    @Test
    public void scanKeysOfAnEmptyStoreReturnsOneEmptyLastPage() {
        KeyPage page = store.scanKeys(KeyPattern.ALL, Optional.empty(), 10);

        assertThat(page.keys()).isEmpty();
        assertThat(page.nextCursor()).isEmpty();
    }

    /**
     * Cursors no store of this port hands out, whatever its form: not a number, negative, past an unsigned 64-bit
     * SCAN cursor, a Cluster slot out of range, too many parts.
     */
    @Test
    public void scanKeysRefusesAMalformedCursorAsTheCallersMistake() {
        givenKeys("/jobs", "alice", 3);

        for (String malformed : List.of("abc", "-1", "0x1F", "18446744073709551616", "99999:0", "1:2:3")) {
            assertThatThrownBy(() -> store.scanKeys(KeyPattern.ALL, Optional.of(malformed), 10))
                    .as("cursor %s", malformed)
                    .isInstanceOf(MalformedCursor.class);
        }
        // a page may hold fewer than its limit (a Cluster lists one master at a time): list them all
        assertThat(keysOf(scanAll(KeyPattern.ALL, 10))).hasSize(3);
    }

    @Test
    public void scanKeysDoesNotListExpiredOrInvalidatedKeys() {
        store.put(key("GET:/jobs:user=alice:brief"), aCachedResponse().withTtl(Duration.ofSeconds(10)).build(), Set.of());
        store.put(key("GET:/jobs:user=alice:gone"), aCachedResponse().build(), Set.of(JOB_1));
        store.put(key("GET:/jobs:user=alice:kept"), aCachedResponse().build(), Set.of());
        store.invalidateTags(Set.of(JOB_1));
        advanceTime(Duration.ofSeconds(11));

        Set<CacheKey> found = keysOf(scanAll(KeyPattern.ALL, 10));

        assertThat(found).containsExactly(key("GET:/jobs:user=alice:kept"));
    }

    @Test
    public void scanTagsPagesThroughEveryTagStartingWithThePrefix() {
        Set<Tag> jobTags = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            Tag job = Tag.of("job:" + i);
            jobTags.add(job);
            store.put(key("GET:/jobs/" + i + ":user=alice"), aCachedResponse().build(), Set.of(job, Tag.of("jobs")));
        }
        store.put(key("GET:/jobs:user=alice"), aCachedResponse().build(), Set.of(Tag.of("jobs:user:alice")));

        List<TagPage> pages = scanAllTags(new TagPrefix("job:"), 5);

        assertThat(pages).allSatisfy(page -> assertThat(page.tags()).hasSizeLessThanOrEqualTo(pageSizeBound(5)));
        assertThat(tagsOf(pages)).isEqualTo(jobTags);
        assertThat(tagsOf(scanAllTags(new TagPrefix("jobs"), 5)))
                .containsExactlyInAnyOrder(Tag.of("jobs"), Tag.of("jobs:user:alice"));
    }

    @Test
    public void scanTagsOfAnEmptyStoreReturnsOneEmptyLastPage() {
        TagPage page = store.scanTags(new TagPrefix("job:"), Optional.empty(), 10);

        assertThat(page.tags()).isEmpty();
        assertThat(page.nextCursor()).isEmpty();
    }

    @Test
    public void scanTagsRefusesAMalformedCursorAsTheCallersMistake() {
        store.put(key("GET:/jobs/1:user=alice"), aCachedResponse().build(), Set.of(JOB_1));

        for (String malformed : List.of("abc", "-1", "18446744073709551616", "99999:0", "1:2:3")) {
            assertThatThrownBy(() -> store.scanTags(new TagPrefix("job"), Optional.of(malformed), 10))
                    .as("cursor %s", malformed)
                    .isInstanceOf(MalformedCursor.class);
        }
    }

    @Test
    public void usageCountsEntriesAndBytes() {
        store.put(key("GET:/jobs:user=alice:1"), aCachedResponse().withBodyOfSize(1_000).build(), Set.of());
        store.put(key("GET:/jobs:user=alice:2"), aCachedResponse().withBodyOfSize(2_000).build(), Set.of());
        store.put(key("GET:/jobs:user=alice:3"), aCachedResponse().build(), Set.of());
        store.invalidate(key("GET:/jobs:user=alice:3"));

        StoreUsage usage = store.usage();

        assertThat(usage.entries()).isEqualTo(2);
        assertThat(usage.bytes()).isPositive();
        assertThat(usage.evictions()).isZero();
    }

    @Test
    public void usageDoesNotCountExpiredEntries() {
        store.put(key("GET:/jobs:user=alice:1"), aCachedResponse().withTtl(Duration.ofSeconds(10)).build(), Set.of());
        store.put(key("GET:/jobs:user=alice:2"), aCachedResponse().withTtl(Duration.ofSeconds(600)).build(), Set.of());

        advanceTime(Duration.ofSeconds(11));

        assertThat(store.usage().entries()).isEqualTo(1);
        assertThat(store.usage().evictions()).isZero();
    }

    @Test
    public void putIfUnchangedStoresWhenNothingWasInvalidatedSince() {
        long generation = store.generation(key("k1"), Set.of(JOB_1));

        boolean stored = store.putIfUnchanged(key("k1"), aCachedResponse().build(), Set.of(JOB_1), generation);

        assertThat(stored).isTrue();
        assertThat(store.get(key("k1"))).isPresent();
    }

    @Test
    public void putIfUnchangedRefusesALoadOvertakenByAnInvalidationOfItsKey() {
        long generation = store.generation(key("k1"), Set.of(JOB_1));
        store.invalidate(key("k1"));

        boolean stored = store.putIfUnchanged(key("k1"), aCachedResponse().build(), Set.of(JOB_1), generation);

        assertThat(stored).isFalse();
        assertThat(store.get(key("k1"))).isEmpty();
    }

    @Test
    public void putIfUnchangedRefusesALoadOvertakenByAnInvalidationOfOneOfItsTags() {
        long generation = store.generation(key("k1"), Set.of(JOB_1, ALICE));
        store.invalidateTags(Set.of(ALICE));

        boolean stored = store.putIfUnchanged(key("k1"), aCachedResponse().build(), Set.of(JOB_1, ALICE), generation);

        assertThat(stored).isFalse();
        assertThat(store.get(key("k1"))).isEmpty();
    }

    @Test
    public void putIfUnchangedRefusesALoadOvertakenByAClear() {
        long generation = store.generation(key("k1"), Set.of(JOB_1));
        store.clear();

        boolean stored = store.putIfUnchanged(key("k1"), aCachedResponse().build(), Set.of(JOB_1), generation);

        assertThat(stored).isFalse();
    }

    @Test
    public void anEntryStoredConditionallyIsInvalidatedLikeAnyOther() {
        long generation = store.generation(key("k1"), Set.of(JOB_1));
        store.putIfUnchanged(key("k1"), aCachedResponse().build(), Set.of(JOB_1), generation);

        long removed = store.invalidateTags(Set.of(JOB_1));

        assertThat(removed).isEqualTo(1);
        assertThat(store.get(key("k1"))).isEmpty();
    }

    /** A list page: its guard is read before the load, the jobs it shows are known only after. */
    @Test
    public void aGuardedPutStoresUnderItsTagsWhenNoGuardMovedAndIsInvalidatedByThem() {
        Tag guard = Tag.of("jobs:user:alice:changed");
        long generation = store.generation(key("k1"), Set.of(ALICE, guard));

        boolean stored = store.putIfUnchanged(key("k1"), aCachedResponse().build(), Set.of(ALICE, JOB_1, JOB_2),
                Set.of(ALICE, guard), generation);
        long removed = store.invalidateTags(Set.of(JOB_2));

        assertThat(stored).isTrue();
        assertThat(removed).isEqualTo(1);
        assertThat(store.get(key("k1"))).isEmpty();
    }

    @Test
    public void aGuardedPutRefusesALoadOvertakenByAnInvalidationOfAGuard() {
        Tag guard = Tag.of("jobs:user:alice:changed");
        long generation = store.generation(key("k1"), Set.of(ALICE, guard));
        store.invalidateTags(Set.of(JOB_1, guard));

        boolean stored = store.putIfUnchanged(key("k1"), aCachedResponse().build(), Set.of(ALICE, JOB_1),
                Set.of(ALICE, guard), generation);

        assertThat(stored).isFalse();
        assertThat(store.get(key("k1"))).isEmpty();
    }

    @Test
    public void aGuardedPutWithoutGuardTagsIsGuardedByItsKeyAndTheWholeStore() {
        long generation = store.generation(key("k1"), Set.of());
        store.clear();

        boolean stored = store.putIfUnchanged(key("k1"), aCachedResponse().build(), Set.of(JOB_1), Set.of(), generation);

        assertThat(stored).isFalse();
    }

    @Test
    public void reportsItselfUp() {
        assertThat(store.health().up()).isTrue();
        assertThat(store.health().backend()).isNotBlank();
    }

    @Test
    public void concurrentPutsGetsAndInvalidationsLeaveNoEntryOfAnInvalidatedTag() throws Exception {
        int workers = 4;

        runConcurrently(workers, this::churn);
        long leftOver = store.invalidateTags(Set.of(SHARED));

        assertThat(leftOver).isEqualTo(workers);
        assertThat(store.usage().entries()).isZero();
    }

    /**
     * One worker: batches of keys under its own tag and a shared one, read back, some removed by key, then the whole
     * batch invalidated by its tag; after that no key of the batch may be found, whatever the other workers do.
     */
    private void churn(int worker) {
        for (int round = 0; round < 50; round++) {
            Tag batch = Tag.of("batch:" + worker + ":" + round);
            List<CacheKey> keys = IntStream.range(0, 10)
                    .mapToObj(i -> key("GET:/jobs:user=w" + worker + ":" + (i % 7)))
                    .toList();
            keys.forEach(k -> store.put(k, aCachedResponse().build(), Set.of(batch, SHARED)));
            keys.forEach(store::get);
            store.invalidate(keys.get(round % keys.size()));

            store.invalidateTags(Set.of(batch));

            for (CacheKey k : keys) {
                if (store.get(k).isPresent()) {
                    throw new AssertionError(k + " survived the invalidation of " + batch);
                }
            }
        }
        // leave something behind for the final, shared invalidation
        store.put(key("GET:/jobs:user=w" + worker + ":last"), aCachedResponse().build(), Set.of(SHARED));
    }

    /** Runs {@code work} on {@code workers} threads released together, and rethrows the first failure. */
    private static void runConcurrently(int workers, IntConsumer work) throws Exception {
        CyclicBarrier start = new CyclicBarrier(workers);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                running.add(pool.submit(() -> {
                    start.await();
                    work.accept(worker);
                    return null;
                }));
            }
            for (Future<?> done : running) {
                done.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }


    private Set<CacheKey> givenKeys(String route, String userId, int count) {
        Set<CacheKey> keys = new HashSet<>();
        for (int i = 0; i < count; i++) {
            CacheKey key = userKey(route, userId, String.format("%03d", i));
            store.put(key, aCachedResponse().build(), Set.of());
            keys.add(key);
        }
        return keys;
    }

    private List<KeyPage> scanAll(KeyPattern pattern, int limit) {
        return allPages(cursor -> store.scanKeys(pattern, cursor, limit), KeyPage::nextCursor);
    }

    private List<TagPage> scanAllTags(TagPrefix prefix, int limit) {
        return allPages(cursor -> store.scanTags(prefix, cursor, limit), TagPage::nextCursor);
    }

    /** Every page of a listing, following its cursors; a listing that does not end within 1,000 pages fails. */
    private static <P> List<P> allPages(java.util.function.Function<Optional<String>, P> listing,
                                        java.util.function.Function<P, Optional<String>> next) {
        List<P> pages = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            P page = listing.apply(cursor);
            pages.add(page);
            cursor = next.apply(page);
            if (pages.size() > 1_000) {
                throw new AssertionError("the listing never ended; cursor " + cursor);
            }
        } while (cursor.isPresent());
        return pages;
    }

    private static Set<Tag> tagsOf(List<TagPage> pages) {
        Set<Tag> tags = new HashSet<>();
        pages.forEach(page -> tags.addAll(page.tags()));
        return tags;
    }

    private static Set<CacheKey> keysOf(List<KeyPage> pages) {
        Set<CacheKey> keys = new HashSet<>();
        pages.forEach(page -> keys.addAll(page.keys()));
        return keys;
    }
}
