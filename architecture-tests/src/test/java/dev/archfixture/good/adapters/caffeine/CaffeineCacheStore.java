package dev.archfixture.good.adapters.caffeine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.archfixture.good.domain.cache.Entry;
import dev.archfixture.good.domain.port.CacheStore;

import java.util.Optional;

/** Fixture: an adapter named Technology + Port, using its library. */
public final class CaffeineCacheStore implements CacheStore {

    private final Cache<String, Entry> cache = Caffeine.newBuilder().maximumSize(10).build();

    @Override
    public Optional<Entry> get(String key) {
        return Optional.ofNullable(cache.getIfPresent(key));
    }
}
