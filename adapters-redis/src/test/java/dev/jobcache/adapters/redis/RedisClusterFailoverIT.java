package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.domain.port.InvalidationBus;
import dev.jobcache.testkit.redis.RedisCluster;
import dev.jobcache.testkit.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.jobcache.testkit.fixture.Keys.key;
import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Redis Cluster of three masters and three replicas loses a master with SIGKILL: what a write was told is
 * invalidated stays invalidated on the promoted replica, the store works again by itself once the Cluster has failed
 * over, and the invalidation bus hears messages again whichever node carried its subscription.
 */
class RedisClusterFailoverIT {

    private static final Duration FAILOVER = Duration.ofSeconds(30);
    private static final RedisSettings SETTINGS = RedisSettings.defaults().withCommandTimeout(Duration.ofMillis(250));
    private static final RedisBusSettings FAST_HEARTBEAT = new RedisBusSettings(Duration.ofMillis(100), Duration.ofMillis(500));

    private static RedisCluster cluster;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start(3, 1);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void healthyAndEmpty() {
        cluster.awaitHealthy(FAILOVER);
        cluster.flushAll();
    }

    @org.junit.jupiter.api.AfterEach
    void closeWhatTheTestOpened() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void acknowledgedInvalidationsSurviveAKilledMasterAndTheStoreRecoversByItself() {
        RedisCacheStore store = storeOn(connect());
        List<CacheKey> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            CacheKey key = key("GET:/jobs/{id}:user=u" + (i % 5) + ":" + i);
            keys.add(key);
            store.put(key, aCachedResponse().build(), Set.of(Tag.of("job:" + i), Tag.of("user:u" + (i % 5))));
        }
        int acknowledged = 0;
        for (int i = 0; i < 150; i++) {
            if (i % 3 == 0) {
                store.invalidate(keys.get(i));
            } else {
                store.invalidateTags(Set.of(Tag.of("job:" + i)));
            }
            acknowledged++;
        }

        CacheKey probe = keyOnMaster(cluster.masters().get(0));
        long killedAt = System.nanoTime();
        RedisServer killed = cluster.killMaster(0);
        await().atMost(FAILOVER).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
            store.put(probe, aCachedResponse().build(), Set.of());
            return store.get(probe).isPresent();
        });
        long resumedMillis = (System.nanoTime() - killedAt) / 1_000_000;
        cluster.awaitHealthy(FAILOVER);

        RedisCacheStore fresh = storeOn(connect());
        int staleOnOld = 0;
        int staleOnFresh = 0;
        for (int i = 0; i < 150; i++) {
            staleOnOld += store.get(keys.get(i)).isPresent() ? 1 : 0;
            staleOnFresh += fresh.get(keys.get(i)).isPresent() ? 1 : 0;
        }
        int kept = 0;
        for (int i = 150; i < 300; i++) {
            kept += fresh.get(keys.get(i)).isPresent() ? 1 : 0;
        }
        // the promoted master has no replica until the killed node is back, and what it alone has may be lost with it
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.invalidateTags(Set.of(Tag.of("user:u1"))))
                    .isInstanceOf(RedisStoreException.class);
        } finally {
            cluster.restart(killed);
        }
        cluster.awaitHealthy(FAILOVER);
        await().atMost(FAILOVER).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> store.invalidateTags(Set.of(Tag.of("user:u1"))) >= 0);
        long invalidatingMillis = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.printf("redis cluster kill: %d acknowledged invalidations, %d stale after failover (%d through a new"
                + " connection), %d of 150 untouched entries kept, writes to the killed master's slots again after %d ms,"
                + " tag invalidations acknowledged again after %d ms (once the killed node is back as a replica)%n",
                acknowledged, staleOnOld, staleOnFresh, kept, resumedMillis, invalidatingMillis);

        assertThat(staleOnOld).isZero();
        assertThat(staleOnFresh).isZero();
    }

    /** Entries of a tag may sit in any bucket, so a tag invalidation is done only when every master applied it. */
    @Test
    void aTagInvalidationFailsWhileOneMasterDoesNotAnswerAndWorksOnceItDoes() {
        RedisCacheStore store = storeOn(connect());
        Tag tag = Tag.of("jobs");
        for (int i = 0; i < 64; i++) {
            store.put(key("GET:/jobs/{id}:user=u:" + i), aCachedResponse().build(), Set.of(tag));
        }
        RedisServer stalled = cluster.masters().get(1);

        stalled.pause();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.invalidateTags(Set.of(tag)))
                    .isInstanceOf(RedisStoreException.class);
        } finally {
            stalled.resume();
        }

        long removed = await().atMost(FAILOVER).ignoreExceptions().until(() -> store.invalidateTags(Set.of(tag)), n -> true);
        for (int i = 0; i < 64; i++) {
            assertThat(store.get(key("GET:/jobs/{id}:user=u:" + i))).isEmpty();
        }
        assertThat(removed).isBetween(0L, 64L);
    }

    @Test
    void theBusHearsMessagesAgainAfterEachMasterInTurnIsKilled() {
        RedisInvalidationBus publisher = bus();
        RedisInvalidationBus subscriber = bus();
        List<Invalidation> heard = new CopyOnWriteArrayList<>();
        subscriber.subscribe(new InvalidationBus.Listener() {
            @Override
            public void onInvalidation(Invalidation invalidation) {
                heard.add(invalidation);
            }

            @Override
            public void contactLost() {
            }
        });

        for (int round = 0; round < 3; round++) {
            long killedAt = System.nanoTime();
            RedisServer killed = cluster.killMaster(0);
            Invalidation message = Invalidation.ofTags(Set.of(Tag.of("job:" + round)), "failover-" + round);
            await().atMost(FAILOVER).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                publisher.publish(message);
                return heard.contains(message);
            });
            System.out.printf("redis cluster kill %d: the bus delivered again after %d ms%n",
                    round + 1, (System.nanoTime() - killedAt) / 1_000_000);
            cluster.awaitHealthy(FAILOVER);
            cluster.restart(killed);
            cluster.awaitHealthy(FAILOVER);
        }
    }

    private RedisConnections connect() {
        RedisConnections connections = RedisConnections.connect(cluster.uri(), SETTINGS);
        opened.add(connections);
        return connections;
    }

    private RedisCacheStore storeOn(RedisConnections connections) {
        // the real clock: the circuit breaker must be able to close again by itself
        return new RedisCacheStore(connections, "failover:v1:", Clock.system());
    }

    private RedisInvalidationBus bus() {
        RedisInvalidationBus bus = new RedisInvalidationBus(connect(), "failover:v1:", FAST_HEARTBEAT);
        opened.add(bus);
        return bus;
    }

    /** A key whose bucket lives on {@code master}, so that probing it proves that master's slots moved. */
    private static CacheKey keyOnMaster(RedisServer master) {
        RedisKeyNames names = new RedisKeyNames("failover:v1:", RedisKeyNames.CLUSTER_BUCKETS);
        for (int i = 0; ; i++) {
            CacheKey candidate = key("GET:/probe:public:" + i);
            String entry = new String(names.entry(candidate), java.nio.charset.StandardCharsets.US_ASCII);
            if (cluster.masterForSlot(RedisCluster.slotOf(entry)).port() == master.port()) {
                return candidate;
            }
        }
    }
}
