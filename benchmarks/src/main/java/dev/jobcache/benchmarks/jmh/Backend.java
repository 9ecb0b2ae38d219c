package dev.jobcache.benchmarks.jmh;

import dev.jobcache.adapters.caffeine.CaffeineCacheStore;
import dev.jobcache.adapters.caffeine.NearCacheStore;
import dev.jobcache.adapters.redis.RedisCacheStore;
import dev.jobcache.adapters.redis.RedisConnections;
import dev.jobcache.benchmarks.metrics.CountingCacheMetrics;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.testkit.fake.InMemoryCacheStore;
import dev.jobcache.testkit.fake.InMemoryInvalidationBus;
import dev.jobcache.testkit.redis.RedisServer;

import java.time.Duration;

/**
 * The stores a benchmark can run against, as a JMH {@code @Param}: Caffeine's {@code CacheType} pattern, one factory
 * per implementation so that every backend runs the same operations in the same run. Each benchmark fork opens one.
 *
 * <p>Byte bounds are far above what a benchmark puts, so nothing is evicted and every read of a filled key hits.
 * Metrics go to the application's {@link CountingCacheMetrics}, the in-process stand-in for the Prometheus registry
 * production uses (not on this module's classpath). {@link #REDIS} starts a private {@code redis-server} on
 * 127.0.0.1 (testkit's {@link RedisServer}, through {@link PrivateRedis}), which {@link Opened#close()} stops, and
 * which stops on its own if the fork dies.
 */
public enum Backend {

    /** The testkit fake: a synchronized {@code LinkedHashMap}, the simplest correct store. */
    IN_MEMORY {
        @Override
        public Opened open() {
            return new Opened(new InMemoryCacheStore(Clock.system()), () -> { });
        }
    },

    /** The in-process store of {@code CACHE_BACKEND=caffeine}. */
    CAFFEINE {
        @Override
        public Opened open() {
            return new Opened(new CaffeineCacheStore(MAX_BYTES, Clock.system(), new CountingCacheMetrics()), () -> { });
        }
    },

    /**
     * {@code CACHE_BACKEND=two-tier} with its network taken out: the near-cache's Caffeine L1 over the testkit store
     * as L2 and the in-memory bus, so a read of a filled key is an L1 hit and measures the near-cache itself.
     */
    TWO_TIER {
        @Override
        public Opened open() {
            NearCacheStore near = new NearCacheStore(new InMemoryCacheStore(Clock.system()),
                    new InMemoryInvalidationBus(), MAX_BYTES, JobsEntries.BENCHMARK_TTL, Clock.system(),
                    new CountingCacheMetrics());
            return new Opened(near, near::close);
        }
    },

    /** {@code CACHE_BACKEND=redis} against a private redis-server over loopback. */
    REDIS {
        @Override
        public Opened open() {
            return redisOn(PrivateRedis.start());
        }
    };

    static final long MAX_BYTES = 1L << 30;
    /** Generous: a benchmark on two shared cores must not turn a slow reply into a failure, i.e. a miss. */
    static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);

    public abstract Opened open();

    /** A Redis store on {@code server}; closing it closes the connection, then the server. */
    static Opened redisOn(RedisServer server) {
        try {
            RedisConnections connections = RedisConnections.connect(server.uri(), REDIS_TIMEOUT);
            return new Opened(new RedisCacheStore(connections, Clock.system()), () -> {
                try {
                    connections.close();
                } finally {
                    server.close();
                }
            });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** An open store and what to close when the benchmark is done with it. */
    public record Opened(CacheStore store, AutoCloseable resources) implements AutoCloseable {

        @Override
        public void close() throws Exception {
            resources.close();
        }
    }
}
