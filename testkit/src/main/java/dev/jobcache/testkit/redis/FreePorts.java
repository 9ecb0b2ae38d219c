package dev.jobcache.testkit.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for private redis-server processes. A port is only known to be free when we look: another process may take
 * it before redis-server binds it, and the callers retry then.
 */
final class FreePorts {

    // a cluster node also listens on port + 10000; both stay below Linux's default ephemeral range (32768-60999), so
    // neither can be taken by an outgoing connection's local port, and below 55536, above which Redis 6.2 cannot start
    static final int CLUSTER_BUS_OFFSET = 10_000;
    private static final int CLUSTER_PORT_MIN = 10_000;
    private static final int CLUSTER_PORT_MAX = 22_767;
    private static final int CLUSTER_PORT_CANDIDATES = 200;

    private FreePorts() {
    }

    /** A port the system hands out as free on {@code host}. */
    static int any(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new RedisServerException("could not find a free port on " + host, e);
        }
    }

    /**
     * A port that is free on {@code host} together with its cluster bus port, port + {@value #CLUSTER_BUS_OFFSET},
     * chosen at random so that concurrent builds rarely pick the same one.
     */
    static int forClusterNode(String host) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int candidate = 0; candidate < CLUSTER_PORT_CANDIDATES; candidate++) {
            int port = random.nextInt(CLUSTER_PORT_MIN, CLUSTER_PORT_MAX + 1);
            if (isFree(host, port) && isFree(host, port + CLUSTER_BUS_OFFSET)) {
                return port;
            }
        }
        throw new RedisServerException("found no port in " + CLUSTER_PORT_MIN + "-" + CLUSTER_PORT_MAX + " on " + host
                + " free together with its cluster bus port in " + CLUSTER_PORT_CANDIDATES + " tries");
    }

    private static boolean isFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(host))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
