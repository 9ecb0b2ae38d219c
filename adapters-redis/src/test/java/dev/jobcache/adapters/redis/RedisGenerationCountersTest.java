package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

import static dev.jobcache.testkit.fixture.Keys.key;
import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counters an entry records outlive it: an entry stored just before one of them would expire is still served
 * after that moment, instead of turning into a miss early.
 */
class RedisGenerationCountersTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final RedisKeyNames NAMES = new RedisKeyNames(RedisKeyNames.DEFAULT_PREFIX);
    private static final CacheKey KEY = key("GET:/jobs/{id}:user=alice:1");
    private static final Tag TAG = Tag.of("job:1");

    private static RedisConnections connections;

    private RedisCacheStore store;

    @BeforeAll
    static void startRedis() {
        connections = RedisConnections.connect(REDIS.server().uri(), Duration.ofSeconds(2));
    }

    @AfterAll
    static void stopRedis() {
        connections.close();
    }

    @BeforeEach
    void freshStore() {
        REDIS.server().command("FLUSHALL");
        store = new RedisCacheStore(connections, new MutableClock());
        // the counters exist, as after an earlier store, and their day is nearly up
        store.put(key("GET:/jobs/{id}:user=alice:0"), aCachedResponse().build(), Set.of(TAG));
    }

    @Test
    void anEntryStoredAsItsBucketCounterIsAboutToExpireIsStillServedAfterwards() throws InterruptedException {
        entryOutlivesTheEndOf(NAMES.allGeneration(NAMES.bucketOf(KEY)));
    }

    @Test
    void anEntryStoredAsItsTagCounterIsAboutToExpireIsStillServedAfterwards() throws InterruptedException {
        entryOutlivesTheEndOf(NAMES.tagGeneration(NAMES.bucketOf(KEY), TAG));
    }

    private void entryOutlivesTheEndOf(byte[] counter) throws InterruptedException {
        String name = new String(counter, StandardCharsets.US_ASCII);
        assertThat(REDIS.server().command("PEXPIRE", name, "200")).isEqualTo("1");

        store.put(KEY, aCachedResponse().withTtl(Duration.ofMinutes(5)).build(), Set.of(TAG));
        Thread.sleep(400);

        assertThat(store.get(KEY)).isPresent();
    }
}
