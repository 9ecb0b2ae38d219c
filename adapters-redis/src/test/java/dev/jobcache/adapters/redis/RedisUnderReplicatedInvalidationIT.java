package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.Tag;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.redis.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A master whose replica is gone, with invalidations that must be acknowledged by one ({@code REDIS_WAIT_REPLICAS=1}):
 * each invalidation fails, so it is owed, but only one per probe interval sends a {@code WAIT}. A {@code WAIT} holds
 * its connection for most of the command timeout, and one per invalidation under writes piled commands up behind
 * each other until Lettuce refused every command on that connection, long after the replica was back.
 */
class RedisUnderReplicatedInvalidationIT {

    private static final Pattern WAIT_CALLS = Pattern.compile("cmdstat_wait:calls=(\\d+)");
    private static final Set<Tag> TAGS = Set.of(Tag.of("job:1"));

    private final MutableClock clock = new MutableClock();
    private RedisServer master;
    private RedisServer replica;
    private RedisConnections connections;
    private RedisCacheStore store;

    @BeforeEach
    void start() {
        master = RedisServer.start();
        replica = startReplica();
        connections = RedisConnections.connect(master.uri(), RedisSettings.defaults()
                // WAIT ends after 3/4 of it: long enough that on a busy machine Redis' answer, not ours, ends each
                .withCommandTimeout(Duration.ofSeconds(1))
                .withReplication(1, RedisReadFrom.MASTER));
        store = new RedisCacheStore(connections, "replicas:v1:", clock);
    }

    @AfterEach
    void stop() {
        if (connections != null) {
            connections.close();
        }
        if (replica != null) {
            replica.close();
        }
        if (master != null) {
            master.close();
        }
    }

    @Test
    void sendsOneWaitPerProbeIntervalWhileTheReplicaIsGoneAndWaitsForEachAgainOnceItIsBack() {
        store.invalidateTags(TAGS);
        replica.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> master.command("INFO", "replication").contains("connected_slaves:0"));
        long before = waits();

        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> store.invalidateTags(TAGS)).isInstanceOf(RedisStoreException.class);
        }
        long waitsWhileGone = waits() - before;
        clock.advance(RedisCacheStore.UNDER_REPLICATED_PROBE_INTERVAL);
        assertThatThrownBy(() -> store.invalidateTags(TAGS)).isInstanceOf(RedisStoreException.class);
        long waitsAfterTheInterval = waits() - before;

        replica = startReplica();
        // a replica just synchronised may take a moment to acknowledge; each probe interval tries once
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
            clock.advance(RedisCacheStore.UNDER_REPLICATED_PROBE_INTERVAL);
            store.invalidateTags(TAGS);
            return true;
        });
        long beforeBack = waits();
        for (int i = 0; i < 5; i++) {
            store.invalidateTags(TAGS);
        }
        long waitsOnceBack = waits() - beforeBack;

        assertThat(waitsWhileGone).as("20 invalidations right after a short WAIT").isEqualTo(1);
        assertThat(waitsAfterTheInterval).as("one more after the probe interval").isEqualTo(2);
        assertThat(waitsOnceBack).as("every invalidation waits for its replica again").isEqualTo(5);
    }

    private RedisServer startReplica() {
        RedisServer started = RedisServer.start("--replicaof", master.host(), Integer.toString(master.port()));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> master.command("INFO", "replication").matches("(?s).*slave0:.*state=online.*"));
        return started;
    }

    private long waits() {
        Matcher matcher = WAIT_CALLS.matcher(master.command("INFO", "commandstats"));
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }
}
