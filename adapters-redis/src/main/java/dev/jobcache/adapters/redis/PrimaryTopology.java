package dev.jobcache.adapters.redis;

import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One primary: one server, or the primary of a Sentinel group through Lettuce's master/replica connections, which
 * ask the Sentinels where the primary is and listen to their announcements (pub/sub asks them on every
 * (re)connect). A shared connection and one for invalidations.
 */
record PrimaryTopology(RedisClient client, RedisURI uri, String masterName,
                               StatefulRedisConnection<byte[], byte[]> shared,
                               StatefulRedisConnection<byte[], byte[]> invalidations) implements RedisTopology {

    static PrimaryTopology single(RedisClient client, RedisURI uri) {
        StatefulRedisConnection<byte[], byte[]> shared = client.connect(ByteArrayCodec.INSTANCE, uri);
        try {
            return new PrimaryTopology(client, uri, uri.getHost() + ":" + uri.getPort(), shared,
                    client.connect(ByteArrayCodec.INSTANCE, uri));
        } catch (RuntimeException e) {
            shared.close();
            throw e;
        }
    }

    static PrimaryTopology sentinel(RedisClient client, RedisURI uri, RedisSettings settings) {
        StatefulRedisMasterReplicaConnection<byte[], byte[]> shared = MasterReplica.connect(client, ByteArrayCodec.INSTANCE, uri);
        try {
            shared.setReadFrom(RedisTopology.readFrom(settings));
            StatefulRedisMasterReplicaConnection<byte[], byte[]> invalidations =
                    MasterReplica.connect(client, ByteArrayCodec.INSTANCE, uri);
            invalidations.setReadFrom(ReadFrom.UPSTREAM);
            return new PrimaryTopology(client, uri, "primary " + uri.getSentinelMasterId(), shared, invalidations);
        } catch (RuntimeException e) {
            shared.close();
            throw e;
        }
    }

    @Override
    public RedisClusterAsyncCommands<byte[], byte[]> commands() {
        return shared.async();
    }

    @Override
    public RedisClusterAsyncCommands<byte[], byte[]> invalidationCommandsFor(byte[] key, Duration connectTimeout) {
        return invalidations.async();
    }

    @Override
    public List<RedisConnections.Master> masters(Duration connectTimeout) {
        return List.of(new RedisConnections.Master(masterName, invalidations.async(), 0));
    }

    @Override
    public CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> connectPubSub() {
        return client.connectPubSubAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture();
    }

    @Override
    public boolean isOpen() {
        return shared.isOpen();
    }

    @Override
    public void close() {
        invalidations.close();
        shared.close();
    }
}
