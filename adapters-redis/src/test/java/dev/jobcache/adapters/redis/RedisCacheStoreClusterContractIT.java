package dev.jobcache.adapters.redis;

import dev.jobcache.testkit.redis.RedisCluster;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/**
 * Runs the {@code CacheStore} contract against {@link RedisCacheStore} on a private Redis Cluster of three masters
 * and three replicas: every script in one slot, tag invalidations across all 64 buckets and every master, paging
 * over the masters, usage summed, and each invalidation acknowledged by a replica.
 */
class RedisCacheStoreClusterContractIT extends RedisCacheStoreContractSupport {

    private static RedisCluster cluster;
    private static RedisConnections connections;
    private static RedisClusterClient adminClient;
    private static StatefulRedisClusterConnection<String, String> adminConnection;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start(3, 1);
        connections = RedisConnections.connect(cluster.uri(), Duration.ofSeconds(2));
        adminClient = RedisClusterClient.create(cluster.uri().replace("redis-cluster://", "redis://"));
        adminConnection = adminClient.connect();
    }

    @AfterAll
    static void stopCluster() {
        if (adminConnection != null) {
            adminConnection.close();
            adminClient.shutdown();
        }
        if (connections != null) {
            connections.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    RedisClusterCommands<String, String> admin() {
        return adminConnection.sync();
    }

    @Override
    RedisConnections connections() {
        return connections;
    }

    @Override
    void empty() {
        cluster.flushAll();
    }
}
