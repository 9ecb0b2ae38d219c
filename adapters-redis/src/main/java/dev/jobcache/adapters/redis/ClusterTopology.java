package dev.jobcache.adapters.redis;

import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ConnectionIntent;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Cluster: a shared connection routed by slot, and one for invalidations whose per-node connections carry the
 * scripts and the {@code WAIT} after them.
 */
record ClusterTopology(RedisClusterClient client, StatefulRedisClusterConnection<byte[], byte[]> shared,
                       StatefulRedisClusterConnection<byte[], byte[]> invalidations) implements RedisTopology {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterTopology.class);

    static ClusterTopology open(RedisClusterClient client, RedisSettings settings, Duration connectTimeout) {
        StatefulRedisClusterConnection<byte[], byte[]> shared = client.connect(ByteArrayCodec.INSTANCE);
        try {
            shared.setReadFrom(RedisTopology.readFrom(settings));
            StatefulRedisClusterConnection<byte[], byte[]> invalidations = client.connect(ByteArrayCodec.INSTANCE);
            invalidations.setReadFrom(ReadFrom.UPSTREAM);
            ClusterTopology topology = new ClusterTopology(client, shared, invalidations);
            topology.openNodeConnections(settings, connectTimeout);
            return topology;
        } catch (RuntimeException e) {
            shared.close();
            throw e;
        }
    }

    // with REJECT_COMMANDS, the first commands to a node Lettuce has not connected to yet would be rejected
    private void openNodeConnections(RedisSettings settings, Duration connectTimeout) {
        List<CompletableFuture<?>> opening = new ArrayList<>();
        for (RedisClusterNode node : shared.getPartitions()) {
            String host = node.getUri().getHost();
            int port = node.getUri().getPort();
            opening.add(shared.getConnectionAsync(host, port, ConnectionIntent.WRITE));
            if (settings.readFrom() == RedisReadFrom.REPLICA_PREFERRED) {
                opening.add(shared.getConnectionAsync(host, port, ConnectionIntent.READ));
            }
            if (isMaster(node)) {
                opening.add(invalidations.getConnectionAsync(host, port, ConnectionIntent.WRITE));
            }
        }
        try {
            CompletableFuture.allOf(opening.toArray(new CompletableFuture<?>[0]))
                    .get(connectTimeout.toNanos() * 2, TimeUnit.NANOSECONDS);
        } catch (Exception some) {
            LOG.warn("Could not open a connection to every Redis Cluster node ahead ({}); the first commands to the others may fail",
                    some.toString());
        }
    }

    @Override
    public RedisClusterAsyncCommands<byte[], byte[]> commands() {
        return shared.async();
    }

    @Override
    public RedisClusterAsyncCommands<byte[], byte[]> invalidationCommandsFor(byte[] key, Duration connectTimeout) {
        RedisClusterNode node = invalidations.getPartitions().getPartitionBySlot(SlotHash.getSlot(key));
        if (node == null) {
            throw new RedisException("no Redis Cluster node serves slot " + SlotHash.getSlot(key) + " at the moment");
        }
        return nodeCommands(node, connectTimeout);
    }

    @Override
    public List<RedisConnections.Master> masters(Duration connectTimeout) {
        List<RedisClusterNode> masters = new ArrayList<>();
        for (RedisClusterNode node : invalidations.getPartitions()) {
            if (isMaster(node) && !node.getSlots().isEmpty()) {
                masters.add(node);
            }
        }
        masters.sort(Comparator.comparingInt(node -> node.getSlots().get(0)));
        List<RedisConnections.Master> result = new ArrayList<>(masters.size());
        for (RedisClusterNode node : masters) {
            result.add(new RedisConnections.Master(node.getUri().getHost() + ":" + node.getUri().getPort(), nodeCommands(node, connectTimeout),
                    node.getSlots().get(0)));
        }
        return result;
    }

    private RedisClusterAsyncCommands<byte[], byte[]> nodeCommands(RedisClusterNode node, Duration connectTimeout) {
        try {
            return invalidations
                    .getConnectionAsync(node.getUri().getHost(), node.getUri().getPort(), ConnectionIntent.WRITE)
                    .get(connectTimeout.toNanos(), TimeUnit.NANOSECONDS)
                    .async();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while connecting to " + node.getUri());
        } catch (Exception unreachable) {
            throw new RedisException("cannot connect to Redis Cluster node " + node.getUri().getHost() + ":"
                    + node.getUri().getPort() + " (" + unreachable + ")");
        }
    }

    @SuppressWarnings("unchecked")
    @Override
    public CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> connectPubSub() {
        return (CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>>) (CompletableFuture<?>)
                client.connectPubSubAsync(ByteArrayCodec.INSTANCE);
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

    private static boolean isMaster(RedisClusterNode node) {
        return node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.is(RedisClusterNode.NodeFlag.FAIL);
    }
}
