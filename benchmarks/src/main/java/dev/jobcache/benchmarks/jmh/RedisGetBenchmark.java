package dev.jobcache.benchmarks.jmh;

import dev.jobcache.application.cache.CacheDecision;
import dev.jobcache.application.cache.CacheSettings;
import dev.jobcache.application.cache.CacheableRequest;
import dev.jobcache.benchmarks.metrics.CountingCacheMetrics;
import dev.jobcache.application.cache.FailOpenCacheStore;
import dev.jobcache.application.cache.ResponseCache;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.domain.security.Principal;
import dev.jobcache.testkit.redis.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code RedisCacheStore.get} of a present entry against a private redis-server on loopback, sampled for its
 * percentiles, against a raw Lettuce {@code HGET} of the same field of the same hash on a connection of its own:
 * the round trip any Redis read pays. The difference is the store's own work (key naming, the circuit breaker, the
 * asynchronous call awaited with a timeout, decoding into a {@link CachedResponse}).
 *
 * <p>The raw read names the entry as the store does ({@code jobcache:v1:e:<key>}, field {@code d}); set-up fails if
 * that naming has changed, rather than let the baseline measure misses.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class RedisGetBenchmark {

    private static final String ENTRY_PREFIX = "jobcache:v1:e:";
    private static final byte[] DATA_FIELD = "d".getBytes(StandardCharsets.US_ASCII);

    @Param("1000")
    int entries;

    FilledEntries filled;
    Backend.Opened opened;
    CacheStore store;
    ResponseCache cache;
    CacheableRequest[] requests;
    byte[][] entryNames;
    RedisClient rawClient;
    StatefulRedisConnection<byte[], byte[]> rawConnection;
    RedisCommands<byte[], byte[]> raw;

    @Setup(Level.Trial)
    public void setUp() {
        JobsEntries source = JobsEntries.forBenchmarks(true, StoreGetBenchmark.USERS);
        filled = FilledEntries.of(entries, entries, source);
        RedisServer server = PrivateRedis.start();
        opened = Backend.redisOn(server);
        store = opened.store();
        filled.putInto(store);
        filled.requireAllPresent(store);
        CountingCacheMetrics metrics = new CountingCacheMetrics();
        cache = new ResponseCache(new FailOpenCacheStore(store, metrics, "redis", Clock.system()), source.policies(),
                metrics, Clock.system(), CacheSettings.defaults("redis"));
        requests = new CacheableRequest[entries];
        for (int i = 0; i < entries; i++) {
            requests[i] = new CacheableRequest("GET", "/jobs", source.query(i), Optional.of(Principal.user(source.user(i))),
                    "application/json", "gzip", null, null, true, false);
            if (cache.freshHit(requests[i], false).isEmpty()) {
                throw new IllegalStateException("request " + i + " is not a fresh hit of the filled entries");
            }
        }
        rawClient = RedisClient.create(server.uri());
        rawConnection = rawClient.connect(ByteArrayCodec.INSTANCE);
        raw = rawConnection.sync();
        entryNames = new byte[entries][];
        for (int i = 0; i < entries; i++) {
            entryNames[i] = (ENTRY_PREFIX + filled.key(i).value()).getBytes(StandardCharsets.US_ASCII);
            if (raw.hget(entryNames[i], DATA_FIELD) == null) {
                throw new IllegalStateException("no " + ENTRY_PREFIX + "<key> hash with field d: the store names "
                        + "its entries otherwise now; fix the baseline");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            rawConnection.close();
            rawClient.shutdown();
        } finally {
            opened.close();
        }
    }

    @Benchmark
    public byte[] baseline(Walk walk) {
        return raw.hget(entryNames[filled.nextIndex(walk)], DATA_FIELD);
    }

    @Benchmark
    public Optional<CachedResponse> get(Walk walk) {
        return store.get(filled.key(filled.nextIndex(walk)));
    }

    /**
     * The whole lookup of a Redis hit as the HTTP edge asks for it on a worker thread ({@link ResponseCache#freshHit}
     * through the fail-open decorator: policy, key, read, decode, freshness, metrics), for the target "Redis-hit p99
     * at most twice the Redis round trip p99".
     */
    @Benchmark
    public Optional<CacheDecision.Hit> freshHit(Walk walk) {
        return cache.freshHit(requests[filled.nextIndex(walk)], false);
    }
}
