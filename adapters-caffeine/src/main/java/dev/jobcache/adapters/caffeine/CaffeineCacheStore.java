package dev.jobcache.adapters.caffeine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.jobcache.domain.cache.TagPrefix;
import dev.jobcache.domain.cache.TagPage;
import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.CacheTier;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.GenerationCounters;
import dev.jobcache.domain.cache.KeyPage;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.SortedKeyCursor;
import dev.jobcache.domain.cache.StoreHealth;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link CacheStore} in this JVM's heap, on Caffeine: bounded by the entries' weight in bytes, each entry expiring
 * after its own {@link CachedResponse#retention()}, with a local tag index for {@link #invalidateTags}.
 *
 * <p>Caffeine reads time from the given {@link Clock}'s monotonic nanos (its {@code Ticker}), so a fake clock moves
 * expiry in tests. Maintenance and listeners run on the calling thread ({@code executor(Runnable::run)}): the tag
 * index must be updated before a call returns, or an invalidation could miss an entry that was just put, and the
 * work is small. Entries removed to make room are counted in {@link StoreUsage#evictions()} and recorded as
 * {@link CacheOutcome#EVICTION} events for tier {@value #TIER}; expiry and invalidation are not evictions.
 *
 * <p>{@link NearCacheStore} uses one as its L1, with an expiry capped by a maximum age and its own tier name.
 */
public final class CaffeineCacheStore implements CacheStore {

    static final String TIER = "caffeine";

    private final Cache<CacheKey, TaggedResponse> cache;
    private final LocalTagIndex index = new LocalTagIndex();
    private final GenerationCounters generations = new GenerationCounters();
    private final LongAdder evictions = new LongAdder();
    private final long maxBytes;
    private final CacheMetrics metrics;
    private final String tier;
    private final CacheTier metricsTier;

    /**
     * @param maxBytes how many bytes of entries (by {@link CachedResponse#weightInBytes()} plus the key) to keep
     * @param clock    the time expiry runs on
     * @param metrics  where evictions for room are recorded
     */
    public CaffeineCacheStore(long maxBytes, Clock clock, CacheMetrics metrics) {
        this(maxBytes, clock, metrics, new EntryExpiry(), TIER);
    }

    /** With another expiry than the entries' own retention, and another tier name for health and metrics. */
    CaffeineCacheStore(long maxBytes, Clock clock, CacheMetrics metrics, Expiry<CacheKey, TaggedResponse> expiry,
                       String tier) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        Objects.requireNonNull(clock, "clock");
        this.maxBytes = maxBytes;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.tier = Objects.requireNonNull(tier, "tier");
        this.metricsTier = CacheTier.of(tier);
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher(new EntryWeigher())
                .expireAfter(Objects.requireNonNull(expiry, "expiry"))
                .ticker(clock::nanoTime)
                .executor(Runnable::run)
                // called under the entry's lock, so unindexing cannot interleave with a put of the same key
                .evictionListener(this::unindexEvicted)
                // called after the lock is released: metrics stay off the critical section
                .removalListener(this::recordEviction)
                .build();
    }

    @Override
    public Optional<CachedResponse> get(CacheKey key) {
        return Optional.ofNullable(cache.getIfPresent(key)).map(TaggedResponse::response);
    }

    /** The same as {@link #get}: every entry is in this process. */
    @Override
    public Optional<CachedResponse> getLocal(CacheKey key) {
        return get(key);
    }

    @Override
    public Residence residence() {
        return Residence.IN_PROCESS;
    }

    @Override
    public void put(CacheKey key, CachedResponse response, Set<Tag> tags) {
        store(key, response, tags);
    }

    private TaggedResponse store(CacheKey key, CachedResponse response, Set<Tag> tags) {
        Objects.requireNonNull(response, "response");
        TaggedResponse value = new TaggedResponse(response, tags);
        // indexing inside compute, not after put: otherwise the value could be evicted, and unindexed, before it
        // was indexed, leaving a key in the index for good
        cache.asMap().compute(key, (k, previous) -> {
            index.index(k, value);
            return value;
        });
        return value;
    }

    @Override
    public long generation(CacheKey key, Set<Tag> tags) {
        return generations.of(key, tags);
    }

    /**
     * Lock-free: check, put, check again. Invalidations move the generations before they delete, so an invalidation
     * either moved them before the second check (and the put is taken back here) or deletes after the put (and
     * removes the entry itself).
     */
    @Override
    public boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, long generation) {
        return putIfUnchanged(key, response, tags, tags, generation);
    }

    /** Checked before and after the store, as the other conditional put, against the guards' generation. */
    @Override
    public boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, Set<Tag> guards,
                                  long generation) {
        if (generations.of(key, guards) != generation) {
            return false;
        }
        TaggedResponse value = store(key, response, tags);
        if (generations.of(key, guards) != generation) {
            if (cache.asMap().remove(key, value)) {
                index.unindex(key, value);
            }
            return false;
        }
        return true;
    }

    /**
     * Like {@link #putIfUnchanged}, but only into an empty slot: never replaces a live entry. For copies whose age
     * is unknown, such as a near-cache filling from a read of its L2, which must not overwrite a newer copy that a
     * concurrent put stored meanwhile.
     */
    boolean addIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, long generation) {
        if (generations.of(key, tags) != generation) {
            return false;
        }
        TaggedResponse value = new TaggedResponse(Objects.requireNonNull(response, "response"), tags);
        // computeIfAbsent, not compute returning the previous value: that would count as an update and restart the
        // live entry's expiry. Caffeine treats an expired entry as absent here, so only a live one blocks the add.
        TaggedResponse stored = cache.asMap().computeIfAbsent(key, k -> {
            index.index(k, value);
            return value;
        });
        if (stored != value) {
            return false;
        }
        if (generations.of(key, tags) != generation) {
            if (cache.asMap().remove(key, value)) {
                index.unindex(key, value);
            }
            return false;
        }
        return true;
    }

    @Override
    public boolean invalidate(CacheKey key) {
        generations.bump(key);
        TaggedResponse removed = cache.asMap().remove(key);
        if (removed == null) {
            return false;
        }
        // outside the lock is safe: unindexing is a no-op if a later put has indexed a new value meanwhile
        index.unindex(key, removed);
        return true;
    }

    @Override
    public long invalidateTags(Set<Tag> tags) {
        generations.bump(tags);
        long removed = 0;
        Policy<CacheKey, TaggedResponse> policy = cache.policy();
        for (CacheKey key : index.keysWithAnyOf(tags)) {
            // the index is a snapshot: the key may have been re-put with other tags since, and then it stays
            TaggedResponse current = policy.getIfPresentQuietly(key);
            if (current != null && current.hasAnyOf(tags) && cache.asMap().remove(key, current)) {
                index.unindex(key, current);
                removed++;
            }
        }
        return removed;
    }

    @Override
    public long clear() {
        generations.bumpAll();
        // key by key rather than invalidateAll(), so each removal unindexes exactly what it removed
        long removed = 0;
        for (CacheKey key : List.copyOf(cache.asMap().keySet())) {
            if (invalidate(key)) {
                removed++;
            }
        }
        return removed;
    }

    /**
     * Caffeine's key set has no order and no resumable cursor, so each page sorts a snapshot of the matching keys and
     * resumes after the last key handed out (a {@link SortedKeyCursor}). That is O(n log n) per page, acceptable
     * for an admin listing of an in-process cache, and it gives {@link KeyPage}'s guarantees while keys come and go.
     */
    @Override
    public KeyPage scanKeys(KeyPattern pattern, Optional<String> cursor, int limit) {
        return KeyPage.of(cache.asMap().keySet().stream(), pattern, cursor, limit);
    }

    /** Sorted like {@link #scanKeys}, from the tag index, which drops a tag with its last entry. */
    @Override
    public TagPage scanTags(TagPrefix prefix, Optional<String> cursor, int limit) {
        cache.cleanUp();
        return TagPage.of(index.tags(), prefix, cursor, limit);
    }

    @Override
    public StoreUsage usage() {
        // expired entries linger until maintenance runs; an operator asking how full the cache is wants them gone
        cache.cleanUp();
        long bytes = cache.policy().eviction()
                .map(eviction -> eviction.weightedSize().orElse(0L))
                .orElse(0L);
        return new StoreUsage(cache.estimatedSize(), bytes, maxBytes, evictions.sum());
    }

    @Override
    public StoreHealth health() {
        // in-process: if this code runs, the store answers
        return StoreHealth.up(tier, Duration.ZERO);
    }

    /** Runs pending maintenance (expiry, eviction, listeners) now; for tests that inspect the index. */
    void cleanUp() {
        cache.cleanUp();
    }

    LocalTagIndex index() {
        return index;
    }

    private void unindexEvicted(CacheKey key, TaggedResponse value, RemovalCause cause) {
        if (key == null || value == null) {
            return;
        }
        index.unindex(key, value);
        if (cause == RemovalCause.SIZE) {
            evictions.increment();
        }
    }

    private void recordEviction(CacheKey key, TaggedResponse value, RemovalCause cause) {
        if (cause == RemovalCause.SIZE) {
            metrics.record(new CacheEvent(CacheEvent.STORE_WIDE, metricsTier, CacheOutcome.EVICTION, 1, Duration.ZERO));
        }
    }
}
