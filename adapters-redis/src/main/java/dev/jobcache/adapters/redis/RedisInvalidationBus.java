package dev.jobcache.adapters.redis;

import dev.jobcache.adapters.redis.InvalidationCodec.UnreadableMessageException;
import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.port.InvalidationBus;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link InvalidationBus} on Redis pub/sub, for the two-tier backend: every instance publishes its invalidations
 * on the channel {@code <keyPrefix>invalidations} and hears everybody's, its own included, so that each keeps its
 * near-cache coherent. Messages use {@link InvalidationCodec}'s versioned binary format.
 *
 * <p>On a Redis Cluster the channel is an ordinary one, not a sharded one: an ordinary {@code PUBLISH} reaches the
 * subscribers on every node, and Lettuce subscribes again on another node when its node fails, while Lettuce 7.7 does
 * not re-subscribe sharded channels after a failover (lettuce issue 3213).
 *
 * <p>Publishing is a {@code PUBLISH} on the shared command connection of {@link RedisConnections}, waited for at most
 * the command timeout; a failure throws a {@link RuntimeException} whose message says what failed. Receiving uses one
 * pub/sub connection and one Redis subscription per bus, fanned out to every {@link Listener}; a listener that throws
 * is logged and does not keep the others from hearing.
 *
 * <p>Redis pub/sub is at-most-once: whatever is published while a subscriber's connection is down, or that Redis drops
 * (a subscriber past its pub/sub output-buffer limit is disconnected), is gone. So the bus tells its listeners
 * {@link Listener#contactLost()} when
 * <ul>
 *   <li>the pub/sub connection closes (Lettuce's per-connection {@link RedisConnectionStateListener}), or</li>
 *   <li>a heartbeat, published every {@link RedisBusSettings#pingInterval()} on a channel of this bus's own through
 *       the command connection, does not come back on the subscription within {@link RedisBusSettings#pingTimeout()}:
 *       a hung or paused Redis, or a half-open socket, closes nothing, and on a Cluster the node that carries the
 *       subscription may answer a {@code PING} and still hear nothing of what is published (only a message's whole
 *       way proves delivery). If the connection still looks open, the bus then closes it and opens another, because
 *       Lettuce would otherwise keep waiting on it; or</li>
 *   <li>a message on the channel cannot be read (a newer format, or garbage): it may have been an invalidation, so
 *       listeners hear {@code contactLost} and at once {@code contactRestored}, since the subscription itself is
 *       fine.</li>
 * </ul>
 * It tells them {@link Listener#contactRestored()} only once Redis has confirmed the subscription again
 * ({@code SUBSCRIBE}'s reply, after Lettuce's own reconnect and re-subscribe or after the bus's new connection), or,
 * when only the heartbeat's publishing had failed, once a heartbeat comes back: from then on, published messages
 * arrive. Both signals are edge-triggered: once per loss, once per recovery, never while
 * healthy. A listener that subscribes while contact is lost hears {@code contactLost} before {@code subscribe} returns.
 *
 * <p>Listeners are called on Lettuce's event-loop threads (messages, disconnects, re-subscriptions) and on the bus's
 * one daemon thread, {@code jobcache-redis-bus} (heartbeats that did not come back); signals are serialised, messages are not
 * serialised with signals. Thread-safe. The bus owns its pub/sub connection and its thread, not the
 * {@link RedisConnections}: {@link #close()} the bus before them.
 */
public final class RedisInvalidationBus implements InvalidationBus, AutoCloseable {

    static final String CHANNEL_SUFFIX = "invalidations";
    static final String THREAD_NAME = "jobcache-redis-bus";
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(RedisInvalidationBus.class);

    private final RedisConnections connections;
    private final RedisBusSettings settings;
    private final String channelName;
    private final byte[] channel;
    private final byte[] heartbeatChannel;
    // the heartbeat awaited, completed by the event loop that delivers it
    private volatile long heartbeatExpected;
    private volatile CompletableFuture<String> heartbeatEcho;
    private long heartbeats;
    private final InvalidationCodec codec = new InvalidationCodec();
    private final BusContact contact;

    // the pub/sub connection in use; null while the bus opens a new one
    private volatile PubSubLink link;
    // what a link reports; events of a link that is no longer the current one are ignored
    private final PubSubLink.Events events = new PubSubLink.Events() {
        @Override
        public void message(byte[] message) {
            deliver(message);
        }

        @Override
        public void heartbeat(byte[] message) {
            RedisInvalidationBus.this.heartbeat(message);
        }

        @Override
        public void subscribed(PubSubLink from) {
            restored(from);
        }

        @Override
        public void disconnected(PubSubLink from) {
            if (link == from) {
                contact.lost("the pub/sub connection closed");
            }
        }
    };
    private final ScheduledExecutorService scheduler;
    // confined to the scheduler thread
    private CompletableFuture<String> pingInFlight;
    private boolean connecting;

    /** A bus on the channel {@code jobcache:v1:invalidations} with {@link RedisBusSettings#defaults()}. */
    public RedisInvalidationBus(RedisConnections connections) {
        this(connections, RedisKeyNames.DEFAULT_PREFIX, RedisBusSettings.defaults());
    }

    /**
     * Subscribes to {@code <keyPrefix>invalidations} and returns once Redis has confirmed the subscription.
     *
     * @param connections where Redis is and the command timeout; not closed by the bus
     * @param keyPrefix   as for {@link RedisCacheStore}, e.g. {@code jobcache:v1:}; instances that share a cache
     *                    must share it
     * @param settings    how often to send a heartbeat and how long to wait for it
     * @throws RuntimeException when Redis cannot be reached or refuses the subscription; the message says so
     */
    public RedisInvalidationBus(RedisConnections connections, String keyPrefix, RedisBusSettings settings) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.channelName = new RedisKeyNames(keyPrefix).prefix() + CHANNEL_SUFFIX;
        this.channel = channelName.getBytes(StandardCharsets.UTF_8);
        this.heartbeatChannel = (channelName + ":heartbeat:" + java.util.UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        this.contact = new BusContact(channelName);
        subscribeNow();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.pingInterval().toNanos();
        scheduler.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.NANOSECONDS);
        LOG.info("Subscribed to invalidations on {} at {} (heartbeat every {}, timeout {})", channelName,
                connections.description(), settings.pingInterval(), settings.pingTimeout());
    }

    /** @throws RuntimeException when Redis does not take the message within the command timeout */
    @Override
    public void publish(Invalidation invalidation) {
        byte[] message = codec.encode(Objects.requireNonNull(invalidation, "invalidation"));
        try {
            connections.commands().publish(channel, message)
                    .get(connections.settings().commandTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (Exception failed) {
            throw LettuceFailures.map("publish an invalidation on " + channelName, failed);
        }
    }

    /** A listener that subscribes to a closed bus hears {@code contactLost} at once: nothing will reach it. */
    @Override
    public Subscription subscribe(Listener listener) {
        return contact.subscribe(listener);
    }

    /**
     * Stops the heartbeat thread and closes the pub/sub connection; listeners still subscribed hear
     * {@code contactLost} (unless they already had), since nothing reaches them any more. Idempotent.
     */
    @Override
    public void close() {
        if (!contact.close()) {
            return;
        }
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(CLOSE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.warn("The {} thread did not stop within {}", THREAD_NAME, CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the scheduler has stopped, so no task replaces the link any more
        PubSubLink last = link;
        link = null;
        if (last != null) {
            last.close();
        }
        LOG.info("Closed the invalidation bus on {}", channelName);
    }

    // the link is current before SUBSCRIBE is sent, so that a disconnect from then on counts as a loss
    private void subscribeNow() {
        String operation = "subscribe to " + channelName + " on Redis at " + connections.description();
        StatefulRedisPubSubConnection<byte[], byte[]> connection;
        try {
            // the connect future fails by itself after the connect timeout; waiting a little longer only guards that
            connection = connections.connectPubSub()
                    .get(connections.connectTimeout().plus(connections.settings().commandTimeout()).toNanos(), TimeUnit.NANOSECONDS);
        } catch (Exception unreachable) {
            throw LettuceFailures.map(operation, unreachable);
        }
        PubSubLink first = new PubSubLink(connection, channel, heartbeatChannel, events);
        link = first;
        // SUBSCRIBE is idempotent, so one that timed out (a command timeout of 50 ms, a machine busy starting several
        // services) is sent again, for about as long as the connection itself was waited for
        long attempts = Math.max(1, Math.min(40, connections.connectTimeout().toNanos()
                / Math.max(1, connections.settings().commandTimeout().toNanos())));
        for (long attempt = 1; ; attempt++) {
            try {
                connection.async().subscribe(channel, heartbeatChannel)
                        .get(connections.settings().commandTimeout().toNanos(), TimeUnit.NANOSECONDS);
                return;
            } catch (Exception failed) {
                RedisStoreException mapped = LettuceFailures.map(operation, failed);
                boolean slow = mapped.getCause() instanceof TimeoutException
                        || mapped.getCause() instanceof RedisCommandTimeoutException;
                if (!slow || attempt >= attempts || !connection.isOpen()) {
                    link = null;
                    first.close();
                    throw mapped;
                }
            }
        }
    }

    // on the scheduler thread; a task that throws would never be run again, hence the catch-all
    private void tick() {
        try {
            PubSubLink current = link;
            if (current == null) {
                reconnect();
            } else if (pingInFlight == null) {
                ping(current);
            }
        } catch (RuntimeException unexpected) {
            LOG.warn("Checking the subscription to {} failed; trying again in {}", channelName, settings.pingInterval(), unexpected);
        }
    }

    private void ping(PubSubLink current) {
        long changesBefore = contact.changes();
        CompletableFuture<String> pong = new CompletableFuture<>();
        long token = ++heartbeats;
        heartbeatExpected = token;
        heartbeatEcho = pong;
        connections.commands().publish(heartbeatChannel, Long.toString(token).getBytes(StandardCharsets.US_ASCII))
                .whenComplete((receivers, failure) -> {
                    if (failure != null) {
                        pong.completeExceptionally(new HeartbeatNotSent(failure));
                    }
                });
        pingInFlight = pong;
        ScheduledFuture<?> timeout = scheduler.schedule(() -> {
            if (pingInFlight == pong) {
                pingInFlight = null;
                pingFailed(current, changesBefore, "no answer within " + settings.pingTimeout());
            }
        }, settings.pingTimeout().toNanos(), TimeUnit.NANOSECONDS);
        pong.whenCompleteAsync((reply, failure) -> {
            if (pingInFlight != pong) {
                return;
            }
            pingInFlight = null;
            timeout.cancel(false);
            if (failure instanceof HeartbeatNotSent notSent) {
                // the command connection failed, not the subscription (e.g. it still points at a failed-over
                // primary): nothing may be trusted, but the subscription is kept, and a heartbeat that comes back
                // later restores contact
                contact.lostUnlessChanged("could not publish the heartbeat: "
                        + LettuceFailures.map("heartbeat", notSent.getCause()).getMessage(), changesBefore);
            } else if (failure != null) {
                pingFailed(current, changesBefore, LettuceFailures.map("heartbeat", failure).getMessage());
            } else {
                restored(current);
            }
        }, scheduler);
    }

    /** The heartbeat could not even be published, so its silence says nothing about the subscription. */
    private static final class HeartbeatNotSent extends RuntimeException {
        HeartbeatNotSent(Throwable cause) {
            super(cause);
        }
    }

    private void pingFailed(PubSubLink current, long changesBefore, String why) {
        if (!contact.lostUnlessChanged("the heartbeat did not come back: " + why, changesBefore)) {
            return;
        }
        if (current == link && current.isOpen()) {
            // the socket looks fine but Redis does not answer: a hung or paused server, or a half-open connection.
            // Lettuce only reconnects when the socket closes, so close it ourselves and start over
            link = null;
            current.close();
            reconnect();
        }
    }

    // on the scheduler thread; a failed attempt is retried on the next tick
    private void reconnect() {
        if (connecting) {
            return;
        }
        connecting = true;
        connections.connectPubSub().whenComplete((connection, failure) -> {
            try {
                scheduler.execute(() -> reconnected(connection, failure));
            } catch (RejectedExecutionException busClosed) {
                if (connection != null) {
                    connection.closeAsync();
                }
            }
        });
    }

    private void reconnected(StatefulRedisPubSubConnection<byte[], byte[]> connection, Throwable failure) {
        connecting = false;
        if (failure != null) {
            LOG.debug("Could not reconnect to {} yet: {}", connections.description(), failure.toString());
            return;
        }
        PubSubLink fresh = new PubSubLink(connection, channel, heartbeatChannel, events);
        // before SUBSCRIBE, so that its confirmation finds the link current
        link = fresh;
        connection.async().subscribe(channel, heartbeatChannel).whenCompleteAsync((ignored, refused) -> {
            if (refused != null && link == fresh) {
                LOG.debug("Could not subscribe to {} yet: {}", channelName, refused.toString());
                link = null;
                fresh.close();
            }
        }, scheduler);
    }

    private void restored(PubSubLink confirmed) {
        contact.restored(() -> confirmed == link);
    }

    private void heartbeat(byte[] message) {
        CompletableFuture<String> echo = heartbeatEcho;
        if (echo != null && new String(message, StandardCharsets.US_ASCII).equals(Long.toString(heartbeatExpected))) {
            echo.complete("PONG");
        }
    }

    private void deliver(byte[] message) {
        Invalidation invalidation;
        try {
            invalidation = codec.decode(message);
        } catch (UnreadableMessageException unreadable) {
            LOG.warn("Unreadable message of {} bytes on {} ({}); it may have been an invalidation, so near-caches drop their entries",
                    message.length, channelName, unreadable.getMessage());
            contact.missedOne();
            return;
        }
        contact.deliver(invalidation);
    }
}
