package dev.jobcache.testkit.redis;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that {@link RedisServerExtension} hands each test a running, resumed, empty server; the tests run in order
 * because each one leaves behind what the next must not see.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisServerExtensionTest {

    @RegisterExtension
    static RedisServerExtension redis = new RedisServerExtension("--maxmemory", "10mb");

    private static int firstPort;

    @Test
    @Order(1)
    void startsOneServerWithTheGivenArguments() {
        firstPort = redis.server().port();

        String maxmemory = redis.server().command("CONFIG", "GET", "maxmemory");

        assertThat(maxmemory).isEqualTo("maxmemory\n" + 10 * 1024 * 1024);
        redis.server().command("SET", "left-behind", "1");
        redis.server().pause();
    }

    @Test
    @Order(2)
    void resumesAPausedServerAndFlushesItBeforeEachTest() {
        RedisServer server = redis.server();

        String keys = server.command("DBSIZE");

        assertThat(server.isPaused()).isFalse();
        assertThat(keys).isEqualTo("0");
        assertThat(server.port()).isEqualTo(firstPort);
        server.kill();
    }

    @Test
    @Order(3)
    void restartsAKilledServerBeforeEachTest() {
        RedisServer server = redis.server();

        String reply = server.command("PING");

        assertThat(reply).isEqualTo("PONG");
        assertThat(server.port()).isEqualTo(firstPort);
    }

    @Nested
    class InANestedClass {

        @Test
        void sharesTheOuterServer() {
            int port = redis.server().port();

            String reply = redis.server().command("PING");

            assertThat(reply).isEqualTo("PONG");
            assertThat(port).isEqualTo(firstPort);
        }
    }
}
