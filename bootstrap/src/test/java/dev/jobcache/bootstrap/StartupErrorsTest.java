package dev.jobcache.bootstrap;

import dev.jobcache.bootstrap.config.ConfigLoader;
import dev.jobcache.bootstrap.hostile.LogCapture;
import dev.jobcache.testkit.redis.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees when start-up stops ({@link Main}): one line on standard error naming the variable to change
 * and why, no stack trace, and a non-zero exit status; and what a misspelled variable earns: a warning, and the
 * service starts.
 */
class StartupErrorsTest {

    private static final String DOES_NOT_LOOK_LIKE_AN_ADDRESS = "expected an IPv4 address such as 127.0.0.1, an IPv6"
            + " address such as ::1, or a host name that resolves";

    @TempDir
    Path data;

    @Test
    void stopsOnAnHttpHostThatIsNoAddressInsteadOfListeningOnEveryInterface() {
        Outcome outcome = start(Map.of("HTTP_HOST", "999.1.1.1"));

        assertThat(outcome.status()).isEqualTo(Main.BAD_VALUE);
        assertThat(outcome.err()).isEqualTo("jobcache: configuration error: HTTP_HOST=999.1.1.1: "
                + DOES_NOT_LOOK_LIKE_AN_ADDRESS + "\n");
        assertThat(outcome.started()).isFalse();
    }

    @Test
    void stopsOnAnHttpHostThatDoesNotResolve() {
        Outcome outcome = start(Map.of("HTTP_HOST", "no-such-host.invalid"));

        assertThat(outcome.status()).isEqualTo(Main.BAD_VALUE);
        assertThat(outcome.err()).isEqualTo("jobcache: configuration error: HTTP_HOST=no-such-host.invalid: does not"
                + " resolve to an address; " + DOES_NOT_LOOK_LIKE_AN_ADDRESS + "\n");
    }

    @Test
    void stopsWhenAnotherProcessListensOnTheHttpPort() throws IOException {
        try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = other.getLocalPort();

            Outcome outcome = start(Map.of("HTTP_PORT", Integer.toString(port)));

            assertThat(outcome.status()).isEqualTo(Main.CANNOT_START);
            assertThat(outcome.err()).isEqualTo("jobcache: cannot start: HTTP_PORT=" + port + ": already in use on"
                    + " HTTP_HOST=127.0.0.1; stop the process that listens there or choose another port\n");
            assertThat(outcome.stackTraces()).isEmpty();
        }
    }

    @Test
    void stopsWhenHttpHostIsNotAnAddressOfThisMachine() {
        // TEST-NET-1 (RFC 5737): a valid address that no machine has
        Outcome outcome = start(Map.of("HTTP_HOST", "192.0.2.1"));

        assertThat(outcome.status()).isEqualTo(Main.CANNOT_START);
        assertThat(outcome.err()).startsWith("jobcache: cannot start: HTTP_HOST=192.0.2.1: not an address of this"
                + " machine (").hasLineCount(1);
        assertThat(outcome.stackTraces()).isEmpty();
    }

    @Test
    void saysRedisAuthenticationFailedNamingRedisUrlWithoutThePassword() {
        try (RedisServer redis = RedisServer.startWithPassword("right-password")) {
            String server = "127.0.0.1:" + redis.port() + "/0";

            Outcome wrongPassword = start(Map.of("CACHE_BACKEND", "redis", "REDIS_URL", "redis://:wrong-password@" + server));
            Outcome noPassword = start(Map.of("CACHE_BACKEND", "redis", "REDIS_URL", "redis://" + server));

            assertThat(wrongPassword.status()).isEqualTo(Main.CANNOT_START);
            assertThat(wrongPassword.err()).startsWith("jobcache: cannot start: REDIS_URL: cannot connect to Redis at"
                    + " redis://" + server + ": authentication failed (WRONGPASS ")
                    .hasLineCount(1).doesNotContain("wrong-password");
            assertThat(noPassword.err()).startsWith("jobcache: cannot start: REDIS_URL: cannot connect to Redis at"
                    + " redis://" + server + ": authentication failed (NOAUTH ").hasLineCount(1);
            assertThat(wrongPassword.stackTraces()).isEmpty();
        }
    }

    @Test
    void saysRedisAuthenticationFailedForAnAclUserOnTwoTier() {
        try (RedisServer redis = RedisServer.startWithPassword("admin-password")) {
            redis.command("ACL", "SETUSER", "jobcache", "on", ">right-password", "~*", "&*", "+@all");

            Outcome outcome = start(Map.of("CACHE_BACKEND", "two-tier",
                    "REDIS_URL", "redis://jobcache:wrong-password@127.0.0.1:" + redis.port() + "/0"));

            assertThat(outcome.status()).isEqualTo(Main.CANNOT_START);
            assertThat(outcome.err()).startsWith("jobcache: cannot start: REDIS_URL: ")
                    .contains(": authentication failed (WRONGPASS ").hasLineCount(1).doesNotContain("wrong-password");
        }
    }

    @Test
    void saysRedisIsNotReachableOrDoesNotResolveNamingRedisUrl() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        Outcome unreachable = start(Map.of("CACHE_BACKEND", "redis", "REDIS_URL", "redis://127.0.0.1:" + closed + "/0"));
        Outcome unresolvable = start(Map.of("CACHE_BACKEND", "redis", "REDIS_URL", "redis://no-such-host.invalid:6379/0"));

        assertThat(unreachable.status()).isEqualTo(Main.CANNOT_START);
        assertThat(unreachable.err()).startsWith("jobcache: cannot start: REDIS_URL: cannot connect to Redis at"
                + " redis://127.0.0.1:" + closed + "/0: not reachable (").hasLineCount(1);
        assertThat(unresolvable.err()).startsWith("jobcache: cannot start: REDIS_URL: cannot connect to Redis at"
                + " redis://no-such-host.invalid:6379/0: the host does not resolve (").hasLineCount(1);
    }

    @Test
    void saysTheJobDatabaseRefusedTheCredentialsNamingJobsDbUrl() {
        Outcome created = start(Map.of("JOBS_DB_USER", "jobs", "JOBS_DB_PASSWORD", "right-password"));

        Outcome outcome = start(Map.of("JOBS_DB_USER", "jobs", "JOBS_DB_PASSWORD", "wrong-password"));

        assertThat(created.status()).isZero();
        assertThat(outcome.status()).isEqualTo(Main.CANNOT_START);
        assertThat(outcome.err()).startsWith("jobcache: cannot start: JOBS_DB_URL: could not connect to the H2 job"
                + " database: authentication failed (").hasLineCount(1).doesNotContain("wrong-password");
        assertThat(outcome.stackTraces()).isEmpty();
    }

    @Test
    void warnsAboutAMisspelledVariableNamingTheClosestKnownOneAndStarts() {
        Outcome outcome = start(Map.of("CACHE_MAX_MEMORY_MBS", "64", "PATH", "/usr/bin"));

        assertThat(outcome.status()).isZero();
        assertThat(outcome.started()).isTrue();
        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.warnings()).containsExactly("WARN dev.jobcache.bootstrap.config.ConfigLoader: unknown"
                + " setting CACHE_MAX_MEMORY_MBS in the environment is ignored (did you mean CACHE_MAX_MEMORY_MB?)");
    }

    /** What one start-up with these variables (over a private H2 file, 127.0.0.1, a free port) showed. */
    private record Outcome(int status, String err, boolean started, List<String> warnings, List<String> stackTraces) {
    }

    private Outcome start(Map<String, String> variables) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "HTTP_HOST", "127.0.0.1",
                "HTTP_PORT", "0",
                "JOBS_DB_URL", "jdbc:h2:file:" + data.resolve("jobcache").toAbsolutePath(),
                "SHUTDOWN_GRACE_SECONDS", "0",
                "AUTH_TOKENS", "alice:alice-token-0001"));
        environment.putAll(variables);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger started = new AtomicInteger();
        try (LogCapture logs = LogCapture.start();
             PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
             PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
            int status = Main.run(() -> ConfigLoader.load(Map.of(), environment), out, errors, application -> {
                started.incrementAndGet();
                application.close();
            });
            return new Outcome(status, err.toString(StandardCharsets.UTF_8), started.get() > 0, logs.warnings(),
                    logs.stackTraces());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
