package dev.archfixture.good.adapters.redis;

import dev.archfixture.good.domain.cache.Entry;
import dev.archfixture.good.domain.port.CacheStore;
import io.lettuce.core.RedisURI;

import java.util.Optional;

/** Fixture: the Redis adapter, named Technology + Port, using Lettuce and nothing of another adapter. */
public final class RedisCacheStore implements CacheStore {

    private final RedisURI uri = RedisURI.create("redis://127.0.0.1:6379");

    @Override
    public Optional<Entry> get(String key) {
        return uri.getPort() > 0 ? Optional.empty() : Optional.empty();
    }
}
