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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Checks that {@link RedisCluster} forms a working 3 + 3 cluster and that a killed master is replaced and rejoins;
 * the tests share one cluster, which each leaves healthy for the next.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisClusterIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        long start = System.nanoTime();
        cluster = RedisCluster.start(3, 1);
        System.out.printf("redis cluster: %d nodes ready in %.1f s (redis %s)%n", cluster.nodes().size(), seconds(start),
                Probes.field(cluster.nodes().get(0).command("INFO", "server"), "redis_version").orElse("?"));
    }

    @AfterAll
    static void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void healthyAndEmpty() {
        cluster.awaitHealthy(PATIENCE);
        cluster.flushAll();
    }

    @Test
    void startsThreeMastersWithOneReplicaEachServingEverySlot() {
        assertThat(cluster.nodes()).hasSize(6);
        assertThat(cluster.masters()).hasSize(3);
        assertThat(cluster.replicas()).hasSize(3).doesNotContainAnyElementsOf(cluster.masters());
        for (RedisServer node : cluster.nodes()) {
            String info = node.command("CLUSTER", "INFO");
            assertThat(info).contains("cluster_state:ok", "cluster_slots_assigned:16384", "cluster_slots_ok:16384",
                    "cluster_known_nodes:6", "cluster_size:3");
            assertThat(node.port() + RedisServer.CLUSTER_BUS_OFFSET).isLessThanOrEqualTo(65_535);
        }
        for (RedisServer replica : cluster.replicas()) {
            assertThat(replica.command("INFO", "replication")).contains("role:slave", "master_link_status:up");
        }
        assertThat(cluster.masterForSlot(0)).isEqualTo(cluster.masters().get(0));
        assertThat(cluster.masterForSlot(RedisCluster.SLOTS - 1)).isEqualTo(cluster.masters().get(2));
    }

    @Test
    void uriListsEveryNode() {
        StringBuilder expected = new StringBuilder("redis-cluster://");
        for (RedisServer node : cluster.nodes()) {
            expected.append(expected.length() > "redis-cluster://".length() ? "," : "").append("127.0.0.1:")
                    .append(node.port());
        }

        assertThat(cluster.uri()).isEqualTo(expected.toString());
    }

    @Test
    void slotOfAgreesWithClusterKeyslot() {
        RedisServer node = cluster.nodes().get(0);
        List<String> keys = List.of("", "foo", "123456789", "jobs:v1:search:q=java", "{user1000}.following",
                "{user1000}.followers", "foo{}{bar}", "foo{{bar}}zap", "foo{bar}{zap}", "{}", "a{b", "}{x}",
                "jobs:{tenant-7}:page:2", "clé:ünïcödé:求人");

        for (String key : keys) {
            assertThat(RedisCluster.slotOf(key)).as("slot of '%s'", key)
                    .isEqualTo(Integer.parseInt(node.command("CLUSTER", "KEYSLOT", key)));
        }
        assertThat(RedisCluster.slotOf("123456789")).isEqualTo(0x31C3);
        assertThat(RedisCluster.slotOf("{user1000}.following")).isEqualTo(RedisCluster.slotOf("{user1000}.followers"));
    }

    @Test
    void keyWrittenToTheMasterOfItsSlotIsReadableAndReplicated() {
        String key = "jobs:v1:job:42";
        int slot = RedisCluster.slotOf(key);
        RedisServer master = cluster.masterForSlot(slot);
        RedisServer other = cluster.masters().stream().filter(node -> !node.equals(master)).findFirst().orElseThrow();

        master.command("SET", key, "cached");

        assertThat(master.command("GET", key)).isEqualTo("cached");
        assertThatThrownBy(() -> other.command("GET", key))
                .isInstanceOf(RedisServerException.class)
                .hasMessageContaining("MOVED " + slot + " 127.0.0.1:" + master.port());
        RedisServer replica = replicaOf(master);
        await().atMost(PATIENCE).until(() -> "1".equals(replica.command("DBSIZE")));
    }

    @Test
    void killedMasterIsReplacedByItsReplicaAndRejoinsAsAReplicaWhenRestarted() {
        String key = "jobs:v1:job:7";
        int slot = RedisCluster.slotOf(key);
        RedisServer master = cluster.masterForSlot(slot);
        RedisServer replica = replicaOf(master);
        master.command("SET", key, "survives");
        await().atMost(PATIENCE).until(() -> "1".equals(replica.command("DBSIZE")));

        RedisServer killed = cluster.killMaster(cluster.masters().indexOf(master));
        long killedAt = System.nanoTime();
        cluster.awaitHealthy(PATIENCE);
        System.out.printf("redis cluster: master %d killed, replica %d promoted and cluster healthy in %.1f s%n",
                killed.port(), replica.port(), seconds(killedAt));

        assertThat(killed).isEqualTo(master);
        assertThat(killed.isRunning()).isFalse();
        assertThat(cluster.masterForSlot(slot)).isEqualTo(replica);
        assertThat(cluster.masters()).hasSize(3).doesNotContain(killed);
        assertThat(replica.command("GET", key)).isEqualTo("survives");

        cluster.restart(killed);
        long restartedAt = System.nanoTime();
        cluster.awaitHealthy(PATIENCE);
        System.out.printf("redis cluster: node %d restarted and linked as a replica again in %.1f s%n",
                killed.port(), seconds(restartedAt));

        assertThat(Files.exists(killed.directory().resolve("nodes.conf"))).isTrue();
        assertThat(cluster.replicas()).contains(killed);
        assertThat(killed.command("INFO", "replication"))
                .contains("role:slave", "master_port:" + replica.port(), "master_link_status:up");
        assertThat(cluster.masterForSlot(slot)).isEqualTo(replica);
    }

    @Test
    void formsFromTheEmbeddedBinary() {
        var binary = EmbeddedBinary.assumeRunnable("formsFromTheEmbeddedBinary");
        long start = System.nanoTime();
        try (RedisCluster embedded = RedisCluster.start(binary, 3, 0)) {
            System.out.printf("redis cluster (embedded %s): 3 masters ready in %.1f s%n",
                    Probes.field(embedded.nodes().get(0).command("INFO", "server"), "redis_version").orElse("?"),
                    seconds(start));

            assertThat(embedded.masters()).hasSize(3);
            assertThat(embedded.nodes().get(1).command("CLUSTER", "INFO")).contains("cluster_slots_ok:16384");
        }
    }

    @Test
    void closeIsIdempotentAndStopsEveryNode() {
        RedisCluster small = RedisCluster.start(1, 0);
        RedisServer node = small.nodes().get(0);

        small.close();
        small.close();

        assertThat(node.isRunning()).isFalse();
        assertThat(Files.exists(node.directory())).isFalse();
        assertThatThrownBy(() -> small.restart(node)).isInstanceOf(IllegalStateException.class);
    }

    // the cluster's own view, since a restarted node may now be the replica of a master other than at the start
    private static RedisServer replicaOf(RedisServer master) {
        String masterId = master.command("CLUSTER", "MYID");
        return cluster.replicas().stream()
                .filter(node -> node.command("CLUSTER", "NODES").lines()
                        .anyMatch(line -> line.contains("myself") && line.contains(" " + masterId + " ")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no replica of " + master));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
