package dev.jobcache.adapters.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.util.Arrays;
import java.util.Objects;

/**
 * One pub/sub connection of a {@link RedisInvalidationBus} and the listeners the bus put on it: messages on the
 * invalidation channel, heartbeats on the bus's own channel, the confirmation of the subscription and the
 * connection's closing, each reported with the link it came from, so that the bus can ignore a replaced one's.
 * Events arrive on Lettuce's event-loop threads.
 */
final class PubSubLink {

    /** What a link reports to its bus. */
    interface Events {

        void message(byte[] message);

        void heartbeat(byte[] message);

        /** Redis confirmed the subscription to the invalidation channel on {@code from}. */
        void subscribed(PubSubLink from);

        void disconnected(PubSubLink from);
    }

    private final StatefulRedisPubSubConnection<byte[], byte[]> connection;
    private final RedisPubSubAdapter<byte[], byte[]> messages;
    private final RedisConnectionStateListener state;

    PubSubLink(StatefulRedisPubSubConnection<byte[], byte[]> connection, byte[] channel, byte[] heartbeatChannel,
               Events events) {
        this.connection = Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(events, "events");
        this.messages = new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] from, byte[] message) {
                if (Arrays.equals(from, channel)) {
                    events.message(message);
                } else if (Arrays.equals(from, heartbeatChannel)) {
                    events.heartbeat(message);
                }
            }

            @Override
            public void subscribed(byte[] to, long count) {
                if (Arrays.equals(to, channel)) {
                    events.subscribed(PubSubLink.this);
                }
            }
        };
        this.state = new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> closed) {
                events.disconnected(PubSubLink.this);
            }
        };
        connection.addListener(messages);
        connection.addListener(state);
    }

    boolean isOpen() {
        return connection.isOpen();
    }

    void close() {
        connection.removeListener(messages);
        connection.removeListener(state);
        connection.closeAsync();
    }
}
