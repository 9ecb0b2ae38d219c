package dev.jobcache.bootstrap.wiring;

import dev.jobcache.adapters.caffeine.CaffeineCacheStore;
import dev.jobcache.adapters.caffeine.NearCacheStore;
import dev.jobcache.adapters.redis.RedisBusSettings;
import dev.jobcache.adapters.redis.RedisInvalidationBus;
import dev.jobcache.adapters.redis.RedisCacheStore;
import dev.jobcache.adapters.redis.RedisConnections;
import dev.jobcache.adapters.redis.RedisReadFrom;
import dev.jobcache.adapters.redis.RedisSettings;
import dev.jobcache.application.cache.DelayedInvalidationBus;
import dev.jobcache.application.cache.NoOpCacheStore;
import dev.jobcache.application.cache.NoOpInvalidationBus;
import dev.jobcache.bootstrap.config.JobcacheConfig;
import dev.jobcache.bootstrap.config.UnusableSetting;
import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.domain.port.InvalidationBus;

import java.time.Duration;

/** The only place that turns {@code CACHE_BACKEND} into adapters. */
final class Backends {

    private Backends() {
    }

    /** A backend's store (not yet fail-open), its bus, the name metrics give it, and what to close at shutdown. */
    record Backend(CacheStore store, InvalidationBus bus, String tier, AutoCloseable resources) {
    }

    /** Probe calls a half-open breaker lets through before it decides; not worth a setting of its own. */
    private static final int HALF_OPEN_PROBES = 3;

    static Backend create(JobcacheConfig config, Clock clock, CacheMetrics metrics) {
        JobcacheConfig.Cache cache = config.cache();
        return switch (cache.backend()) {
            case CAFFEINE -> new Backend(new CaffeineCacheStore(cache.maxMemoryBytes(), clock, metrics),
                    NoOpInvalidationBus.INSTANCE, "caffeine", () -> { });
            case REDIS -> redis(config.redis(), clock);
            case TWO_TIER -> twoTier(config, clock, metrics);
            case NONE -> new Backend(NoOpCacheStore.INSTANCE, NoOpInvalidationBus.INSTANCE, "none", () -> { });
        };
    }

    private static Backend redis(JobcacheConfig.Redis redis, Clock clock) {
        RedisConnections connections = connect(redis);
        return new Backend(new RedisCacheStore(connections, redis.keyPrefix(), clock), NoOpInvalidationBus.INSTANCE,
                "redis", connections);
    }

    /**
     * Redis shared by all instances as L2, a Caffeine L1 in each, kept coherent by invalidations on Redis pub/sub.
     * Closed in reverse: the near-cache's subscription, the bus, then the connections.
     */
    private static Backend twoTier(JobcacheConfig config, Clock clock, CacheMetrics metrics) {
        JobcacheConfig.Redis redis = config.redis();
        RedisConnections connections = connect(redis);
        try {
            RedisInvalidationBus bus = new RedisInvalidationBus(connections, redis.keyPrefix(), RedisBusSettings.defaults());
            Duration delay = config.cache().busDeliveryDelay();
            DelayedInvalidationBus delayed = delay.isZero() ? null : new DelayedInvalidationBus(bus, delay);
            NearCacheStore near = new NearCacheStore(new RedisCacheStore(connections, redis.keyPrefix(), clock),
                    delayed == null ? bus : delayed, config.cache().l1MaxBytes(), config.cache().l1MaxAge(), clock,
                    metrics);
            return new Backend(near, bus, "two-tier", () -> {
                near.close();
                if (delayed != null) {
                    delayed.close();
                }
                bus.close();
                connections.close();
            });
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
    }

    private static RedisConnections connect(JobcacheConfig.Redis redis) {
        RedisSettings settings = new RedisSettings(redis.commandTimeout(), redis.failureRatePercent(),
                redis.slidingWindow(), redis.minimumCalls(), redis.openFor(), HALF_OPEN_PROBES,
                redis.waitReplicas() < 0 ? RedisSettings.BY_TOPOLOGY : redis.waitReplicas(),
                redis.readFromReplicas() ? RedisReadFrom.REPLICA_PREFERRED : RedisReadFrom.MASTER);
        try {
            return RedisConnections.connect(redis.url(), settings);
        } catch (RuntimeException e) {
            throw new UnusableSetting("REDIS_URL", e);
        }
    }
}
