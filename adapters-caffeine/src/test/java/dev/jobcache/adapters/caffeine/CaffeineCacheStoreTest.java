package dev.jobcache.adapters.caffeine;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.fake.RecordingCacheMetrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static dev.jobcache.testkit.fixture.Keys.key;
import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link CaffeineCacheStore} does beyond {@link dev.jobcache.testkit.contract.CacheStoreContract}: bytes, evictions, its tag index. */
class CaffeineCacheStoreTest {

    private static final CachedResponse ONE_KB = aCachedResponse().withBodyOfSize(1_000).build();
    private static final CacheKey FIRST = key("GET:/jobs:user=alice:000");

    private final MutableClock clock = new MutableClock();
    private final RecordingCacheMetrics metrics = new RecordingCacheMetrics();

    @Test
    void answersLocalReadsFromProcessMemory() {
        CaffeineCacheStore store = new CaffeineCacheStore(1_000_000, clock, metrics);
        store.put(FIRST, ONE_KB, Set.of());

        Optional<CachedResponse> local = store.getLocal(FIRST);

        assertThat(local).contains(ONE_KB);
    }

    @Test
    void chargesEachEntryItsResponseWeightPlusItsKey() {
        CaffeineCacheStore store = new CaffeineCacheStore(1_000_000, clock, metrics);

        store.put(FIRST, ONE_KB, Set.of());

        assertThat(store.usage().bytes()).isEqualTo(ONE_KB.weightInBytes() + FIRST.value().length());
        assertThat(store.usage().maxBytes()).isEqualTo(1_000_000);
    }

    @Test
    void chargesEachTagWhatItsIndexEntriesHold() {
        CaffeineCacheStore store = new CaffeineCacheStore(1_000_000, clock, metrics);

        store.put(FIRST, ONE_KB, Set.of(Tag.of("jobs"), Tag.of("jobs:user:alice")));

        assertThat(store.usage().bytes())
                .isEqualTo(ONE_KB.weightInBytes() + FIRST.value().length() + 2L * EntryWeigher.BYTES_PER_TAG);
    }

    @Test
    void evictsByWeightWhenOverMaxBytesAndCountsEvictions() {
        long maxBytes = 5 * weightOf(FIRST, ONE_KB);
        CaffeineCacheStore store = new CaffeineCacheStore(maxBytes, clock, metrics);

        putKilobytes(store, 20, Set.of());
        store.cleanUp();

        StoreUsage usage = store.usage();
        assertThat(usage.bytes()).isLessThanOrEqualTo(maxBytes);
        assertThat(usage.entries()).isBetween(1L, 5L);
        assertThat(usage.evictions()).isEqualTo(20 - usage.entries());
    }

    @Test
    void recordsAnEvictionEventForEachEntryEvictedForRoom() {
        CaffeineCacheStore store = new CaffeineCacheStore(5 * weightOf(FIRST, ONE_KB), clock, metrics);

        putKilobytes(store, 20, Set.of());
        store.cleanUp();

        assertThat(metrics.events(CacheOutcome.EVICTION))
                .hasSize((int) store.usage().evictions())
                .allSatisfy(event -> assertThat(event.tier().name()).isEqualTo("caffeine"));
    }

    @Test
    void doesNotCountExpiryAsEviction() {
        CaffeineCacheStore store = new CaffeineCacheStore(1_000_000, clock, metrics);
        putKilobytes(store, 3, Set.of());

        clock.advance(ONE_KB.retention());
        store.cleanUp();

        assertThat(store.usage().entries()).isZero();
        assertThat(store.usage().evictions()).isZero();
        assertThat(metrics.events(CacheOutcome.EVICTION)).isEmpty();
    }

    @Test
    void doesNotKeepAnEntryHeavierThanTheWholeStore() {
        CaffeineCacheStore store = new CaffeineCacheStore(10_000, clock, metrics);

        store.put(FIRST, aCachedResponse().withBodyOfSize(20_000).build(), Set.of(Tag.of("job:1")));
        store.cleanUp();

        assertThat(store.get(FIRST)).isEmpty();
        assertThat(store.index().keyCount()).isZero();
    }

    @Test
    void tagIndexIsEmptyOnceEntriesHaveExpired() {
        CaffeineCacheStore store = new CaffeineCacheStore(1_000_000, clock, metrics);
        putKilobytes(store, 50, Set.of(Tag.of("jobs:user:alice")));

        clock.advance(ONE_KB.retention());
        store.cleanUp();

        assertThat(store.index().keyCount()).isZero();
        assertThat(store.index().tagCount()).isZero();
    }

    @Test
    void tagIndexForgetsAnExpiredEntryRemovedByKey() {
        CaffeineCacheStore store = new CaffeineCacheStore(1_000_000, clock, metrics);
        store.put(FIRST, ONE_KB, Set.of(Tag.of("job:1")));
        clock.advance(ONE_KB.retention());

        boolean removed = store.invalidate(FIRST);

        assertThat(removed).isFalse();
        assertThat(store.index().keyCount()).isZero();
    }

    @Test
    void tagIndexDoesNotGrowWhenEntriesAreEvicted() {
        CaffeineCacheStore store = new CaffeineCacheStore(5 * weightOf(FIRST, ONE_KB), clock, metrics);

        for (int i = 0; i < 200; i++) {
            store.put(key("GET:/jobs/{id}:user=alice:" + i), ONE_KB, Set.of(Tag.of("job:" + i), Tag.of("jobs:user:alice")));
        }
        store.cleanUp();

        assertThat((long) store.index().keyCount()).isEqualTo(store.usage().entries());
        assertThat((long) store.index().tagCount()).isLessThanOrEqualTo(store.usage().entries() + 1);
    }

    @Test
    void replacedEntryKeepsItsNewTags() {
        CaffeineCacheStore store = new CaffeineCacheStore(1_000_000, clock, metrics);
        store.put(FIRST, ONE_KB, Set.of(Tag.of("job:1")));

        store.put(FIRST, ONE_KB, Set.of(Tag.of("job:2")));
        store.cleanUp();

        assertThat(store.index().keysWithAnyOf(Set.of(Tag.of("job:2")))).containsExactly(FIRST);
        assertThat(store.index().keysWithAnyOf(Set.of(Tag.of("job:1")))).isEmpty();
        assertThat(store.index().tagCount()).isEqualTo(1);
    }

    @Test
    void tagIndexMatchesTheEntriesAfterConcurrentChurn() {
        CaffeineCacheStore store = new CaffeineCacheStore(20 * weightOf(FIRST, ONE_KB), clock, metrics);

        List<CompletableFuture<Void>> workers = new ArrayList<>();
        IntStream.range(0, 4).forEach(w -> workers.add(CompletableFuture.runAsync(() -> churn(store, w))));
        workers.forEach(CompletableFuture::join);
        store.cleanUp();

        assertThat((long) store.index().keyCount()).isEqualTo(store.usage().entries());
        assertThat(store.index().keysWithAnyOf(Set.of(Tag.of("odd"), Tag.of("even"))))
                .allSatisfy(k -> assertThat(store.get(k)).isPresent());
    }

    @Test
    void refusesAStoreWithoutRoom() {
        assertThatThrownBy(() -> new CaffeineCacheStore(0, clock, metrics)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addIfUnchangedNeverReplacesNorProlongsALiveEntry() {
        CaffeineCacheStore store = new CaffeineCacheStore(1_000_000, clock, metrics);
        CachedResponse live = aCachedResponse().withTtl(Duration.ofSeconds(60)).build();
        store.put(FIRST, live, Set.of());
        clock.advance(Duration.ofSeconds(50));

        boolean added = store.addIfUnchanged(FIRST, ONE_KB, Set.of(), store.generation(FIRST, Set.of()));
        Optional<CachedResponse> kept = store.get(FIRST);
        clock.advance(Duration.ofSeconds(10));

        assertThat(added).isFalse();
        assertThat(kept).contains(live);
        assertThat(store.get(FIRST)).isEmpty();
    }

    @Test
    void addIfUnchangedFillsAnEmptySlotUnlessAnInvalidationOvertookIt() {
        CaffeineCacheStore store = new CaffeineCacheStore(1_000_000, clock, metrics);
        Set<Tag> tags = Set.of(Tag.of("job:1"));
        long before = store.generation(FIRST, tags);
        store.invalidateTags(tags);

        boolean overtaken = store.addIfUnchanged(FIRST, ONE_KB, tags, before);
        boolean current = store.addIfUnchanged(FIRST, ONE_KB, tags, store.generation(FIRST, tags));

        assertThat(overtaken).isFalse();
        assertThat(current).isTrue();
        assertThat(store.get(FIRST)).contains(ONE_KB);
    }

    private static void churn(CaffeineCacheStore store, int worker) {
        for (int i = 0; i < 2_000; i++) {
            CacheKey k = key("GET:/jobs/{id}:user=alice:" + (i % 60));
            Tag parity = Tag.of(i % 2 == 0 ? "even" : "odd");
            switch ((i + worker) % 5) {
                case 0 -> store.invalidate(k);
                case 1 -> store.invalidateTags(Set.of(Tag.of("job:" + (i % 60))));
                default -> store.put(k, ONE_KB, Set.of(parity, Tag.of("job:" + (i % 60))));
            }
        }
    }

    private static void putKilobytes(CaffeineCacheStore store, int count, Set<Tag> tags) {
        for (int i = 0; i < count; i++) {
            store.put(key(String.format("GET:/jobs:user=alice:%03d", i)), ONE_KB, tags);
        }
    }

    private static long weightOf(CacheKey key, CachedResponse response) {
        return response.weightInBytes() + key.value().length();
    }
}
