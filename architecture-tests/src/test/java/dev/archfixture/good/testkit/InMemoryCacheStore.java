package dev.archfixture.good.testkit;

import dev.archfixture.good.domain.cache.Entry;
import dev.archfixture.good.domain.port.CacheStore;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Fixture: a fake of a port, depending on the domain only. */
public final class InMemoryCacheStore implements CacheStore {

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    @Override
    public Optional<Entry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }
}
