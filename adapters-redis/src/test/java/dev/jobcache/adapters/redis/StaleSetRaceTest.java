package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.jobcache.testkit.fixture.Keys.key;
import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stale-set guard of {@link RedisCacheStore} across application instances: two stores on their own connections
 * to one Redis, one loading while the other invalidates (DESIGN.md, step 6).
 */
class StaleSetRaceTest {

    private static final CacheKey KEY = key("GET:/jobs/{id}:user=alice:42");
    private static final Tag JOB = Tag.of("job:42");
    private static final Tag OWNER = Tag.of("user:alice");
    private static final Set<Tag> TAGS = Set.of(JOB, OWNER);

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static RedisConnections instanceA;
    private static RedisConnections instanceB;

    private final MutableClock clock = new MutableClock();
    private RedisCacheStore loader;
    private RedisCacheStore invalidator;

    @BeforeAll
    static void startRedisAndTwoInstances() {
        instanceA = RedisConnections.connect(REDIS.server().uri(), Duration.ofSeconds(2));
        instanceB = RedisConnections.connect(REDIS.server().uri(), Duration.ofSeconds(2));
    }

    @AfterAll
    static void stopAll() {
        instanceA.close();
        instanceB.close();
    }

    @BeforeEach
    void freshStores() {
        loader = new RedisCacheStore(instanceA, clock);
        invalidator = new RedisCacheStore(instanceB, clock);
    }

    @Test
    void loadWithNothingInvalidatedMeanwhileIsStoredForEveryInstance() {
        long generation = loader.generation(KEY, TAGS);

        boolean stored = loader.putIfUnchanged(KEY, fresh(), TAGS, generation);

        assertThat(stored).isTrue();
        assertThat(invalidator.get(KEY)).contains(fresh());
    }

    @Test
    void invalidationDuringOriginCallPreventsStore() {
        long generation = loader.generation(KEY, TAGS);
        invalidator.invalidateTags(Set.of(OWNER));

        boolean stored = loader.putIfUnchanged(KEY, stale(), TAGS, generation);

        assertThat(stored).isFalse();
        assertThat(loader.get(KEY)).isEmpty();
        assertThat(invalidator.get(KEY)).isEmpty();
    }

    @Test
    void keyInvalidationDuringOriginCallPreventsStore() {
        long generation = loader.generation(KEY, TAGS);
        invalidator.invalidate(KEY);

        boolean stored = loader.putIfUnchanged(KEY, stale(), TAGS, generation);

        assertThat(stored).isFalse();
        assertThat(invalidator.get(KEY)).isEmpty();
    }

    @Test
    void clearDuringOriginCallPreventsStore() {
        long generation = loader.generation(KEY, TAGS);
        invalidator.clear();

        boolean stored = loader.putIfUnchanged(KEY, stale(), TAGS, generation);

        assertThat(stored).isFalse();
        assertThat(invalidator.get(KEY)).isEmpty();
    }

    @Test
    void invalidationOfAnUnrelatedTagDoesNotPreventStore() {
        long generation = loader.generation(KEY, TAGS);
        invalidator.invalidateTags(Set.of(Tag.of("job:7")));

        boolean stored = loader.putIfUnchanged(KEY, fresh(), TAGS, generation);

        assertThat(stored).isTrue();
    }

    /**
     * The same interleaving on two threads, forced with latches: the loader reads the generation, the other instance
     * invalidates (removing the copy cached before), and only then does the loader try to store what it loaded.
     */
    @Test
    void invalidationOnAnotherInstanceDuringOriginCallPreventsStoreAcrossThreads() throws Exception {
        invalidator.put(KEY, stale(), TAGS);
        CountDownLatch generationRead = new CountDownLatch(1);
        CountDownLatch invalidated = new CountDownLatch(1);
        ExecutorService instances = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> load = instances.submit(() -> {
                long generation = loader.generation(KEY, TAGS);
                generationRead.countDown();
                assertThat(invalidated.await(10, TimeUnit.SECONDS)).isTrue();
                return loader.putIfUnchanged(KEY, stale(), TAGS, generation);
            });
            Future<Long> invalidation = instances.submit(() -> {
                assertThat(generationRead.await(10, TimeUnit.SECONDS)).isTrue();
                long removed = invalidator.invalidateTags(Set.of(JOB));
                invalidated.countDown();
                return removed;
            });

            boolean stored = load.get(10, TimeUnit.SECONDS);
            long removed = invalidation.get(10, TimeUnit.SECONDS);

            assertThat(removed).isEqualTo(1);
            assertThat(stored).isFalse();
            assertThat(loader.get(KEY)).isEmpty();
            assertThat(invalidator.get(KEY)).isEmpty();
        } finally {
            instances.shutdownNow();
        }
    }

    private static CachedResponse stale() {
        return aCachedResponse().withBody("{\"id\":\"42\",\"status\":\"RUNNING\"}").build();
    }

    private static CachedResponse fresh() {
        return aCachedResponse().withBody("{\"id\":\"42\",\"status\":\"DONE\"}").build();
    }
}
