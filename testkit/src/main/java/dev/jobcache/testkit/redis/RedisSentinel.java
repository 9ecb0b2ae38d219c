package dev.jobcache.testkit.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A private primary with replicas watched by Redis Sentinels, all {@link RedisServer} processes on 127.0.0.1, which
 * a test can fail over by killing the primary or by asking the sentinels.
 *
 * <p>The sentinels run as {@code redis-server sentinel.conf --sentinel}, because only Debian's package ships a
 * {@code redis-sentinel} executable and the embedded jar ships none; each gets its configuration file in its own
 * directory, where it rewrites it as a sentinel must. They monitor the primary as {@value #MASTER_NAME} with a quorum
 * of a majority of the sentinels, {@code down-after-milliseconds 1000}, {@code failover-timeout 10000} and
 * {@code parallel-syncs 1}, so a killed primary is replaced in about two seconds. The data nodes run with
 * {@code --repl-diskless-sync-delay 0} and persist nothing, so a restarted node is empty until it syncs.
 *
 * <p>{@link #restart(RedisServer)} brings a former primary back with {@code --replicaof} the current primary: it is
 * a linked replica the sentinels count on within about 1 s. Left to the sentinels, it came back as an empty primary
 * and stayed one for 10 s, until they converted it, and clients that found it meanwhile could have written to it.
 *
 * <p>Measured on a shared 2-core machine, with redis-server 7.0.15 and the embedded 6.2.11 alike: 1 primary,
 * 1 replica and 3 sentinels are ready in 2.5 s; after the primary is killed every sentinel names the replica 2.0 to
 * 2.3 s later; {@link #failover()} returns in 1.2 s, but the old primary keeps acting as a primary until the
 * sentinels convert it, 11.4 s after the request.
 *
 * <p>Thread-safe: the lifecycle methods are serialised; the others only read.
 */
public final class RedisSentinel implements AutoCloseable {

    /** The name the sentinels monitor the primary by, as clients must ask for it. */
    public static final String MASTER_NAME = "jobcache";

    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> DATA_NODE_ARGS = List.of("--repl-diskless-sync-delay", "0");
    // a sentinel promotes no replica whose last INFO reply is older (3 INFO periods); 0 means it never had one
    private static final Duration INFO_VALIDITY = Duration.ofSeconds(30);
    private static final Set<String> DOWN_FLAGS = Set.of("s_down", "o_down", "disconnected");

    private final List<RedisServer> dataNodes;
    private final List<RedisServer> sentinels;
    private final List<String> dataNodeArgs;
    private boolean closed;

    private RedisSentinel(List<RedisServer> dataNodes, List<RedisServer> sentinels, List<String> dataNodeArgs) {
        this.dataNodes = List.copyOf(dataNodes);
        this.sentinels = List.copyOf(sentinels);
        this.dataNodeArgs = List.copyOf(dataNodeArgs);
    }

    /**
     * Starts a primary, {@code replicas} replicas of it and {@code sentinels} sentinels; returns once every sentinel
     * sees the primary up, every replica linked and up, and every other sentinel.
     *
     * @param dataNodeArgs further redis-server arguments for the primary and the replicas (not the sentinels), after
     *                     the defaults so they win, e.g. {@code "--min-replicas-to-write", "1"}
     * @throws RedisServerException if a process does not start or the sentinels do not agree within a minute; the
     *                              message carries what each of them sees
     */
    public static RedisSentinel start(int replicas, int sentinels, String... dataNodeArgs) {
        return start(RedisBinary.resolve(), replicas, sentinels, dataNodeArgs);
    }

    /** Starts the processes from the given executable; lets tests force the embedded binary. */
    static RedisSentinel start(Path binary, int replicas, int sentinels, String... dataNodeArgs) {
        if (replicas < 0 || sentinels < 1) {
            throw new IllegalArgumentException("need no negative number of replicas and at least one sentinel, got "
                    + replicas + " and " + sentinels);
        }
        List<String> baseArgs = new ArrayList<>(DATA_NODE_ARGS);
        baseArgs.addAll(List.of(dataNodeArgs));
        List<RedisServer> data = new ArrayList<>();
        List<RedisServer> watchers = new ArrayList<>();
        try {
            RedisServer primary = RedisServer.start(binary, RedisServer::freePort, directory -> List.of(), baseArgs);
            data.add(primary);
            for (int i = 0; i < replicas; i++) {
                data.add(RedisServer.start(binary, RedisServer::freePort, directory -> List.of(),
                        replicaArgs(baseArgs, primary.port())));
            }
            // a sentinel finds replicas in the primary's INFO, which it reads only every 10 s once it has read it
            awaitReplicasLinked(primary, data.subList(1, data.size()));
            String config = sentinelConfig(primary.port(), sentinels / 2 + 1);
            for (int i = 0; i < sentinels; i++) {
                watchers.add(RedisServer.start(binary, RedisServer::freePort, directory -> writeConfig(directory, config),
                        List.of()));
            }
            RedisSentinel topology = new RedisSentinel(data, watchers, baseArgs);
            topology.awaitHealthy(START_TIMEOUT);
            return topology;
        } catch (RuntimeException e) {
            watchers.forEach(RedisServer::close);
            data.forEach(RedisServer::close);
            throw e;
        }
    }

    /** {@value #MASTER_NAME}. */
    public String masterName() {
        return MASTER_NAME;
    }

    /**
     * {@code redis-sentinel://127.0.0.1:<port>,127.0.0.1:<port>/0#jobcache} with every sentinel, in Lettuce's syntax
     * for a sentinel-managed primary.
     */
    public String uri() {
        return "redis-sentinel://" + sentinels.stream().map(node -> HOST + ":" + node.port())
                .collect(Collectors.joining(",")) + "/0#" + MASTER_NAME;
    }

    /**
     * The primary that the first live sentinel names now; during a failover that may still be the old one, and
     * after one it may be a node that has not noticed its promotion yet.
     */
    public RedisServer primary() {
        RedisServerException failure = new RedisServerException("no sentinel of " + this + " is live and answers");
        for (RedisServer sentinel : sentinels) {
            if (Probes.isLive(sentinel)) {
                try {
                    return dataNode(primaryPort(sentinel));
                } catch (RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }

    /**
     * The replicas that the first live sentinel considers up, in start order. Right after {@link #failover()} that
     * includes the old primary, which the sentinels list as a replica before it has become one.
     */
    public List<RedisServer> replicas() {
        RedisServer sentinel = sentinels.stream().filter(Probes::isLive).findFirst()
                .orElseThrow(() -> new RedisServerException("no sentinel of " + this + " is live"));
        Set<Integer> up = replicaEntries(sentinel).stream()
                .filter(entry -> flags(entry).stream().noneMatch(DOWN_FLAGS::contains))
                .map(entry -> Integer.parseInt(entry.getOrDefault("port", "-1")))
                .collect(Collectors.toSet());
        return dataNodes.stream().filter(node -> up.contains(node.port())).toList();
    }

    /** Every primary and replica in start order, the initial primary first, whatever its current role or state. */
    public List<RedisServer> dataNodes() {
        return dataNodes;
    }

    public List<RedisServer> sentinels() {
        return sentinels;
    }

    /**
     * Kills the current primary with SIGKILL, as a crash would, and returns it; the sentinels promote a replica
     * after {@code down-after-milliseconds}. Follow with {@link #awaitPrimaryOtherThan(RedisServer, Duration)}.
     */
    public synchronized RedisServer killPrimary() {
        requireOpen();
        RedisServer primary = primary();
        primary.kill();
        return primary;
    }

    /**
     * Asks a sentinel for {@code SENTINEL FAILOVER}, a failover without a failure, and returns the new primary once
     * every live sentinel names it and it says it is a master. The old primary keeps running and accepting writes
     * until the sentinels convert it, about 11 s later; {@link #awaitHealthy(Duration)} waits for that.
     *
     * @throws RedisServerException if the sentinel refuses, e.g. with NOGOODSLAVE when no replica is up and linked
     */
    public synchronized RedisServer failover() {
        requireOpen();
        RedisServer old = primary();
        RedisServer sentinel = sentinels.stream().filter(Probes::isLive).findFirst()
                .orElseThrow(() -> new RedisServerException("no sentinel of " + this + " is live"));
        sentinel.command("SENTINEL", "FAILOVER", MASTER_NAME);
        return awaitPrimaryOtherThan(old, FAILOVER_TIMEOUT);
    }

    /**
     * Waits until every live sentinel names the same primary, other than {@code old}, and that node says it is a
     * master; returns it.
     *
     * @throws RedisServerException on timeout, with what each sentinel and data node sees
     */
    public RedisServer awaitPrimaryOtherThan(RedisServer old, Duration timeout) {
        Objects.requireNonNull(old, "old");
        return Probes.await(timeout, "failed over from " + old.port(), problem -> {
            int port = agreedPrimaryPort(problem);
            if (port < 0) {
                return null;
            }
            if (port == old.port()) {
                problem.append("the sentinels still name ").append(port);
                return null;
            }
            RedisServer primary = dataNode(port);
            if (!Probes.isLive(primary) || !role(primary).equals("master")) {
                problem.append("the sentinels name ").append(port).append(", which is not a live master yet");
                return null;
            }
            return primary;
        }, this::describe);
    }

    /**
     * Waits until every live sentinel names the same live primary, sees it up, sees every other live data node as an
     * up replica that has answered its INFO lately and knows every other live sentinel, and every other live data
     * node says it is a replica linked to that primary: the state in which another failover can succeed. Paused
     * processes count as dead.
     *
     * @throws RedisServerException on timeout, with what was still wrong and what each process sees
     */
    public void awaitHealthy(Duration timeout) {
        Probes.await(timeout, "sentinels healthy", problem -> healthy(problem) ? Boolean.TRUE : null, this::describe);
    }

    /**
     * Restarts {@code node}, killed or not, on its port; returns once it answers PING. A sentinel comes back with
     * its rewritten configuration. A data node comes back empty and, unless the sentinels name it as the primary,
     * already a replica of the one they name, which it then syncs from; follow with {@link #awaitHealthy(Duration)}.
     */
    public synchronized void restart(RedisServer node) {
        requireOpen();
        if (sentinels.contains(node)) {
            node.restart();
            return;
        }
        if (!dataNodes.contains(node)) {
            throw new IllegalArgumentException(node + " is not part of " + this);
        }
        // every live sentinel's word, not the first one's: a node restarted as a master while one of them still names
        // another is a second primary, which the sentinels then settle by demoting one of the two
        int primary = Probes.await(FAILOVER_TIMEOUT, "sentinels agree on a primary", problem -> {
            int port = agreedPrimaryPort(problem);
            return port < 0 ? null : port;
        }, this::describe);
        node.restart(primary == node.port() ? dataNodeArgs : replicaArgs(dataNodeArgs, primary));
    }

    /** Runs {@code FLUSHALL} on the current primary, for tests that reuse the topology. */
    public synchronized void flushAll() {
        requireOpen();
        primary().command("FLUSHALL");
    }

    /** Kills the sentinels, then the data nodes, and deletes their directories. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        // sentinels first, so that none reconfigures the data nodes while they go down
        List<RedisServer> all = new ArrayList<>(sentinels);
        all.addAll(dataNodes);
        for (RedisServer server : all) {
            try {
                server.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "RedisSentinel[" + uri() + "]";
    }

    private static List<String> replicaArgs(List<String> baseArgs, int primaryPort) {
        List<String> args = new ArrayList<>(baseArgs);
        args.addAll(List.of("--replicaof", HOST, Integer.toString(primaryPort)));
        return args;
    }

    private static String sentinelConfig(int primaryPort, int quorum) {
        return String.join(System.lineSeparator(),
                "sentinel monitor " + MASTER_NAME + " " + HOST + " " + primaryPort + " " + quorum,
                "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                "sentinel failover-timeout " + MASTER_NAME + " 10000",
                "sentinel parallel-syncs " + MASTER_NAME + " 1",
                "");
    }

    // written afresh before each start attempt, so that no identity from a failed attempt survives
    private static List<String> writeConfig(Path directory, String config) throws IOException {
        Path file = directory.resolve("sentinel.conf");
        Files.writeString(file, config);
        return List.of(file.toString(), "--sentinel");
    }

    private static void awaitReplicasLinked(RedisServer primary, List<RedisServer> replicas) {
        Probes.await(START_TIMEOUT, "replicas linked", problem -> {
            for (RedisServer replica : replicas) {
                String info = replica.command("INFO", "replication");
                if (!Probes.field(info, "master_link_status").orElse("?").equals("up")) {
                    problem.append("replica ").append(replica.port()).append(" is not linked yet");
                    return null;
                }
            }
            String connected = Probes.field(primary.command("INFO", "replication"), "connected_slaves").orElse("?");
            if (!connected.equals(Integer.toString(replicas.size()))) {
                problem.append("the primary has ").append(connected).append(" replicas connected");
                return null;
            }
            return Boolean.TRUE;
        }, () -> "");
    }

    private boolean healthy(StringBuilder problem) {
        List<RedisServer> liveSentinels = sentinels.stream().filter(Probes::isLive).toList();
        int port = agreedPrimaryPort(problem);
        if (port < 0) {
            return false;
        }
        RedisServer primary = dataNode(port);
        if (!Probes.isLive(primary) || !role(primary).equals("master")) {
            problem.append("the sentinels name ").append(port).append(", which is not a live master");
            return false;
        }
        List<RedisServer> replicas = dataNodes.stream().filter(node -> node != primary && Probes.isLive(node)).toList();
        for (RedisServer replica : replicas) {
            String info = replica.command("INFO", "replication");
            if (!Probes.field(info, "role").orElse("?").equals("slave")
                    || !Probes.field(info, "master_port").orElse("?").equals(Integer.toString(port))
                    || !Probes.field(info, "master_link_status").orElse("?").equals("up")) {
                problem.append("data node ").append(replica.port()).append(" is not a linked replica of ").append(port);
                return false;
            }
        }
        for (RedisServer sentinel : liveSentinels) {
            Map<String, String> master = pairs(sentinel.command("SENTINEL", "MASTER", MASTER_NAME));
            if (!master.getOrDefault("flags", "?").equals("master")) {
                problem.append("sentinel ").append(sentinel.port()).append(" flags the primary ")
                        .append(master.get("flags"));
                return false;
            }
            int others = Integer.parseInt(master.getOrDefault("num-other-sentinels", "0"));
            if (others < liveSentinels.size() - 1) {
                problem.append("sentinel ").append(sentinel.port()).append(" knows ").append(others)
                        .append(" other sentinels");
                return false;
            }
            List<Map<String, String>> entries = replicaEntries(sentinel);
            for (RedisServer replica : replicas) {
                Optional<Map<String, String>> entry = entries.stream()
                        .filter(candidate -> candidate.getOrDefault("port", "").equals(Integer.toString(replica.port())))
                        .findFirst();
                // what a sentinel asks of a replica it promotes; its view of the replica's role and link may lag by
                // one 10 s INFO period, so the replica's own INFO above is the judge of those
                long infoAge = entry.map(fields -> Long.parseLong(fields.getOrDefault("info-refresh", "0"))).orElse(0L);
                boolean up = entry.isPresent() && entry.get().getOrDefault("flags", "").equals("slave")
                        && infoAge > 0 && infoAge < INFO_VALIDITY.toMillis();
                if (!up) {
                    problem.append("sentinel ").append(sentinel.port()).append(" does not see ").append(replica.port())
                            .append(" as an up replica: ").append(entry.map(Map::toString).orElse("unknown"));
                    return false;
                }
            }
        }
        return true;
    }

    // -1 with the reason in problem unless every live sentinel names the same port
    private int agreedPrimaryPort(StringBuilder problem) {
        Set<Integer> named = new TreeSet<>();
        for (RedisServer sentinel : sentinels) {
            if (Probes.isLive(sentinel)) {
                named.add(primaryPort(sentinel));
            }
        }
        if (named.size() != 1) {
            problem.append(named.isEmpty() ? "no sentinel is live" : "the sentinels name different primaries " + named);
            return -1;
        }
        return named.iterator().next();
    }

    private static int primaryPort(RedisServer sentinel) {
        String reply = sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
        if (reply == null) {
            throw new RedisServerException("sentinel " + sentinel.port() + " does not know " + MASTER_NAME);
        }
        String[] hostAndPort = reply.split("\n");
        return Integer.parseInt(hostAndPort[hostAndPort.length - 1]);
    }

    private RedisServer dataNode(int port) {
        return dataNodes.stream().filter(node -> node.port() == port).findFirst()
                .orElseThrow(() -> new RedisServerException("the sentinels name 127.0.0.1:" + port
                        + ", which is none of " + this + "'s data nodes"));
    }

    private static String role(RedisServer node) {
        return Probes.field(node.command("INFO", "replication"), "role").orElse("?");
    }

    private static List<Map<String, String>> replicaEntries(RedisServer sentinel) {
        // each replica is a flat list of field names and values, which command() flattens further
        String[] lines = Objects.requireNonNullElse(sentinel.command("SENTINEL", "REPLICAS", MASTER_NAME), "")
                .split("\n", -1);
        List<Map<String, String>> entries = new ArrayList<>();
        for (int i = 0; i + 1 < lines.length; i += 2) {
            if (lines[i].equals("name")) {
                entries.add(new HashMap<>());
            }
            if (!entries.isEmpty()) {
                entries.get(entries.size() - 1).put(lines[i], lines[i + 1]);
            }
        }
        return entries;
    }

    private static Map<String, String> pairs(String flattened) {
        String[] lines = flattened.split("\n", -1);
        Map<String, String> pairs = new HashMap<>();
        for (int i = 0; i + 1 < lines.length; i += 2) {
            pairs.put(lines[i], lines[i + 1]);
        }
        return pairs;
    }

    private static Set<String> flags(Map<String, String> entry) {
        return Set.of(entry.getOrDefault("flags", "").split(","));
    }

    /**
     * What each sentinel and data node sees now, and each sentinel's recent events (+sdown, +odown, +switch-master,
     * +convert-to-slave, ...) from its log: for failure messages.
     */
    public String describe() {
        StringBuilder state = new StringBuilder();
        for (RedisServer sentinel : sentinels) {
            state.append("--- sentinel ").append(sentinel.port()).append(": ");
            try {
                state.append(Probes.isLive(sentinel)
                        ? "primary " + primaryPort(sentinel) + ", flags "
                                + pairs(sentinel.command("SENTINEL", "MASTER", MASTER_NAME)).get("flags")
                                + ", replicas " + replicaEntries(sentinel).stream()
                                .map(entry -> entry.get("port") + " " + entry.get("flags") + " link "
                                        + entry.get("master-link-status"))
                                .toList()
                        : "not live");
            } catch (RuntimeException e) {
                state.append(e.getMessage());
            }
            state.append(System.lineSeparator());
        }
        for (RedisServer node : dataNodes) {
            state.append("--- data node ").append(node.port()).append(": ");
            try {
                if (Probes.isLive(node)) {
                    String info = node.command("INFO", "replication");
                    state.append("role ").append(Probes.field(info, "role").orElse("?"))
                            .append(", master_port ").append(Probes.field(info, "master_port").orElse("-"))
                            .append(", link ").append(Probes.field(info, "master_link_status").orElse("-"));
                } else {
                    state.append("not live");
                }
            } catch (RuntimeException e) {
                state.append(e.getMessage());
            }
            state.append(System.lineSeparator());
        }
        for (RedisServer sentinel : sentinels) {
            state.append("--- log of sentinel ").append(sentinel.port()).append(':').append(System.lineSeparator())
                    .append(sentinel.recentLog()).append(System.lineSeparator());
        }
        return state.toString();
    }

    private synchronized void requireOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }
}
