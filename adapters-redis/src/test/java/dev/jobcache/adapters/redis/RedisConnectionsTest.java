package dev.jobcache.adapters.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandType;
import dev.jobcache.testkit.redis.RedisServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link RedisConnections} accepts, refuses and never replays. */
class RedisConnectionsTest {

    @Test
    void refusesSeveralRedisSeedsAndNamesTheClusterSpelling() {
        assertThatThrownBy(() -> RedisConnections.connect("redis://:secret@10.0.0.1:6379,10.0.0.2:6379", Duration.ofMillis(100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis-cluster://")
                .hasMessageNotContaining("secret");
    }

    @Test
    void refusesAClusterSeedThatIsNotHostAndPortWithoutRepeatingThePassword() {
        assertThatThrownBy(() -> RedisConnections.connect("redis-cluster://:secret@127.0.0.1:7000,not a host", Duration.ofMillis(100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not host:port")
                .hasMessageNotContaining("secret");
    }

    @Test
    void refusesAClusterUrlThatNamesADatabaseOtherThanZero() {
        assertThatThrownBy(() -> RedisConnections.connect("redis-cluster://127.0.0.1:7000,127.0.0.1:7001/3", Duration.ofMillis(100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only database 0");
    }

    /** {@code ClusterClientOptions.builder(ClientOptions)} would drop the replay filter; ours sets it on the Cluster builder. */
    @Test
    void clusterOptionsNeverReplayRejectWhileDisconnectedAndRefreshTheTopologyBothWays() {
        var options = RedisConnections.clusterOptions(RedisSettings.defaults(), Duration.ofSeconds(1));

        assertThat(options.getReplayFilter()).isSameAs(RedisConnections.NEVER_REPLAY);
        assertThat(options.getDisconnectedBehavior()).isEqualTo(io.lettuce.core.ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        assertThat(options.getTopologyRefreshOptions().isPeriodicRefreshEnabled()).isTrue();
        assertThat(options.getTopologyRefreshOptions().getAdaptiveRefreshTriggers()).isNotEmpty();
    }

    @Test
    void countsOnlyTheReplicasThatAreOnline() {
        String info = "# Replication\r\nrole:master\r\nconnected_slaves:2\r\n"
                + "slave0:ip=127.0.0.1,port=7001,state=online,offset=42,lag=0\r\n"
                + "slave1:ip=127.0.0.1,port=7002,state=wait_bgsave,offset=0,lag=0\r\nmaster_repl_offset:42\r\n";

        assertThat(RedisCacheStore.onlineReplicas(info)).isEqualTo(1);
        assertThat(RedisCacheStore.onlineReplicas("# Replication\r\nrole:master\r\nconnected_slaves:0\r\n")).isZero();
    }

    @Test
    void refusesReplicaReadsWithoutReplicaAcknowledgements() {
        RedisSettings unsafe = RedisSettings.defaults().withReplication(0, RedisReadFrom.REPLICA_PREFERRED);

        assertThatThrownBy(() -> RedisConnections.connect("redis://127.0.0.1:1/0", unsafe))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replica");
    }

    @Test
    void refusesAMalformedUrlWithoutRepeatingItsPassword() {
        assertThatThrownBy(() -> RedisConnections.connect("redis://user:secret@:notaport/x", Duration.ofMillis(100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not valid")
                .hasMessageNotContaining("secret");
    }

    @Test
    void failsWithAMessageNamingTheServerWhenNothingListens() {
        int port = freePort();

        assertThatThrownBy(() -> RedisConnections.connect("redis://:secret@127.0.0.1:" + port, Duration.ofMillis(100)))
                .isInstanceOf(RedisStoreException.class)
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("not reachable")
                .hasMessageNotContaining("secret");
    }

    @Test
    void saysAuthenticationFailedWhenRedisRefusesThePasswordWithoutRepeatingIt() {
        try (RedisServer redis = RedisServer.startWithPassword("right-password")) {
            String url = "redis://:wrong-password@127.0.0.1:" + redis.port() + "/0";
            String aclUser = "redis://alice:wrong-password@127.0.0.1:" + redis.port() + "/0";

            assertThatThrownBy(() -> RedisConnections.connect(url, Duration.ofMillis(100)))
                    .isInstanceOf(RedisStoreException.class)
                    .hasMessageStartingWith("cannot connect to Redis at redis://127.0.0.1:" + redis.port())
                    .hasMessageContaining(": authentication failed (WRONGPASS")
                    .hasMessageNotContaining("wrong-password");
            assertThatThrownBy(() -> RedisConnections.connect(aclUser, Duration.ofMillis(100)))
                    .hasMessageContaining(": authentication failed (WRONGPASS")
                    .hasMessageNotContaining("wrong-password");
        }
    }

    @Test
    void saysAuthenticationFailedWhenRedisWantsAPasswordAndGetsNone() {
        try (RedisServer redis = RedisServer.startWithPassword("right-password")) {
            assertThatThrownBy(() -> RedisConnections.connect(redis.uri() + "/0", Duration.ofMillis(100)))
                    .isInstanceOf(RedisStoreException.class)
                    .hasMessageContaining(": authentication failed (NOAUTH");
        }
    }

    @Test
    void triesOnceMoreWhenTheConnectionEndsDuringTheHandshakeForNoReasonGiven() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket closesAtOnce = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                while (!closesAtOnce.isClosed()) {
                    try (Socket ignored = closesAtOnce.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "closes-at-once");
            acceptor.start();

            assertThatThrownBy(() -> RedisConnections.connect("redis://127.0.0.1:" + closesAtOnce.getLocalPort(),
                    Duration.ofMillis(100))).isInstanceOf(RedisStoreException.class);
            assertThat(connections).hasValue(2);
        }
    }

    @Test
    void saysTheHostDoesNotResolve() {
        assertThatThrownBy(() -> RedisConnections.connect("redis://:secret@no-such-host.invalid:6379/0", Duration.ofMillis(100)))
                .isInstanceOf(RedisStoreException.class)
                .hasMessageStartingWith("cannot connect to Redis at redis://no-such-host.invalid:6379")
                .hasMessageContaining(": the host does not resolve")
                .hasMessageNotContaining("secret");
    }

    @Test
    void acceptsSeveralSentinelsAndTriesThemRatherThanTakingThemForACluster() {
        int first = freePort();
        int second = freePort();

        assertThatThrownBy(() -> RedisConnections.connect(
                "redis-sentinel://127.0.0.1:" + first + ",127.0.0.1:" + second + "/0#primary", Duration.ofMillis(100)))
                .isInstanceOf(RedisStoreException.class)
                .hasMessageContaining("sentinel 127.0.0.1:" + first + ",127.0.0.1:" + second + " primary primary");
    }

    @Test
    void completesACommandItRefusesToReplayInsteadOfLeavingItsCallerWaiting() {
        AsyncCommand<byte[], byte[], String> inFlight =
                new AsyncCommand<>(new Command<>(CommandType.SET, new StatusOutput<>(ByteArrayCodec.INSTANCE)));

        boolean filteredOut = RedisConnections.NEVER_REPLAY.test(inFlight);

        assertThat(filteredOut).isTrue();
        assertThat(inFlight).isCompletedExceptionally();
        assertThatThrownBy(inFlight::get).hasCauseInstanceOf(RedisException.class).hasMessageContaining("not replayed");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
