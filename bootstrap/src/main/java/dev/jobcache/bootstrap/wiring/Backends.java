package dev.jobcache.bootstrap.wiring;

import dev.jobcache.adapters.caffeine.CaffeineCacheStore;
import dev.jobcache.application.cache.NoOpCacheStore;
import dev.jobcache.application.cache.NoOpInvalidationBus;
import dev.jobcache.bootstrap.config.ConfigError;
import dev.jobcache.bootstrap.config.JobcacheConfig;
import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.domain.port.InvalidationBus;

/** The only place that turns {@code CACHE_BACKEND} into adapters. */
final class Backends {

    private Backends() {
    }

    /** A backend's store (not yet fail-open), its bus and the name metrics give it. */
    record Backend(CacheStore store, InvalidationBus bus, String tier) {
    }

    static Backend create(JobcacheConfig.Cache config, Clock clock, CacheMetrics metrics) {
        return switch (config.backend()) {
            case CAFFEINE -> new Backend(new CaffeineCacheStore(config.maxMemoryBytes(), clock, metrics),
                    NoOpInvalidationBus.INSTANCE, "caffeine");
            case REDIS -> throw new ConfigError("CACHE_BACKEND", "redis", "the Redis adapter is not part of this build yet");
            case NONE -> new Backend(NoOpCacheStore.INSTANCE, NoOpInvalidationBus.INSTANCE, "none");
        };
    }
}
