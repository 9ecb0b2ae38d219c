package dev.jobcache.testkit.fake;

import dev.jobcache.domain.cache.TagPrefix;
import dev.jobcache.domain.cache.TagPage;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.GenerationCounters;
import dev.jobcache.domain.cache.KeyPage;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.StoreHealth;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link CacheStore} in a map, honest enough to pass {@link dev.jobcache.testkit.contract.CacheStoreContract}.
 * Retention runs on the given {@link Clock}'s monotonic nanos from the put, so tests move time with a
 * {@link MutableClock}. Optionally bounded in bytes, evicting the least recently used entries.
 *
 * <p>One lock guards everything: a fake is for correctness, not throughput, and one lock keeps the tag index
 * trivially consistent with the entries.
 */
public final class InMemoryCacheStore implements CacheStore {

    private static final long UNBOUNDED = -1;

    private final Clock clock;
    private final long maxBytes;
    // access order, so iteration starts at the least recently used entry
    private final LinkedHashMap<CacheKey, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Tag, Set<CacheKey>> keysByTag = new HashMap<>();
    private final GenerationCounters generations = new GenerationCounters();
    private long bytes;
    private long evictions;

    /** An unbounded store. */
    public InMemoryCacheStore(Clock clock) {
        this(clock, UNBOUNDED);
    }

    /** A store that evicts least recently used entries once their weight passes {@code maxBytes}. */
    public InMemoryCacheStore(Clock clock, long maxBytes) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxBytes <= 0 && maxBytes != UNBOUNDED) {
            throw new IllegalArgumentException("maxBytes is positive, or -1 for no bound");
        }
        this.maxBytes = maxBytes;
    }

    @Override
    public Optional<CachedResponse> getLocal(CacheKey key) {
        return get(key);
    }

    @Override
    public Residence residence() {
        return Residence.IN_PROCESS;
    }

    @Override
    public synchronized Optional<CachedResponse> get(CacheKey key) {
        Objects.requireNonNull(key, "key");
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.expiredAt(clock.nanoTime())) {
            remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.response);
    }

    @Override
    public synchronized void put(CacheKey key, CachedResponse response, Set<Tag> tags) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(response, "response");
        Set<Tag> ownTags = Set.copyOf(tags);
        purgeExpired();
        remove(key);
        long weight = weightOf(key, response);
        if (maxBytes != UNBOUNDED && weight > maxBytes) {
            // it could never fit; storing it would only flush everything else first
            evictions++;
            return;
        }
        long expiresAt = clock.nanoTime() + saturatedNanos(response.retention());
        entries.put(key, new Entry(response, ownTags, expiresAt, weight));
        bytes += weight;
        for (Tag tag : ownTags) {
            keysByTag.computeIfAbsent(tag, t -> new HashSet<>()).add(key);
        }
        evictForRoom();
    }

    @Override
    public synchronized long generation(CacheKey key, Set<Tag> tags) {
        return generations.of(key, tags);
    }

    /** Check and put under the store's one lock, so no invalidation can fall between them. */
    @Override
    public synchronized boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, long generation) {
        if (generations.of(key, tags) != generation) {
            return false;
        }
        put(key, response, tags);
        return true;
    }

    @Override
    public synchronized boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, Set<Tag> guards,
                                               long generation) {
        if (generations.of(key, guards) != generation) {
            return false;
        }
        put(key, response, tags);
        return true;
    }

    @Override
    public synchronized boolean invalidate(CacheKey key) {
        Objects.requireNonNull(key, "key");
        generations.bump(key);
        Entry removed = remove(key);
        return removed != null && !removed.expiredAt(clock.nanoTime());
    }

    @Override
    public synchronized long invalidateTags(Set<Tag> tags) {
        generations.bump(tags);
        purgeExpired();
        Set<CacheKey> keys = new HashSet<>();
        for (Tag tag : tags) {
            keys.addAll(keysByTag.getOrDefault(tag, Set.of()));
        }
        keys.forEach(this::remove);
        return keys.size();
    }

    @Override
    public synchronized long clear() {
        generations.bumpAll();
        purgeExpired();
        long count = entries.size();
        entries.clear();
        keysByTag.clear();
        bytes = 0;
        return count;
    }

    @Override
    public synchronized KeyPage scanKeys(KeyPattern pattern, Optional<String> cursor, int limit) {
        purgeExpired();
        return KeyPage.of(entries.keySet().stream(), pattern, cursor, limit);
    }

    @Override
    public synchronized TagPage scanTags(TagPrefix prefix, Optional<String> cursor, int limit) {
        purgeExpired();
        return TagPage.of(List.copyOf(keysByTag.keySet()).stream(), prefix, cursor, limit);
    }

    @Override
    public synchronized StoreUsage usage() {
        purgeExpired();
        return new StoreUsage(entries.size(), bytes, maxBytes, evictions);
    }

    @Override
    public StoreHealth health() {
        return StoreHealth.up("in-memory", Duration.ZERO);
    }

    /** How many keys the tag index holds, counting a key once per tag; for tests that check it does not leak. */
    synchronized int indexedKeyCount() {
        return keysByTag.values().stream().mapToInt(Set::size).sum();
    }

    /** Charged like the Caffeine adapter charges, so byte-bounded tests behave alike on both. */
    static long weightOf(CacheKey key, CachedResponse response) {
        return (long) response.weightInBytes() + key.value().length();
    }

    private void evictForRoom() {
        Iterator<Map.Entry<CacheKey, Entry>> eldest = entries.entrySet().iterator();
        List<CacheKey> victims = new ArrayList<>();
        long remaining = bytes;
        while (maxBytes != UNBOUNDED && remaining > maxBytes && eldest.hasNext()) {
            Map.Entry<CacheKey, Entry> victim = eldest.next();
            victims.add(victim.getKey());
            remaining -= victim.getValue().weight;
        }
        victims.forEach(this::remove);
        evictions += victims.size();
    }

    private void purgeExpired() {
        long now = clock.nanoTime();
        List<CacheKey> expired = entries.entrySet().stream()
                .filter(e -> e.getValue().expiredAt(now))
                .map(Map.Entry::getKey)
                .toList();
        expired.forEach(this::remove);
    }

    private Entry remove(CacheKey key) {
        Entry removed = entries.remove(key);
        if (removed == null) {
            return null;
        }
        bytes -= removed.weight;
        for (Tag tag : removed.tags) {
            keysByTag.computeIfPresent(tag, (t, keys) -> {
                keys.remove(key);
                return keys.isEmpty() ? null : keys;
            });
        }
        return removed;
    }

    private static long saturatedNanos(Duration duration) {
        if (duration.isNegative()) {
            return 0;
        }
        // about 146 years, like Caffeine's ceiling: far enough to mean "forever" without overflowing a sum
        return duration.compareTo(Duration.ofNanos(Long.MAX_VALUE >> 1)) > 0 ? Long.MAX_VALUE >> 1 : duration.toNanos();
    }

    private static final class Entry {
        final CachedResponse response;
        final Set<Tag> tags;
        final long expiresAtNanos;
        final long weight;

        Entry(CachedResponse response, Set<Tag> tags, long expiresAtNanos, long weight) {
            this.response = response;
            this.tags = tags;
            this.expiresAtNanos = expiresAtNanos;
            this.weight = weight;
        }

        boolean expiredAt(long nowNanos) {
            // a difference, not a comparison, because nanoTime readings may wrap
            return nowNanos - expiresAtNanos >= 0;
        }
    }
}
