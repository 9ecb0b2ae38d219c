package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.testkit.contract.CacheStoreContract;
import dev.jobcache.testkit.fake.ForwardingCacheStore;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@link CacheStoreContract} needs of a Redis under test, one server or a Cluster: Redis expires keys on its own
 * clock, so moving time rewrites every expiry under the prefix instead of sleeping.
 */
abstract class RedisCacheStoreContractSupport extends CacheStoreContract {

    static final String PREFIX = "contract:v1:";

    /** Commands on the Redis under test, for the test's own bookkeeping. */
    abstract RedisClusterCommands<String, String> admin();

    abstract RedisConnections connections();

    /** Empties Redis before each test. */
    abstract void empty();

    private final Map<String, Long> entryExpiresAtNanos = new ConcurrentHashMap<>();

    @Override
    protected CacheStore newStore(Clock clock) {
        empty();
        entryExpiresAtNanos.clear();
        return new ExpiryRecordingCacheStore(new RedisCacheStore(connections(), PREFIX, clock));
    }

    /**
     * Entries get the expiry they have on the contract's clock, recorded at their put: their PTTL alone would be off by
     * the real milliseconds the test took, which the contract's "1 ms before retention" checks cannot afford. Tag
     * sets and counters, which only need to outlive their entries, have their PTTL shortened by the same amount.
     */
    @Override
    protected void advanceTime(Duration duration) {
        super.advanceTime(duration);
        long millis = duration.toMillis();
        RedisClusterCommands<String, String> redis = admin();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches("{" + PREFIX + "*").limit(1000));
            for (String key : page.getKeys()) {
                Long expiresAt = entryExpiresAtNanos.get(key);
                long left = expiresAt != null ? (expiresAt - clock.nanoTime()) / 1_000_000 : redis.pttl(key) - millis;
                if (left <= 0 && (expiresAt != null || redis.pttl(key) >= 0)) {
                    redis.del(key);
                } else if (left > 0) {
                    redis.pexpire(key, left);
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    private void recordPut(CacheKey key, CachedResponse response) {
        entryExpiresAtNanos.put(new String(new RedisKeyNames(PREFIX, connections().buckets()).entry(key), java.nio.charset.StandardCharsets.US_ASCII),
                clock.nanoTime() + response.retention().toNanos());
    }

    /** Redis expires on its own clock, which keeps running while the test checks: allow a second of it. */
    @Override
    protected Duration expiryResolution() {
        return Duration.ofSeconds(1);
    }

    /** {@code SCAN}'s {@code COUNT} is a hint: a step returns whole hash buckets, a few keys more than asked at most. */
    @Override
    protected int pageSizeBound(int limit) {
        return 2 * limit + 10;
    }

    /** Passes every call on, noting when each stored entry expires on the contract's clock. */
    private final class ExpiryRecordingCacheStore extends ForwardingCacheStore {

        ExpiryRecordingCacheStore(CacheStore store) {
            super(store);
        }

        @Override
        public void put(CacheKey key, CachedResponse response, Set<Tag> tags) {
            super.put(key, response, tags);
            recordPut(key, response);
        }

        @Override
        public boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, long generation) {
            boolean stored = super.putIfUnchanged(key, response, tags, generation);
            if (stored) {
                recordPut(key, response);
            }
            return stored;
        }

        // reads pass on unchanged, so the contract's asynchronous read is Redis' own
        @Override
        public boolean readsAsynchronously() {
            return delegate().readsAsynchronously();
        }

        @Override
        public CompletionStage<Optional<CachedResponse>> getAsync(CacheKey key) {
            return delegate().getAsync(key);
        }

        @Override
        public Residence residence() {
            return delegate().residence();
        }
    }
}
