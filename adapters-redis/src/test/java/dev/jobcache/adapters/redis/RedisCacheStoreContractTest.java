package dev.jobcache.adapters.redis;

import dev.jobcache.testkit.redis.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/** Runs the {@code CacheStore} contract against {@link RedisCacheStore} on a private redis-server, emptied before each test. */
class RedisCacheStoreContractTest extends RedisCacheStoreContractSupport {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static RedisConnections connections;
    private static RedisClient adminClient;
    private static StatefulRedisConnection<String, String> adminConnection;
    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void startRedis() {
        connections = RedisConnections.connect(REDIS.server().uri(), Duration.ofSeconds(2));
        adminClient = RedisClient.create(REDIS.server().uri());
        adminConnection = adminClient.connect();
        redis = adminConnection.sync();
    }

    @AfterAll
    static void stopRedis() {
        adminConnection.close();
        adminClient.shutdown();
        connections.close();
    }

    @Override
    RedisClusterCommands<String, String> admin() {
        return redis;
    }

    @Override
    RedisConnections connections() {
        return connections;
    }

    // the extension empties the server before each test
    @Override
    void empty() {
        redis.configResetstat();
    }
}
