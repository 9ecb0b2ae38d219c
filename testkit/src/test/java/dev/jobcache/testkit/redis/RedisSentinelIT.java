package dev.jobcache.testkit.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Checks that {@link RedisSentinel} starts a primary, a replica and three sentinels, and fails over when the primary
 * is killed or when asked; the tests share one topology, which each leaves healthy for the next.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisSentinelIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    // a primary demoted by SENTINEL FAILOVER becomes a replica only after the sentinels have waited about 8 s
    private static final Duration DEMOTION_PATIENCE = Duration.ofSeconds(45);

    private static RedisSentinel sentinel;

    @BeforeAll
    static void startSentinel() {
        long start = System.nanoTime();
        sentinel = RedisSentinel.start(1, 3);
        System.out.printf("redis sentinel: 1 primary, 1 replica, 3 sentinels ready in %.1f s (redis %s)%n",
                seconds(start), Probes.field(sentinel.primary().command("INFO", "server"), "redis_version").orElse("?"));
    }

    @AfterAll
    static void closeSentinel() {
        if (sentinel != null) {
            sentinel.close();
        }
    }

    @BeforeEach
    void healthyAndEmpty() {
        sentinel.awaitHealthy(DEMOTION_PATIENCE);
        sentinel.flushAll();
    }

    @Test
    void startsAPrimaryWithAReplicaWatchedByThreeSentinels() {
        RedisServer primary = sentinel.primary();
        List<RedisServer> replicas = sentinel.replicas();

        assertThat(sentinel.dataNodes()).hasSize(2).contains(primary);
        assertThat(replicas).hasSize(1).doesNotContain(primary);
        assertThat(sentinel.sentinels()).hasSize(3);
        assertThat(primary.command("INFO", "replication")).contains("role:master", "connected_slaves:1");
        for (RedisServer watcher : sentinel.sentinels()) {
            assertThat(watcher.command("INFO", "sentinel"))
                    .contains("status=ok,address=127.0.0.1:" + primary.port() + ",slaves=1,sentinels=3");
            assertThat(Files.exists(watcher.directory().resolve("sentinel.conf"))).isTrue();
        }
        primary.command("SET", "jobs:v1:job:1", "replicated");
        await().atMost(PATIENCE).until(() -> "replicated".equals(replicas.get(0).command("GET", "jobs:v1:job:1")));
    }

    @Test
    void uriNamesEverySentinelAndTheMaster() {
        String sentinels = sentinel.sentinels().stream().map(node -> "127.0.0.1:" + node.port())
                .collect(Collectors.joining(","));

        assertThat(sentinel.masterName()).isEqualTo("jobcache");
        assertThat(sentinel.uri()).isEqualTo("redis-sentinel://" + sentinels + "/0#jobcache");
    }

    @Test
    void killedPrimaryIsReplacedAndRejoinsAsAReplicaWhenRestarted() {
        RedisServer replica = sentinel.replicas().get(0);

        RedisServer killed = sentinel.killPrimary();
        long killedAt = System.nanoTime();
        RedisServer promoted = sentinel.awaitPrimaryOtherThan(killed, PATIENCE);
        System.out.printf("redis sentinel: primary %d killed, every sentinel names %d in %.1f s%n", killed.port(),
                promoted.port(), seconds(killedAt));

        assertThat(killed.isRunning()).isFalse();
        assertThat(promoted).isEqualTo(replica);
        assertThat(sentinel.primary()).isEqualTo(promoted);
        assertThat(promoted.command("INFO", "replication")).contains("role:master");

        sentinel.restart(killed);
        long restartedAt = System.nanoTime();
        sentinel.awaitHealthy(PATIENCE);
        System.out.printf("redis sentinel: old primary %d restarted and seen as a linked replica in %.1f s%n",
                killed.port(), seconds(restartedAt));

        assertThat(killed.command("INFO", "replication")).as(sentinel::describe)
                .contains("role:slave", "master_port:" + promoted.port(), "master_link_status:up");
        assertThat(sentinel.replicas()).as(sentinel::describe).containsExactly(killed);
    }

    @Test
    void failoverPromotesTheReplicaAndDemotesThePrimary() {
        RedisServer old = sentinel.primary();
        RedisServer replica = sentinel.replicas().get(0);

        long requestedAt = System.nanoTime();
        RedisServer promoted = sentinel.failover();
        System.out.printf("redis sentinel: SENTINEL FAILOVER, every sentinel names %d in %.1f s%n", promoted.port(),
                seconds(requestedAt));
        sentinel.awaitHealthy(DEMOTION_PATIENCE);
        System.out.printf("redis sentinel: old primary %d demoted to a linked replica %.1f s after SENTINEL FAILOVER%n",
                old.port(), seconds(requestedAt));

        assertThat(promoted).isEqualTo(replica).isNotEqualTo(old);
        assertThat(old.isRunning()).isTrue();
        assertThat(old.command("INFO", "replication")).contains("role:slave", "master_port:" + promoted.port());
    }

    @Test
    void restartedSentinelKeepsItsConfigurationAndRejoins() {
        RedisServer watcher = sentinel.sentinels().get(1);
        RedisServer primary = sentinel.primary();
        String id = watcher.command("SENTINEL", "MYID");

        sentinel.restart(watcher);
        long restartedAt = System.nanoTime();
        sentinel.awaitHealthy(PATIENCE);
        System.out.printf("redis sentinel: sentinel %d restarted and healthy in %.1f s%n", watcher.port(),
                seconds(restartedAt));

        assertThat(watcher.command("SENTINEL", "MYID")).isEqualTo(id);
        assertThat(watcher.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "jobcache"))
                .isEqualTo("127.0.0.1\n" + primary.port());
    }

    @Test
    void startsFromTheEmbeddedBinary() {
        var binary = EmbeddedBinary.assumeRunnable("startsFromTheEmbeddedBinary");
        long start = System.nanoTime();
        try (RedisSentinel embedded = RedisSentinel.start(binary, 1, 1)) {
            System.out.printf("redis sentinel (embedded %s): 1 primary, 1 replica, 1 sentinel ready in %.1f s%n",
                    Probes.field(embedded.primary().command("INFO", "server"), "redis_version").orElse("?"),
                    seconds(start));

            assertThat(embedded.primary()).isEqualTo(embedded.dataNodes().get(0));
            assertThat(embedded.replicas()).containsExactly(embedded.dataNodes().get(1));
        }
    }

    @Test
    void closeIsIdempotentAndStopsEveryProcess() {
        RedisSentinel small = RedisSentinel.start(0, 1);
        RedisServer primary = small.primary();
        RedisServer watcher = small.sentinels().get(0);

        small.close();
        small.close();

        assertThat(primary.isRunning()).isFalse();
        assertThat(watcher.isRunning()).isFalse();
        assertThat(Files.exists(watcher.directory())).isFalse();
        assertThatThrownBy(small::failover).isInstanceOf(IllegalStateException.class);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
