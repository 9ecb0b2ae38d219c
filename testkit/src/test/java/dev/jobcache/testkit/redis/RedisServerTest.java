package dev.jobcache.testkit.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Checks that {@link RedisServer} starts private servers and kills, pauses, resumes and restarts them on demand. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisServerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final List<RedisServer> started = new ArrayList<>();

    @AfterEach
    void closeServers() {
        started.forEach(RedisServer::close);
    }

    @Test
    void startsAServerThatAnswersPing() {
        RedisServer server = start();

        String reply = server.command("PING");

        assertThat(reply).isEqualTo("PONG");
        assertThat(server.isRunning()).isTrue();
        assertThat(server.host()).isEqualTo("127.0.0.1");
        assertThat(server.uri()).isEqualTo("redis://127.0.0.1:" + server.port());
    }

    @Test
    void givesEachServerItsOwnPort() {
        RedisServer first = start();
        RedisServer second = start();

        first.command("SET", "owner", "first");

        assertThat(second.port()).isNotEqualTo(first.port());
        assertThat(second.command("GET", "owner")).isNull();
    }

    @Test
    void killedServerRefusesConnections() {
        RedisServer server = start();

        server.kill();

        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(() -> connect(server.port(), Duration.ofMillis(300)).close())
                .isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> server.command("PING")).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void restartComesBackEmptyOnTheSamePort() {
        RedisServer server = start();
        int port = server.port();
        server.command("SET", "survivor", "no");
        server.kill();

        server.restart();

        assertThat(server.port()).isEqualTo(port);
        assertThat(server.command("PING")).isEqualTo("PONG");
        assertThat(server.command("GET", "survivor")).isNull();
        assertThat(server.command("DBSIZE")).isEqualTo("0");
    }

    @Test
    void restartReplacesARunningServer() {
        RedisServer server = start();
        server.command("SET", "survivor", "no");

        server.restart();

        assertThat(server.command("DBSIZE")).isEqualTo("0");
    }

    @Test
    void pausedServerLeavesCommandsUnansweredUntilResumed() throws IOException {
        RedisServer server = start();

        server.pause();

        assertThat(server.isPaused()).isTrue();
        assertThat(server.isRunning()).isTrue();
        try (Socket socket = connect(server.port(), Duration.ofMillis(300))) {
            sendPing(socket);
            assertThatThrownBy(() -> readLine(socket.getInputStream())).isInstanceOf(SocketTimeoutException.class);
        }
        server.resume();
        assertThat(server.isPaused()).isFalse();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(server.command("PING")).isEqualTo("PONG"));
    }

    @Test
    void pausedServerAnswersQueuedCommandsOnResume() throws IOException {
        RedisServer server = start();
        server.pause();

        try (Socket socket = connect(server.port(), PATIENCE)) {
            sendPing(socket);
            server.resume();

            assertThat(readLine(socket.getInputStream())).isEqualTo("+PONG");
        }
    }

    @Test
    void killsAPausedServer() {
        RedisServer server = start();
        server.pause();

        server.kill();

        assertThat(server.isRunning()).isFalse();
        assertThat(server.isPaused()).isFalse();
    }

    @Test
    void appliesExtraArguments() {
        RedisServer server = start("--maxmemory", "10mb", "--maxmemory-policy", "allkeys-lru");

        String maxmemory = server.command("CONFIG", "GET", "maxmemory");
        String policy = server.command("CONFIG", "GET", "maxmemory-policy");

        assertThat(maxmemory).isEqualTo("maxmemory\n" + 10 * 1024 * 1024);
        assertThat(policy).isEqualTo("maxmemory-policy\nallkeys-lru");
    }

    @Test
    void keepsExtraArgumentsAcrossRestarts() {
        RedisServer server = start("--maxmemory", "10mb");

        server.restart();

        assertThat(server.command("CONFIG", "GET", "maxmemory")).isEqualTo("maxmemory\n" + 10 * 1024 * 1024);
    }

    @Test
    void withAPasswordRefusesClientsThatDoNotAuthenticateAndStillAnswersItsOwnCommands() throws IOException {
        RedisServer server = RedisServer.startWithPassword("s3cret-pass");
        started.add(server);

        server.command("SET", "key", "value");

        assertThat(server.command("GET", "key")).isEqualTo("value");
        assertThatThrownBy(() -> RespClient.call(server.host(), server.port(), PATIENCE, "GET", "key"))
                .isInstanceOf(RedisServerException.class).hasMessageContaining("NOAUTH");
        assertThatThrownBy(() -> RespClient.callAuthenticated(server.host(), server.port(), PATIENCE, "wrong", "PING"))
                .isInstanceOf(RedisServerException.class).hasMessageContaining("WRONGPASS");
        server.restart();
        assertThat(server.command("PING")).as("the password survives a restart").isEqualTo("PONG");
        assertThatThrownBy(() -> RespClient.call(server.host(), server.port(), PATIENCE, "PING"))
                .isInstanceOf(RedisServerException.class).hasMessageContaining("NOAUTH");
    }

    @Test
    void rendersEachReplyTypeAsAString() {
        RedisServer server = start();
        server.command("RPUSH", "list", "a", "b");

        String integer = server.command("LLEN", "list");
        String bulk = server.command("LINDEX", "list", "1");
        String nil = server.command("GET", "missing");
        String array = server.command("LRANGE", "list", "0", "-1");
        String info = server.command("INFO", "server");

        assertThat(integer).isEqualTo("2");
        assertThat(bulk).isEqualTo("b");
        assertThat(nil).isNull();
        assertThat(array).isEqualTo("a\nb");
        assertThat(info).contains("redis_version:");
    }

    @Test
    void throwsTheErrorReplyOfAFailedCommand() {
        RedisServer server = start();

        assertThatThrownBy(() -> server.command("NO-SUCH-COMMAND"))
                .isInstanceOf(RedisServerException.class)
                .hasMessageContaining("ERR");
    }

    @Test
    void closeIsIdempotentAndStopsTheServer() {
        RedisServer server = start();
        int port = server.port();

        server.close();

        assertThatCode(server::close).doesNotThrowAnyException();
        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(() -> connect(port, Duration.ofMillis(300)).close()).isInstanceOf(ConnectException.class);
        assertThatThrownBy(server::restart).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void reportsTheEndOfItsLogWhenStartupFails() {
        assertThatThrownBy(() -> RedisServer.start("--no-such-directive", "x"))
                .isInstanceOf(RedisServerException.class)
                .hasMessageContaining("during start-up")
                .hasMessageContaining("no-such-directive");
    }

    @Test
    void startsFromTheEmbeddedBinary() {
        Path embedded = EmbeddedBinary.assumeRunnable("startsFromTheEmbeddedBinary");

        RedisServer server = track(RedisServer.start(embedded));

        assertThat(server.binary()).isEqualTo(embedded);
        assertThat(server.command("PING")).isEqualTo("PONG");
        assertThat(server.command("INFO", "server")).contains("process_id:" + server.pid());
    }

    private RedisServer start(String... extraArgs) {
        return track(RedisServer.start(extraArgs));
    }

    private RedisServer track(RedisServer server) {
        started.add(server);
        return server;
    }

    private static Socket connect(int port, Duration readTimeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout((int) readTimeout.toMillis());
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static void sendPing(Socket socket) throws IOException {
        socket.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int next = in.read(); next != '\n'; next = in.read()) {
            if (next == -1) {
                throw new IOException("connection closed after " + line);
            }
            line.append((char) next);
        }
        return line.toString().strip();
    }
}
