package dev.jobcache.adapters.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
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
 * <p>Three topologies, by the URL's scheme:
 * <ul>
 *   <li>{@code redis://} or {@code rediss://}: one server;</li>
 *   <li>{@code redis-sentinel://}: the primary a Sentinel group names, through Lettuce's master/replica connection,
 *       which listens to the Sentinels' announcements, so that a graceful failover moves writes to the new primary
 *       after about 5 s (Lettuce 7.7 refreshes a fixed 5 s after the first announcement) instead of leaving them on
 *       the demoted one for about 11 s; meanwhile the {@code WAIT} after each invalidation fails on the demoted
 *       primary, so no invalidation is acknowledged there;</li>
 *   <li>{@code redis-cluster://host:port,host:port,...} (or {@code rediss-cluster://}): a Redis Cluster reached
 *       through any of the seeds, with adaptive and periodic topology refresh, and the connection to every master
 *       opened ahead, since with {@code REJECT_COMMANDS} the first commands to a node not yet connected would be
 *       rejected.</li>
 * </ul>
 * Invalidations run on a connection of their own (per master on a Cluster), so that the {@code WAIT} for replicas
 * after them (see {@link RedisSettings#replicaAcknowledgements()}) never holds up the reads multiplexed on the
 * shared one.
 */
public final class RedisConnections implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnections.class);
    private static final int REQUEST_QUEUE_SIZE = 1024;
    private static final int CONNECT_TIMEOUT_MULTIPLE = 4;
    // a Cluster's connect reads the topology from the seeds: under load 500 ms was seen to stop a start-up
    private static final Duration MIN_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Pattern CREDENTIALS = Pattern.compile("//[^@/]*@");
    static final String CLUSTER_SCHEME = "redis-cluster://";
    static final String CLUSTER_TLS_SCHEME = "rediss-cluster://";
    /** How often the Cluster topology is read again without a reason; adaptive triggers react at once. */
    private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(2);

    /**
     * Lettuce's default is at-least-once: commands in flight when the connection drops are written again after the
     * reconnect. For a cache that is wrong twice over: the caller gave up long ago (a cache miss was served), and a
     * replayed conditional store or invalidation would run at a time nobody chose, e.g. a store after an invalidation
     * it raced with. {@code ClientOptions.replayFilter} (Lettuce 6.6+) names the commands not to replay; we name all
     * of them. Lettuce then drops a filtered command without completing it, so the filter also completes it
     * exceptionally, letting its caller fail now instead of when its timeout fires. (The alternative,
     * {@code cancelCommandsOnReconnectFailure}, is deprecated and only acts when the reconnect itself fails.)
     * {@code ClusterClientOptions.builder(ClientOptions)} does not copy it, so the Cluster options set it themselves.
     */
    static final java.util.function.Predicate<io.lettuce.core.protocol.RedisCommand<?, ?, ?>> NEVER_REPLAY = command -> {
        command.completeExceptionally(new RedisException("Connection to Redis lost; " + command.getType()
                + " is not replayed after the reconnect"));
        return true;
    };

    /** One master, for the commands that must visit each: SCAN, INFO, clearing. */
    record Master(String address, RedisClusterAsyncCommands<byte[], byte[]> commands, int firstSlot) {
    }

    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final RedisTopology topology;
    private final RedisSettings settings;
    private final String description;
    private final int replicaAcknowledgements;
    private final boolean scriptFlags;

    private RedisConnections(ClientResources resources, AbstractRedisClient client, RedisTopology topology,
                             RedisSettings settings, String description, int replicaAcknowledgements, boolean scriptFlags) {
        this.scriptFlags = scriptFlags;
        this.resources = resources;
        this.client = client;
        this.topology = topology;
        this.settings = settings;
        this.description = description;
        this.replicaAcknowledgements = replicaAcknowledgements;
    }

    /**
     * Connects to {@code url} with {@link RedisSettings#defaults()} but the given command timeout.
     *
     * @throws IllegalArgumentException when the URL is malformed
     * @throws RuntimeException         when Redis cannot be reached (the message names the server, never a password)
     */
    public static RedisConnections connect(String url, Duration commandTimeout) {
        return connect(url, RedisSettings.defaults().withCommandTimeout(commandTimeout));
    }

    /**
     * Connects to {@code url}: {@code redis://[user:password@]host:port/db}, {@code rediss://...} for TLS,
     * {@code redis-sentinel://[password@]host:port[,host2:port2]/db#primaryName} or
     * {@code redis-cluster://[user:password@]host:port[,host2:port2...]} ({@code rediss-cluster://} for TLS).
     *
     * @throws IllegalArgumentException when the URL is malformed, or asks for replica reads without replica
     *                                  acknowledgements
     * @throws RuntimeException         when Redis cannot be reached (the message names the server, never a password)
     */
    public static RedisConnections connect(String url, RedisSettings settings) {
        try {
            return open(url, settings);
        } catch (RedisStoreException failure) {
            if (!LettuceFailures.closedDuringHandshake(failure)) {
                throw failure;
            }
            // Lettuce closes the channel when Redis refuses the handshake (WRONGPASS, NOAUTH), and the end of the
            // channel, racing that close, can report "Connection closed prematurely" in place of the refusal (seen
            // here once in about 200 connects with a wrong password): a second attempt says why
            return open(url, settings);
        }
    }

    private static RedisConnections open(String url, RedisSettings settings) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(settings, "settings");
        Duration connectTimeout = connectTimeout(settings);
        boolean cluster = url.startsWith(CLUSTER_SCHEME) || url.startsWith(CLUSTER_TLS_SCHEME);
        List<RedisURI> uris = cluster ? parseCluster(url) : List.of(parse(url));
        // bounds the connect handshake (HELLO, AUTH, SELECT); commands are bounded by TimeoutOptions below
        uris.forEach(uri -> uri.setTimeout(connectTimeout));
        boolean sentinel = !cluster && !uris.get(0).getSentinels().isEmpty();
        int acks = settings.replicaAcknowledgements() == RedisSettings.BY_TOPOLOGY
                ? (cluster || sentinel ? 1 : 0) : settings.replicaAcknowledgements();
        if (settings.readFrom() == RedisReadFrom.REPLICA_PREFERRED && acks < 1) {
            throw new IllegalArgumentException("reads from replicas need invalidations acknowledged by at least one replica"
                    + " (replicaAcknowledgements >= 1): a replica could otherwise serve an entry an acknowledged write removed");
        }
        String description = cluster ? describeCluster(uris) : describe(uris.get(0));

        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        AbstractRedisClient client = null;
        try {
            RedisTopology topology;
            if (cluster) {
                RedisClusterClient clusterClient = RedisClusterClient.create(resources, uris);
                client = clusterClient;
                clusterClient.setOptions(clusterOptions(settings, connectTimeout));
                topology = ClusterTopology.open(clusterClient, settings, connectTimeout);
            } else {
                RedisClient single = RedisClient.create(resources, uris.get(0));
                client = single;
                single.setOptions(clientOptions(settings, connectTimeout));
                topology = sentinel ? PrimaryTopology.sentinel(single, uris.get(0), settings) : PrimaryTopology.single(single, uris.get(0));
            }
            boolean flags = knowsScriptFlags(topology, connectTimeout);
            if (settings.readFrom() == RedisReadFrom.REPLICA_PREFERRED && !flags) {
                topology.close();
                throw new IllegalArgumentException("reads from replicas need Redis 7 or later (read-only scripts)");
            }
            LOG.info("Connected to Redis at {} (command timeout {}, invalidations wait for {} replica(s), reads from {})",
                    description, settings.commandTimeout(), acks, settings.readFrom());
            return new RedisConnections(resources, client, topology, settings, description, acks, flags);
        } catch (RuntimeException unreachable) {
            shutDown(client, resources);
            throw LettuceFailures.connectFailure("cannot connect to Redis at " + description, unreachable);
        }
    }

    private static ClientOptions clientOptions(RedisSettings settings, Duration connectTimeout) {
        return ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(REQUEST_QUEUE_SIZE)
                .replayFilter(NEVER_REPLAY)
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(true).fixedTimeout(settings.commandTimeout()).build())
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build())
                .build();
    }

    static ClusterClientOptions clusterOptions(RedisSettings settings, Duration connectTimeout) {
        ClusterClientOptions.Builder builder = ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
                        .refreshTriggersReconnectAttempts(2)
                        .dynamicRefreshSources(true)
                        .closeStaleConnections(true)
                        .build())
                .maxRedirects(3)
                .autoReconnect(true)
                .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(REQUEST_QUEUE_SIZE)
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(true).fixedTimeout(settings.commandTimeout()).build())
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build());
        // replayFilter is ClientOptions.Builder's and returns that type; the builder stays the Cluster one
        builder.replayFilter(NEVER_REPLAY);
        return builder.build();
    }

    RedisSettings settings() {
        return settings;
    }

    /** The shared connection's commands: reads, stores, publishing. Routed by key on a Cluster. */
    RedisClusterAsyncCommands<byte[], byte[]> commands() {
        return topology.commands();
    }

    /**
     * Commands on the master that holds {@code key}, on the invalidation connection, so that a {@code WAIT} sent after
     * them there covers them. On a Cluster this is the node connection itself, which does not follow redirects: a
     * key that moved fails, and its invalidation is owed.
     */
    RedisClusterAsyncCommands<byte[], byte[]> invalidationCommandsFor(byte[] key) {
        return topology.invalidationCommandsFor(key, connectTimeout());
    }

    /** Every master, in the order of the slots they serve (one on a single server or Sentinel group). */
    List<Master> masters() {
        return topology.masters(connectTimeout());
    }

    boolean isCluster() {
        return topology instanceof ClusterTopology;
    }

    /** How many key buckets a store on these connections uses: 1, or enough to spread over a Cluster's masters. */
    int buckets() {
        return isCluster() ? RedisKeyNames.CLUSTER_BUCKETS : 1;
    }

    /** How many replicas must acknowledge an invalidation ({@code WAIT}) before it is done; 0 for none. */
    int replicaAcknowledgements() {
        return replicaAcknowledgements;
    }

    boolean isOpen() {
        return topology.isOpen();
    }

    /** Whether the server knows script flags ({@code #!lua}, Redis 7 and later). */
    boolean scriptFlags() {
        return scriptFlags;
    }

    private static boolean knowsScriptFlags(RedisTopology topology, Duration timeout) {
        try {
            String info = topology.commands().info("server").get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            String version = RedisInfo.parse(info).text("redis_version").orElse("0");
            int major = Integer.parseInt(version.substring(0, Math.max(1, version.indexOf('.'))));
            return major >= 7;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while asking Redis for its version");
        } catch (Exception unknown) {
            throw LettuceFailures.map("ask Redis for its version", unknown);
        }
    }

    /**
     * Opens a pub/sub connection with this client, so with the same options as {@link #commands()}: commands time out
     * after the command timeout, are rejected while disconnected and are not replayed; the connection reconnects on
     * its own (on a Cluster, to another node when its node is gone), and Lettuce then subscribes its channels again.
     * It completes exceptionally when Redis cannot be reached within the connect timeout. Its user should close it;
     * {@link #close()} closes it otherwise.
     */
    CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> connectPubSub() {
        return topology.connectPubSub();
    }

    /** How long a connect, handshake included, may take; see {@link #connect(String, RedisSettings)}. */
    Duration connectTimeout() {
        return connectTimeout(settings);
    }

    private static Duration connectTimeout(RedisSettings settings) {
        return max(settings.commandTimeout().multipliedBy(CONNECT_TIMEOUT_MULTIPLE), MIN_CONNECT_TIMEOUT);
    }

    /** Where this connects to, without credentials, for messages. */
    String description() {
        return description;
    }

    @Override
    public void close() {
        topology.close();
        shutDown(client, resources);
        LOG.info("Closed the Redis connection to {}", description);
    }

    private static void shutDown(AbstractRedisClient client, ClientResources resources) {
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }


    private static List<RedisURI> parseCluster(String url) {
        String redacted = CREDENTIALS.matcher(url).replaceFirst("//***@");
        boolean tls = url.startsWith(CLUSTER_TLS_SCHEME);
        String rest = url.substring(tls ? CLUSTER_TLS_SCHEME.length() : CLUSTER_SCHEME.length());
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String credentials = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = credentials.indexOf(':');
            if (colon >= 0) {
                user = credentials.substring(0, colon);
                password = credentials.substring(colon + 1);
            } else {
                password = credentials;
            }
        }
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String tail = rest.substring(slash);
            if (!tail.equals("/") && !tail.equals("/0")) {
                throw new IllegalArgumentException("Redis URL " + redacted + " names a database; a Redis Cluster has only database 0");
            }
            rest = rest.substring(0, slash);
        }
        List<RedisURI> seeds = new ArrayList<>();
        for (String seed : rest.split(",", -1)) {
            Matcher hostPort = SEED.matcher(seed);
            if (!hostPort.matches()) {
                throw new IllegalArgumentException("Redis URL " + redacted + " is not valid ('" + seed + "' is not host:port);"
                        + " expected redis-cluster://[user:password@]host:port[,host:port...]");
            }
            RedisURI.Builder builder = RedisURI.builder()
                    .withHost(hostPort.group(1))
                    .withPort(hostPort.group(2) == null ? RedisURI.DEFAULT_REDIS_PORT : Integer.parseInt(hostPort.group(2)))
                    .withSsl(tls);
            if (password != null) {
                builder = user == null || user.isEmpty()
                        ? builder.withPassword(password.toCharArray())
                        : builder.withAuthentication(user, password.toCharArray());
            }
            seeds.add(builder.build());
        }
        return seeds;
    }

    private static final Pattern SEED = Pattern.compile("([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}])(?::([0-9]{1,5}))?");

    private static String describeCluster(List<RedisURI> seeds) {
        StringBuilder text = new StringBuilder(seeds.get(0).isSsl() ? CLUSTER_TLS_SCHEME : CLUSTER_SCHEME);
        for (int i = 0; i < seeds.size(); i++) {
            text.append(i == 0 ? "" : ",").append(seeds.get(i).getHost()).append(':').append(seeds.get(i).getPort());
        }
        return text.toString();
    }

    private static RedisURI parse(String url) {
        String redacted = CREDENTIALS.matcher(url).replaceFirst("//***@");
        boolean sentinel = url.startsWith(RedisURI.URI_SCHEME_REDIS_SENTINEL);
        if (!sentinel && url.indexOf(',') >= 0) {
            throw new IllegalArgumentException("Redis URL " + redacted + " lists several hosts; for a Redis Cluster write"
                    + " redis-cluster://host:port,host:port,...");
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
                    + "); expected redis://[user:password@]host:port/db, rediss://..., redis-sentinel://host:port[,host:port]/db#primary"
                    + " or redis-cluster://host:port,host:port,...");
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
