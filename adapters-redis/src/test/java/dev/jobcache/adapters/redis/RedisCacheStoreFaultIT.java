package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.StoreFailure;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.redis.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static dev.jobcache.testkit.fixture.Keys.key;
import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * How {@link RedisCacheStore} behaves when its Redis stalls, dies, comes back or runs out of memory; each test kills or
 * reconfigures its own private server.
 */
class RedisCacheStoreFaultIT {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(200);
    private static final Duration RECOVERY = Duration.ofSeconds(15);
    private static final CacheKey KEY = key("GET:/jobs/{id}:user=alice:1");
    /** A breaker that never opens, for tests about Redis itself. */
    private static final RedisSettings NO_BREAKER = RedisSettings.defaults().withCommandTimeout(COMMAND_TIMEOUT)
            .withBreaker(100f, 100, 100, Duration.ofSeconds(1), 1);
    /** Opens once half of the last 4 calls failed; probes with one call after 10 s on the test's clock. */
    private static final RedisSettings TINY_BREAKER = RedisSettings.defaults().withCommandTimeout(COMMAND_TIMEOUT)
            .withBreaker(50f, 4, 4, Duration.ofSeconds(10), 1);

    private final MutableClock clock = new MutableClock();
    private RedisServer server;
    private RedisConnections connections;
    private RedisCacheStore store;

    @BeforeEach
    void startRedis() {
        server = RedisServer.start();
    }

    @AfterEach
    void stopRedis() {
        if (connections != null) {
            connections.close();
        }
        server.close();
    }

    private RedisCacheStore storeWith(RedisSettings settings) {
        connections = RedisConnections.connect(server.uri(), settings);
        store = new RedisCacheStore(connections, clock);
        return store;
    }

    private boolean answers() {
        try {
            store.get(KEY);
            return true;
        } catch (RuntimeException stillDown) {
            return false;
        }
    }

    @Nested
    class WhenRedisIsPaused {

        @BeforeEach
        void storeWithoutBreaker() {
            storeWith(NO_BREAKER);
            store.put(KEY, aCachedResponse().build(), Set.of());
        }

        @Test
        void aReadFailsWithinTheCommandTimeoutInsteadOfHanging() {
            server.pause();

            assertThatThrownBy(() -> store.get(KEY))
                    .isInstanceOf(RedisStoreException.class)
                    .hasMessageContaining("did not answer in time");
        }

        @Test
        void aTimeoutReachesOnlyItsOwnCallForTheBreakerToJudge() {
            server.pause();

            assertThatThrownBy(() -> store.get(KEY))
                    .isInstanceOfSatisfying(StoreFailure.class,
                            failure -> assertThat(failure.reach()).isEqualTo(StoreFailure.Reach.CALL));
        }

        @Test
        void callsSucceedAgainOnceRedisResumes() {
            server.pause();
            assertThatThrownBy(() -> store.get(KEY)).isInstanceOf(RedisStoreException.class);

            server.resume();

            await().atMost(RECOVERY).until(RedisCacheStoreFaultIT.this::answers);
            assertThat(store.get(KEY)).isPresent();
        }

        @Test
        void healthSaysDownWithTheReason() {
            server.pause();

            var health = store.health();

            assertThat(health.up()).isFalse();
            assertThat(health.details()).containsEntry("breaker", "CLOSED").containsKey("error");
        }
    }

    @Nested
    class WhenRedisIsKilled {

        @BeforeEach
        void storeWithoutBreaker() {
            storeWith(NO_BREAKER);
            store.put(KEY, aCachedResponse().build(), Set.of());
        }

        @Test
        void callsFailWithARedisStoreException() {
            server.kill();

            assertThatThrownBy(() -> store.get(KEY)).isInstanceOf(RedisStoreException.class);
            assertThatThrownBy(() -> store.put(KEY, aCachedResponse().build(), Set.of())).isInstanceOf(RedisStoreException.class);
            assertThatThrownBy(() -> store.invalidateTags(Set.of(Tag.of("job:1"))))
                    .isInstanceOf(RedisStoreException.class);
        }

        @Test
        void aLostConnectionReachesTheWholeStore() {
            server.kill();
            await().atMost(RECOVERY).until(() -> !connections.isOpen());

            assertThatThrownBy(() -> store.get(KEY))
                    .isInstanceOfSatisfying(StoreFailure.class,
                            failure -> assertThat(failure.reach()).isEqualTo(StoreFailure.Reach.STORE));
        }

        @Test
        void theSameStoreWorksAgainAfterARestart() {
            server.kill();
            assertThatThrownBy(() -> store.get(KEY)).isInstanceOf(RedisStoreException.class);

            server.restart();

            await().atMost(RECOVERY).until(RedisCacheStoreFaultIT.this::answers);
            store.put(KEY, aCachedResponse().build(), Set.of());
            assertThat(store.get(KEY)).isPresent();
            assertThat(store.health().details()).containsEntry("connected", "yes");
        }

        @Test
        void scriptsRunAgainAfterARestartEmptiedRedisScriptCache() {
            server.restart();
            await().atMost(RECOVERY).until(RedisCacheStoreFaultIT.this::answers);

            store.put(KEY, aCachedResponse().build(), Set.of(Tag.of("job:1")));

            assertThat(store.invalidateTags(Set.of(Tag.of("job:1")))).isEqualTo(1);
        }
    }

    @Nested
    class CircuitBreaker {

        @BeforeEach
        void storeWithTinyBreaker() {
            storeWith(TINY_BREAKER);
        }

        @Test
        void opensAfterRepeatedFailuresAndThenFailsFastWithoutCallingRedis() {
            givenTheBreakerOpenedWhileRedisWasDown();

            server.restart();
            await().atMost(RECOVERY).until(() -> connections.isOpen());

            assertThat(server.command("PING")).isEqualTo("PONG");
            assertThatThrownBy(() -> store.get(KEY)).isInstanceOf(RedisStoreException.class).hasMessageContaining("circuit open");
            assertThat(store.health().details()).containsEntry("breaker", "OPEN");
        }

        @Test
        void aCallTheOpenBreakerRefusesReachesOnlyThatCall() {
            givenTheBreakerOpenedWhileRedisWasDown();

            assertThatThrownBy(() -> store.get(KEY))
                    .hasMessageContaining("circuit open")
                    .isInstanceOfSatisfying(StoreFailure.class,
                            failure -> assertThat(failure.reach()).isEqualTo(StoreFailure.Reach.CALL));
        }

        @Test
        void closesAgainOnceAProbeAfterTheWaitSucceeds() {
            givenTheBreakerOpenedWhileRedisWasDown();
            server.restart();
            await().atMost(RECOVERY).until(() -> connections.isOpen());

            clock.advance(Duration.ofSeconds(10).plusMillis(1));

            await().atMost(RECOVERY).until(RedisCacheStoreFaultIT.this::answers);
            assertThat(store.health().details()).containsEntry("breaker", "CLOSED");
        }

        @Test
        void healthStillReachesRedisWhileTheBreakerIsOpen() {
            givenTheBreakerOpenedWhileRedisWasDown();
            server.restart();
            await().atMost(RECOVERY).until(() -> connections.isOpen());

            var health = store.health();

            assertThat(health.up()).isTrue();
            assertThat(health.details()).containsEntry("breaker", "OPEN");
        }

        private void givenTheBreakerOpenedWhileRedisWasDown() {
            server.kill();
            for (int call = 0; call < 4; call++) {
                assertThatThrownBy(() -> store.get(KEY)).isInstanceOf(RedisStoreException.class);
            }
            assertThat(store.health().details()).containsEntry("breaker", "OPEN");
        }
    }

    @Nested
    class WhenRedisIsFull {

        @BeforeEach
        void fillRedisPastOneMegabyte() {
            storeWith(TINY_BREAKER);
            store.put(KEY, aCachedResponse().withBodyOfSize(1_500_000).build(), Set.of());
            server.command("CONFIG", "SET", "maxmemory-policy", "noeviction");
            server.command("CONFIG", "SET", "maxmemory", "1mb");
        }

        @Test
        void aPutFailsButReadsStillWork() {
            assertThatThrownBy(() -> store.put(key("GET:/jobs:user=alice:more"), aCachedResponse().build(), Set.of()))
                    .isInstanceOf(RedisStoreException.class)
                    .hasMessageContaining("OOM");

            assertThat(store.get(KEY)).isPresent();
        }

        @Test
        void aRefusedPutReachesOnlyThatCall() {
            assertThatThrownBy(() -> store.put(key("GET:/jobs:user=alice:more"), aCachedResponse().build(), Set.of()))
                    .isInstanceOfSatisfying(StoreFailure.class,
                            failure -> assertThat(failure.reach()).isEqualTo(StoreFailure.Reach.CALL));
        }

        @Test
        void refusedPutsDoNotOpenTheBreaker() {
            for (int put = 0; put < 6; put++) {
                assertThatThrownBy(() -> store.put(key("GET:/jobs:user=alice:more"), aCachedResponse().build(), Set.of()))
                        .isInstanceOf(RedisStoreException.class);
            }

            assertThat(store.health().details()).containsEntry("breaker", "CLOSED").containsEntry("maxmemory-policy", "noeviction");
        }

        @Test
        void invalidationsAndClearStillWork() {
            server.command("CONFIG", "SET", "maxmemory", "0");
            store.put(key("GET:/jobs:user=alice:2"), aCachedResponse().build(), Set.of(Tag.of("job:2")));
            server.command("CONFIG", "SET", "maxmemory", "1mb");

            long byTag = store.invalidateTags(Set.of(Tag.of("job:2")));
            boolean byKey = store.invalidate(KEY);
            long cleared = store.clear();

            assertThat(byTag).isEqualTo(1);
            assertThat(byKey).isTrue();
            assertThat(cleared).isZero();
        }

        @Test
        void usageReportsTheMemoryBound() {
            var usage = store.usage();

            assertThat(usage.maxBytes()).isEqualTo(1024 * 1024);
            assertThat(usage.bytes()).isGreaterThan(usage.maxBytes());
        }
    }
}
