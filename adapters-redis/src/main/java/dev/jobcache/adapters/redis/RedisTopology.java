package dev.jobcache.adapters.redis;

import io.lettuce.core.ReadFrom;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What differs between one server, a Sentinel group ({@link PrimaryTopology}) and a Cluster ({@link ClusterTopology}),
 * behind {@link RedisConnections}.
 */
interface RedisTopology {

    /** The shared connection's commands, routed by key on a Cluster. */
    RedisClusterAsyncCommands<byte[], byte[]> commands();

    /** Commands on the invalidation connection to the master that holds {@code key}. */
    RedisClusterAsyncCommands<byte[], byte[]> invalidationCommandsFor(byte[] key, Duration connectTimeout);

    /** Every master that serves slots, in slot order, on the invalidation connection. */
    List<RedisConnections.Master> masters(Duration connectTimeout);

    /** A new pub/sub connection with the topology's client and options. */
    CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> connectPubSub();

    boolean isOpen();

    void close();

    static ReadFrom readFrom(RedisSettings settings) {
        return settings.readFrom() == RedisReadFrom.REPLICA_PREFERRED ? ReadFrom.REPLICA_PREFERRED : ReadFrom.UPSTREAM;
    }
}
