package dev.jobcache.adapters.redis;

import dev.jobcache.domain.port.InvalidationBus;
import dev.jobcache.testkit.contract.InvalidationBusContract;
import dev.jobcache.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/**
 * Runs {@link InvalidationBusContract} against {@link RedisInvalidationBus} on a private redis-server; losing contact
 * kills the server and restoring it starts a new one on the same port, which Lettuce reconnects to by itself.
 */
class RedisInvalidationBusContractTest extends InvalidationBusContract {

    private static final RedisBusSettings FAST_PING = new RedisBusSettings(Duration.ofMillis(100), Duration.ofMillis(500));

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private RedisConnections connections;

    @Override
    protected InvalidationBus newBus() {
        connections = RedisConnections.connect(REDIS.server().uri(), Duration.ofSeconds(1));
        return new RedisInvalidationBus(connections, "contract:v1:", FAST_PING);
    }

    @Override
    protected void loseContact(InvalidationBus bus) {
        REDIS.server().kill();
    }

    @Override
    protected void restoreContact(InvalidationBus bus) {
        REDIS.server().restart();
    }

    @Override
    protected void closeBus(InvalidationBus bus) {
        ((RedisInvalidationBus) bus).close();
        connections.close();
    }
}
