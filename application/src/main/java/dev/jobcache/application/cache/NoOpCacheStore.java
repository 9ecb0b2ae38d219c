package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.TagPrefix;
import dev.jobcache.domain.cache.TagPage;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.KeyPage;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.StoreHealth;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.CacheStore;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The store of {@code CACHE_BACKEND=none}: holds nothing, so every lookup misses and no code branches on "off". */
public enum NoOpCacheStore implements CacheStore {
    INSTANCE;

    @Override
    public Optional<CachedResponse> get(CacheKey key) {
        return Optional.empty();
    }

    @Override
    public void put(CacheKey key, CachedResponse response, Set<Tag> tags) {
    }

    @Override
    public long generation(CacheKey key, Set<Tag> tags) {
        return 0;
    }

    @Override
    public boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, long generation) {
        return false;
    }

    @Override
    public boolean invalidate(CacheKey key) {
        return false;
    }

    @Override
    public long invalidateTags(Set<Tag> tags) {
        return 0;
    }

    @Override
    public long clear() {
        return 0;
    }

    @Override
    public KeyPage scanKeys(KeyPattern pattern, Optional<String> cursor, int limit) {
        return new KeyPage(List.of(), Optional.empty());
    }

    @Override
    public TagPage scanTags(TagPrefix prefix, Optional<String> cursor, int limit) {
        return new TagPage(List.of(), Optional.empty());
    }

    @Override
    public StoreUsage usage() {
        return StoreUsage.EMPTY;
    }

    @Override
    public StoreHealth health() {
        return StoreHealth.up("none", Duration.ZERO);
    }
}
