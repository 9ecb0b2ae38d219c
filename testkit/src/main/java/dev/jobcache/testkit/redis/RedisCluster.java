package dev.jobcache.testkit.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A private Redis Cluster of {@link RedisServer} processes on 127.0.0.1, which a test can break by killing masters.
 *
 * <p>It is built with plain {@code CLUSTER} commands ({@code ADDSLOTS}, {@code MEET}, {@code REPLICATE}) rather than
 * {@code redis-cli --cluster create}, because the embedded binary comes without {@code redis-cli}, and with nothing
 * newer than Redis 6.2, the embedded binary's version. Every node runs with {@code --cluster-node-timeout 2000}, so a
 * killed master is replaced within seconds, and {@code --repl-diskless-sync-delay 0}, so a replica links in about
 * a second instead of waiting five for more replicas to sync with. A node keeps its {@code nodes.conf} in its own
 * directory across {@link #restart(RedisServer)}: it comes back with its identity and rejoins, as a replica of
 * whoever took over its slots. Like a single {@link RedisServer} it persists no data, so a restarted node is empty
 * until it syncs. Node ports are at most 22767, because the cluster bus listens on port + 10000 and Redis 6.2 has no
 * {@code --cluster-port}.
 *
 * <p>Measured on a shared 2-core machine, with redis-server 7.0.15 and the embedded 6.2.11 alike: 3 masters and 3
 * replicas are ready in 2.5 s; after a master is killed, its replica serves the slots and the cluster is
 * {@linkplain #awaitHealthy(Duration) healthy} 3.6 to 4.7 s later (the 2 s node timeout, then an election); a
 * restarted node is a linked replica again within 0.1 s of answering PING.
 *
 * <p>Thread-safe: the lifecycle methods are serialised; the others only read.
 */
public final class RedisCluster implements AutoCloseable {

    /** Number of hash slots in a Redis Cluster. */
    public static final int SLOTS = 16_384;

    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(10);
    private static final List<String> DEFAULT_ARGS = List.of(
            "--cluster-enabled", "yes",
            "--cluster-config-file", "nodes.conf",
            "--cluster-node-timeout", "2000",
            "--repl-diskless-sync-delay", "0");

    private final List<RedisServer> nodes;
    private boolean closed;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /**
     * Starts {@code masters × (1 + replicasPerMaster)} nodes, splits the slots evenly among the masters and gives each
     * master its replicas; returns once every node says {@code cluster_state:ok}, every node sees every slot served
     * and every other node in its role, and every replica's link to its master is up.
     *
     * @param extraArgs further redis-server arguments for every node, after the defaults so they win, e.g.
     *                  {@code "--cluster-node-timeout", "5000"}
     * @throws RedisServerException if a node does not start or the cluster does not form within a minute; the
     *                              message carries each node's view
     */
    public static RedisCluster start(int masters, int replicasPerMaster, String... extraArgs) {
        return start(RedisBinary.resolve(), masters, replicasPerMaster, extraArgs);
    }

    /** Starts a cluster from the given executable; lets tests force the embedded binary. */
    static RedisCluster start(Path binary, int masters, int replicasPerMaster, String... extraArgs) {
        if (masters < 1 || replicasPerMaster < 0) {
            throw new IllegalArgumentException("need at least one master and no negative number of replicas, got "
                    + masters + " and " + replicasPerMaster);
        }
        List<String> args = new ArrayList<>(DEFAULT_ARGS);
        args.addAll(List.of(extraArgs));
        int count = masters * (1 + replicasPerMaster);
        List<RedisServer> started = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                started.add(RedisServer.start(binary, RedisServer::freeClusterPort, RedisCluster::forgetIdentity, args));
            }
            RedisCluster cluster = new RedisCluster(started);
            cluster.form(masters);
            return cluster;
        } catch (RuntimeException e) {
            started.forEach(RedisServer::close);
            throw e;
        }
    }

    /**
     * {@code redis-cluster://127.0.0.1:<port>,127.0.0.1:<port>,...} with every node, dead or alive: the
     * {@code REDIS_URL} spelling our Redis adapter takes for a cluster.
     */
    public String uri() {
        return "redis-cluster://" + nodes.stream().map(node -> HOST + ":" + node.port()).collect(Collectors.joining(","));
    }

    /** Every node in start order, masters first, whatever its current role or state. */
    public List<RedisServer> nodes() {
        return nodes;
    }

    /**
     * The masters serving slots as a live node currently sees them, ordered by their first slot, so {@code masters()
     * .get(0)} serves slot 0; nodes that node flags as failed are left out.
     */
    public List<RedisServer> masters() {
        return view().stream()
                .filter(entry -> entry.isMaster() && !entry.isFailing() && !entry.slots().isEmpty())
                .sorted(Comparator.comparingInt(ClusterNode::firstSlot))
                .map(this::server)
                .flatMap(Optional::stream)
                .toList();
    }

    /** The replicas as a live node currently sees them, in start order; nodes it flags as failed are left out. */
    public List<RedisServer> replicas() {
        Set<Integer> ports = view().stream()
                .filter(entry -> entry.isReplica() && !entry.isFailing())
                .map(ClusterNode::port)
                .collect(Collectors.toSet());
        return nodes.stream().filter(node -> ports.contains(node.port())).toList();
    }

    /**
     * The master that serves {@code slot}, as a live node currently sees it.
     *
     * @throws RedisServerException if no master that node considers healthy serves it, e.g. during a failover
     */
    public RedisServer masterForSlot(int slot) {
        checkSlot(slot);
        return view().stream()
                .filter(entry -> entry.isMaster() && !entry.isFailing() && entry.serves(slot))
                .map(this::server)
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow(() -> new RedisServerException("no live master serves slot " + slot));
    }

    /**
     * The hash slot of {@code key}: CRC16 (XMODEM) of its UTF-8 bytes modulo 16384, or of the part between the first
     * {@code '{'} and the first {@code '}'} after it when that part is not empty, as Redis computes it; so a test
     * can pick keys on the same or on different nodes without asking the cluster.
     */
    public static int slotOf(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        int from = 0;
        int to = bytes.length;
        int open = indexOf(bytes, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(bytes, (byte) '}', open + 1);
            if (close > open + 1) {
                from = open + 1;
                to = close;
            }
        }
        return crc16(bytes, from, to) % SLOTS;
    }

    /**
     * Waits until every live node says {@code cluster_state:ok}, every live node sees every slot served by a live
     * master and every other live node in the role it reports itself, and every live replica is linked; what a test
     * needs after killing or restarting a node before it looks at the outcome. Paused nodes count as dead.
     *
     * @throws RedisServerException on timeout, with what was still wrong and each live node's view
     */
    public void awaitHealthy(Duration timeout) {
        Probes.await(timeout, "cluster healthy", problem -> healthy(problem) ? Boolean.TRUE : null, this::describe);
    }

    /**
     * Kills the master {@code masters().get(index)} with SIGKILL, as a crash would, and returns it; its replica, if
     * any, takes over after the node timeout. Follow with {@link #awaitHealthy(Duration)} to wait for that.
     */
    public synchronized RedisServer killMaster(int index) {
        requireOpen();
        List<RedisServer> current = masters();
        if (index < 0 || index >= current.size()) {
            throw new IndexOutOfBoundsException("master " + index + " of " + current.size());
        }
        RedisServer master = current.get(index);
        master.kill();
        return master;
    }

    /**
     * Restarts {@code node}, killed or not, on its port with its arguments and its {@code nodes.conf}; returns once
     * it answers PING. It then rejoins by itself, as a replica if its slots were taken over meanwhile; follow with
     * {@link #awaitHealthy(Duration)} to wait for that.
     */
    public synchronized void restart(RedisServer node) {
        requireOpen();
        if (!nodes.contains(node)) {
            throw new IllegalArgumentException(node + " is not a node of this cluster");
        }
        node.restart();
    }

    /**
     * Runs {@code FLUSHALL} on every master and waits until the live replicas are empty too, so a test that reuses
     * the cluster sees none of the previous test's keys even when it reads from replicas.
     */
    public synchronized void flushAll() {
        requireOpen();
        for (RedisServer master : masters()) {
            master.command("FLUSHALL");
        }
        Probes.await(FLUSH_TIMEOUT, "flushed", problem -> {
            for (RedisServer replica : replicas()) {
                if (Probes.isLive(replica) && !"0".equals(replica.command("DBSIZE"))) {
                    problem.append("replica ").append(replica.port()).append(" still has keys");
                    return null;
                }
            }
            return Boolean.TRUE;
        }, this::describe);
    }

    /** Kills every node and deletes their directories. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (RedisServer node : nodes) {
            try {
                node.close();
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
        return "RedisCluster[" + uri() + "]";
    }

    // a failed start attempt on another port may have left an identity behind, which would confuse the next one
    private static List<String> forgetIdentity(Path directory) throws IOException {
        Files.deleteIfExists(directory.resolve("nodes.conf"));
        return List.of();
    }

    private void form(int masters) {
        List<RedisServer> primaries = nodes.subList(0, masters);
        List<RedisServer> replicas = nodes.subList(masters, nodes.size());
        Map<RedisServer, String> ids = new LinkedHashMap<>();
        for (RedisServer node : nodes) {
            ids.put(node, node.command("CLUSTER", "MYID"));
        }
        for (int i = 0; i < masters; i++) {
            RedisServer master = primaries.get(i);
            // distinct epochs up front, as redis-cli does, instead of waiting for the nodes to resolve the collision
            master.command("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
            int first = i * SLOTS / masters;
            int last = (i + 1) * SLOTS / masters - 1;
            List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            for (int slot = first; slot <= last; slot++) {
                command.add(Integer.toString(slot));
            }
            master.command(command.toArray(String[]::new));
        }
        RedisServer first = nodes.get(0);
        for (RedisServer node : nodes.subList(1, nodes.size())) {
            first.command("CLUSTER", "MEET", HOST, Integer.toString(node.port()));
        }
        for (int i = 0; i < replicas.size(); i++) {
            RedisServer replica = replicas.get(i);
            String masterId = ids.get(primaries.get(i % masters));
            // REPLICATE refuses a master the node has not completed the handshake with
            Probes.await(START_TIMEOUT, "node " + replica.port() + " knowing its master", problem -> {
                boolean known = parseNodes(replica.command("CLUSTER", "NODES")).stream()
                        .anyMatch(entry -> entry.id().equals(masterId) && !entry.flags().contains("handshake"));
                if (!known) {
                    problem.append("node ").append(replica.port()).append(" does not know ").append(masterId);
                }
                return known ? Boolean.TRUE : null;
            }, this::describe);
            replica.command("CLUSTER", "REPLICATE", masterId);
        }
        awaitHealthy(START_TIMEOUT);
    }

    private boolean healthy(StringBuilder problem) {
        List<RedisServer> live = nodes.stream().filter(Probes::isLive).toList();
        if (live.isEmpty()) {
            problem.append("no node is running");
            return false;
        }
        Set<Integer> livePorts = live.stream().map(RedisServer::port).collect(Collectors.toSet());
        Map<Integer, String> roles = new HashMap<>();
        Map<Integer, List<ClusterNode>> views = new HashMap<>();
        for (RedisServer node : live) {
            String state = Probes.field(node.command("CLUSTER", "INFO"), "cluster_state").orElse("?");
            if (!state.equals("ok")) {
                problem.append("node ").append(node.port()).append(" has cluster_state:").append(state);
                return false;
            }
            String replication = node.command("INFO", "replication");
            String role = Probes.field(replication, "role").orElse("?");
            if (role.equals("slave") && !Probes.field(replication, "master_link_status").orElse("?").equals("up")) {
                problem.append("replica ").append(node.port()).append(" is not linked to its master");
                return false;
            }
            roles.put(node.port(), role.equals("slave") ? "slave" : "master");
            views.put(node.port(), parseNodes(node.command("CLUSTER", "NODES")));
        }
        for (Map.Entry<Integer, List<ClusterNode>> view : views.entrySet()) {
            int observer = view.getKey();
            for (int port : livePorts) {
                Optional<ClusterNode> seen = view.getValue().stream().filter(entry -> entry.port() == port).findFirst();
                if (seen.isEmpty() || seen.get().isFailing() || !seen.get().flags().contains(roles.get(port))) {
                    problem.append("node ").append(observer).append(" sees ").append(port).append(" as ")
                            .append(seen.map(entry -> String.join(",", entry.flags())).orElse("unknown"))
                            .append(", not as a healthy ").append(roles.get(port));
                    return false;
                }
            }
            boolean[] served = new boolean[SLOTS];
            for (ClusterNode entry : view.getValue()) {
                if (entry.isMaster() && !entry.isFailing() && livePorts.contains(entry.port())) {
                    for (int[] range : entry.slots()) {
                        for (int slot = range[0]; slot <= range[1]; slot++) {
                            served[slot] = true;
                        }
                    }
                }
            }
            int unserved = 0;
            int firstUnserved = -1;
            for (int slot = 0; slot < SLOTS; slot++) {
                if (!served[slot]) {
                    unserved++;
                    firstUnserved = firstUnserved < 0 ? slot : firstUnserved;
                }
            }
            if (unserved > 0) {
                problem.append("node ").append(observer).append(" sees ").append(unserved)
                        .append(" slots not served by a live master, the first ").append(firstUnserved);
                return false;
            }
        }
        return true;
    }

    // the first live node that answers; its view may lag the others' by a gossip round
    private List<ClusterNode> view() {
        RedisServerException failure = new RedisServerException("no node of " + this + " is live and answers");
        for (RedisServer node : nodes) {
            if (Probes.isLive(node)) {
                try {
                    return parseNodes(node.command("CLUSTER", "NODES"));
                } catch (RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }

    private Optional<RedisServer> server(ClusterNode entry) {
        return nodes.stream().filter(node -> node.port() == entry.port()).findFirst();
    }

    private String describe() {
        StringBuilder views = new StringBuilder();
        for (RedisServer node : nodes) {
            views.append("--- node ").append(node.port()).append(": ");
            if (!Probes.isLive(node)) {
                views.append(node.isRunning() ? "paused" : "not running").append(System.lineSeparator());
                continue;
            }
            try {
                views.append("CLUSTER NODES").append(System.lineSeparator())
                        .append(node.command("CLUSTER", "NODES").strip()).append(System.lineSeparator());
            } catch (RuntimeException e) {
                views.append(e.getMessage()).append(System.lineSeparator());
            }
        }
        return views.toString();
    }

    private synchronized void requireOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    private static void checkSlot(int slot) {
        if (slot < 0 || slot >= SLOTS) {
            throw new IllegalArgumentException("slot " + slot + " is not in 0-" + (SLOTS - 1));
        }
    }

    static List<ClusterNode> parseNodes(String reply) {
        List<ClusterNode> entries = new ArrayList<>();
        for (String line : reply.split("\n")) {
            String[] fields = line.strip().split(" ");
            if (fields.length < 8) {
                continue;
            }
            // ip:port@cport, and since Redis 7 optionally ,hostname
            String address = fields[1].split(",", 2)[0].split("@", 2)[0];
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            List<int[]> slots = new ArrayList<>();
            for (int i = 8; i < fields.length; i++) {
                // [slot->-id] and [slot-<-id] are slots being migrated, still served by their owner
                if (fields[i].startsWith("[")) {
                    continue;
                }
                String[] range = fields[i].split("-", 2);
                int from = Integer.parseInt(range[0]);
                slots.add(new int[] {from, range.length == 2 ? Integer.parseInt(range[1]) : from});
            }
            entries.add(new ClusterNode(fields[0], port, new HashSet<>(List.of(fields[2].split(","))), fields[3],
                    slots));
        }
        return entries;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    // CRC16/XMODEM: polynomial 0x1021, initial value 0, neither input nor output reflected
    private static int crc16(byte[] bytes, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= (bytes[i] & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xFFFF;
        }
        return crc;
    }

    /** One line of {@code CLUSTER NODES}. */
    record ClusterNode(String id, int port, Set<String> flags, String masterId, List<int[]> slots) {

        boolean isMaster() {
            return flags.contains("master");
        }

        boolean isReplica() {
            return flags.contains("slave");
        }

        // "fail?" is PFAIL: suspected by this node, not yet agreed by a majority
        boolean isFailing() {
            return flags.contains("fail") || flags.contains("fail?") || flags.contains("handshake")
                    || flags.contains("noaddr");
        }

        boolean serves(int slot) {
            return slots.stream().anyMatch(range -> range[0] <= slot && slot <= range[1]);
        }

        int firstSlot() {
            return slots.stream().mapToInt(range -> range[0]).min().orElse(SLOTS);
        }
    }
}
