package dev.jobcache.adapters.redis;

import dev.jobcache.domain.port.InvalidationBus;
import dev.jobcache.testkit.contract.InvalidationBusContract;
import dev.jobcache.testkit.redis.RedisCluster;
import dev.jobcache.testkit.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/**
 * Runs {@link InvalidationBusContract} against {@link RedisInvalidationBus} on a private Redis Cluster of three
 * masters: messages published through one node reach a subscription on another. Losing contact pauses every node
 * (which node carries the subscription is Lettuce's choice), and restoring it resumes them.
 */
class RedisInvalidationBusClusterContractIT extends InvalidationBusContract {

    private static final RedisBusSettings FAST_HEARTBEAT = new RedisBusSettings(Duration.ofMillis(100), Duration.ofMillis(500));

    private static RedisCluster cluster;
    private RedisConnections connections;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start(3, 0);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected InvalidationBus newBus() {
        cluster.awaitHealthy(Duration.ofSeconds(30));
        connections = RedisConnections.connect(cluster.uri(), RedisSettings.defaults()
                .withCommandTimeout(Duration.ofMillis(500)).withReplication(0, RedisReadFrom.MASTER));
        return new RedisInvalidationBus(connections, "contract:v1:", FAST_HEARTBEAT);
    }

    @Override
    protected void loseContact(InvalidationBus bus) {
        for (RedisServer node : cluster.nodes()) {
            node.pause();
        }
    }

    @Override
    protected void restoreContact(InvalidationBus bus) {
        for (RedisServer node : cluster.nodes()) {
            if (node.isPaused()) {
                node.resume();
            }
        }
    }

    @Override
    protected void closeBus(InvalidationBus bus) {
        restoreContact(bus);
        ((RedisInvalidationBus) bus).close();
        connections.close();
    }
}
