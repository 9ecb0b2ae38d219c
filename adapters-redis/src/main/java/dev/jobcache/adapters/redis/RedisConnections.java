package dev.jobcache.adapters.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The connection to Redis: owns one Lettuce {@link ClientResources} (event loops, timer), one client and one
 * long-lived connection for a standalone Redis ({@code redis://}, {@code rediss://} for TLS) or the primary a
 * Sentinel group names ({@code redis-sentinel://}). Lettuce multiplexes all callers over that one connection, so there
 * is no pool to size. Pub/sub needs a connection of its own (a subscribed connection takes no ordinary commands), so
 * the invalidation bus opens one more through {@link #connectPubSub()}, with the same client and therefore the same
 * options. Close it on shutdown, after the stores and buses that use it; closing releases the connection, then the
 * client (with any pub/sub connection still open), then the resources.
 *
 * <p>Lettuce is configured for a cache, where a late answer is worth nothing and a replayed write can be harmful:
 * <ul>
 *   <li>every command, synchronous or not, times out after the command timeout ({@code TimeoutOptions.fixedTimeout});</li>
 *   <li>while disconnected, commands are rejected at once ({@code REJECT_COMMANDS}) instead of queued until Redis is
 *       back; the request queue is bounded (1024), so a stalled Redis cannot fill the heap;</li>
 *   <li>the connection reconnects on its own, retrying within 50 ms to 2 s, and a socket connect may take a few command
 *       timeouts;</li>
 *   <li>nothing is replayed after a reconnect (see {@link #NEVER_REPLAY}).</li>
 * </ul>
 *
 * <p>Redis Cluster (several comma-separated {@code redis://} seeds) is not supported yet and is refused with an
 * {@link IllegalArgumentException}.
 */
public final class RedisConnections implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnections.class);
    private static final int REQUEST_QUEUE_SIZE = 1024;
    private static final int CONNECT_TIMEOUT_MULTIPLE = 4;
    private static final Duration MIN_CONNECT_TIMEOUT = Duration.ofMillis(500);
    private static final Pattern CREDENTIALS = Pattern.compile("//[^@/]*@");

    /**
     * Lettuce's default is at-least-once: commands in flight when the connection drops are written again after the
     * reconnect. For a cache that is wrong twice over: the caller gave up long ago (a cache miss was served), and a
     * replayed conditional store or invalidation would run at a time nobody chose, e.g. a store after an invalidation
     * it raced with. {@code ClientOptions.replayFilter} (Lettuce 6.6+) names the commands not to replay; we name all
     * of them. Lettuce then drops a filtered command without completing it, so the filter also completes it
     * exceptionally, letting its caller fail now instead of when its timeout fires. (The alternative,
     * {@code cancelCommandsOnReconnectFailure}, is deprecated and only acts when the reconnect itself fails.)
     */
    static final java.util.function.Predicate<io.lettuce.core.protocol.RedisCommand<?, ?, ?>> NEVER_REPLAY = command -> {
        command.completeExceptionally(new RedisException("Connection to Redis lost; " + command.getType()
                + " is not replayed after the reconnect"));
        return true;
    };

    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI uri;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final RedisSettings settings;
    private final String description;

    private RedisConnections(ClientResources resources, RedisClient client, RedisURI uri,
                             StatefulRedisConnection<byte[], byte[]> connection, RedisSettings settings, String description) {
        this.resources = resources;
        this.client = client;
        this.uri = uri;
        this.connection = connection;
        this.settings = settings;
        this.description = description;
    }

    /**
     * Connects to {@code url} with {@link RedisSettings#defaults()} but the given command timeout.
     *
     * @throws IllegalArgumentException when the URL is malformed or names a Redis Cluster
     * @throws RuntimeException         when Redis cannot be reached (the message names the server, never a password)
     */
    public static RedisConnections connect(String url, Duration commandTimeout) {
        return connect(url, RedisSettings.defaults().withCommandTimeout(commandTimeout));
    }

    /**
     * Connects to {@code url}: {@code redis://[user:password@]host:port/db}, {@code rediss://...} for TLS or
     * {@code redis-sentinel://[password@]host:port[,host2:port2]/db#primaryName}.
     *
     * @throws IllegalArgumentException when the URL is malformed or names a Redis Cluster
     * @throws RuntimeException         when Redis cannot be reached (the message names the server, never a password)
     */
    public static RedisConnections connect(String url, RedisSettings settings) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(settings, "settings");
        RedisURI uri = parse(url);
        Duration connectTimeout = max(settings.commandTimeout().multipliedBy(CONNECT_TIMEOUT_MULTIPLE), MIN_CONNECT_TIMEOUT);
        // bounds the connect handshake (HELLO, AUTH, SELECT); commands are bounded by TimeoutOptions below
        uri.setTimeout(connectTimeout);
        String description = describe(uri);

        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(REQUEST_QUEUE_SIZE)
                .replayFilter(NEVER_REPLAY)
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(true).fixedTimeout(settings.commandTimeout()).build())
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build())
                .build());
        try {
            StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE, uri);
            LOG.info("Connected to Redis at {} (command timeout {})", description, settings.commandTimeout());
            return new RedisConnections(resources, client, uri, connection, settings, description);
        } catch (RuntimeException unreachable) {
            shutDown(client, resources);
            throw LettuceFailures.map("connect to Redis at " + description, unreachable);
        }
    }

    RedisSettings settings() {
        return settings;
    }

    StatefulRedisConnection<byte[], byte[]> connection() {
        return connection;
    }

    /**
     * Opens a pub/sub connection with this client, so with the same options as {@link #connection()}: commands time out
     * after the command timeout, are rejected while disconnected and are not replayed; the connection reconnects on
     * its own, and Lettuce then subscribes its channels again. It completes exceptionally when Redis cannot be reached
     * within the connect timeout. Its user should close it; {@link #close()} closes it otherwise.
     */
    CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> connectPubSub() {
        return client.connectPubSubAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture();
    }

    /** How long a connect, handshake included, may take; see {@link #connect(String, RedisSettings)}. */
    Duration connectTimeout() {
        return uri.getTimeout();
    }

    /** Where this connects to, without credentials, for messages. */
    String description() {
        return description;
    }

    @Override
    public void close() {
        connection.close();
        shutDown(client, resources);
        LOG.info("Closed the Redis connection to {}", description);
    }

    private static void shutDown(RedisClient client, ClientResources resources) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private static RedisURI parse(String url) {
        String redacted = CREDENTIALS.matcher(url).replaceFirst("//***@");
        boolean sentinel = url.startsWith(RedisURI.URI_SCHEME_REDIS_SENTINEL);
        if (!sentinel && url.indexOf(',') >= 0) {
            throw new IllegalArgumentException("Redis URL " + redacted + " lists several hosts, which means Redis Cluster;"
                    + " Redis Cluster is not supported yet: use one redis:// or rediss:// host, or redis-sentinel://");
        }
        try {
            RedisURI uri = RedisURI.create(url);
            if (!sentinel && (uri.getHost() == null || uri.getHost().isEmpty())) {
                throw new IllegalArgumentException("no host");
            }
            return uri;
        } catch (IllegalArgumentException | IllegalStateException malformed) {
            String why = malformed.getMessage() == null ? "" : CREDENTIALS.matcher(malformed.getMessage()).replaceAll("//***@");
            throw new IllegalArgumentException("Redis URL " + redacted + " is not valid (" + why
                    + "); expected redis://[user:password@]host:port/db, rediss://... or redis-sentinel://host:port[,host:port]/db#primary");
        }
    }

    private static String describe(RedisURI uri) {
        if (!uri.getSentinels().isEmpty()) {
            StringBuilder sentinels = new StringBuilder();
            uri.getSentinels().forEach(s -> sentinels.append(sentinels.length() == 0 ? "" : ",").append(s.getHost()).append(':').append(s.getPort()));
            return "sentinel " + sentinels + " primary " + uri.getSentinelMasterId() + " db " + uri.getDatabase();
        }
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
