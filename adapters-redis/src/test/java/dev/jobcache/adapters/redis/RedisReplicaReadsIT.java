package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.testkit.redis.RedisCluster;
import dev.jobcache.testkit.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.jobcache.testkit.fixture.Keys.key;
import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code REDIS_READ_FROM=replica-preferred} on a Cluster of three masters with a replica each: reads go to the
 * replicas, and because every invalidation waits for the replica ({@code WAIT 1}), a read right after an acknowledged
 * invalidation never finds the entry it removed, although replication is asynchronous.
 */
class RedisReplicaReadsIT {

    private static final Pattern READ_ONLY_SCRIPTS = Pattern.compile("cmdstat_evalsha_ro:calls=(\\d+)");

    private static RedisCluster cluster;
    private static RedisConnections connections;

    @BeforeAll
    static void start() {
        cluster = RedisCluster.start(3, 1);
        connections = RedisConnections.connect(cluster.uri(), RedisSettings.defaults()
                .withCommandTimeout(Duration.ofMillis(500))
                .withReplication(1, RedisReadFrom.REPLICA_PREFERRED));
    }

    @AfterAll
    static void stop() {
        if (connections != null) {
            connections.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aReadFromAReplicaRightAfterAnAcknowledgedInvalidationNeverFindsTheRemovedEntry() {
        RedisCacheStore store = new RedisCacheStore(connections, "replica:v1:", Clock.system());
        // Lettuce learns which replicas are linked from the topology it reads; until then reads go to the masters
        long warmUp = readOnlyScriptsOnReplicas();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
            store.get(key("GET:/health:public:probe"));
            return readOnlyScriptsOnReplicas() > warmUp;
        });
        long readsBefore = readOnlyScriptsOnReplicas();
        int rounds = 500;
        int seenBeforeInvalidation = 0;
        int stale = 0;
        for (int i = 0; i < rounds; i++) {
            CacheKey key = key("GET:/jobs/{id}:user=u" + (i % 9) + ":" + i);
            Tag job = Tag.of("job:" + i);
            store.put(key, aCachedResponse().build(), Set.of(job, Tag.of("user:u" + (i % 9))));
            // a replica may not have the put yet: that is a miss, which is allowed
            seenBeforeInvalidation += store.get(key).isPresent() ? 1 : 0;
            if (i % 2 == 0) {
                store.invalidateTags(Set.of(job));
            } else {
                store.invalidate(key);
            }
            stale += store.get(key).isPresent() ? 1 : 0;
        }
        long replicaReads = readOnlyScriptsOnReplicas() - readsBefore;
        System.out.printf("redis replica reads: %d rounds, %d read scripts ran on replicas, %d entries found before their"
                + " invalidation, %d stale right after it%n", rounds, replicaReads, seenBeforeInvalidation, stale);

        assertThat(replicaReads).as("reads must have gone to the replicas").isGreaterThanOrEqualTo(rounds);
        assertThat(stale).isZero();
    }

    @Test
    void replicaReadsAreRefusedWithoutReplicaAcknowledgements() {
        RedisSettings unsafe = RedisSettings.defaults().withReplication(0, RedisReadFrom.REPLICA_PREFERRED);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RedisConnections.connect(cluster.uri(), unsafe))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replica");
    }

    private static long readOnlyScriptsOnReplicas() {
        long calls = 0;
        for (RedisServer replica : cluster.replicas()) {
            Matcher matcher = READ_ONLY_SCRIPTS.matcher(replica.command("INFO", "commandstats"));
            calls += matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
        }
        return calls;
    }
}
