package dev.jobcache.bootstrap;

import dev.jobcache.testkit.redis.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as README runs it ({@code java -jar bootstrap/target/jobcache.jar}), stopped at start-up: its
 * exit status, and exactly one line on standard error with nothing on standard output, where logging or a stack
 * trace would show.
 */
class StartupErrorsIT {

    @TempDir
    Path data;

    @Test
    void anHttpHostThatIsNoAddressStopsTheJarWithOneLineAndStatus2() throws Exception {
        Run run = runJar(Map.of("HTTP_HOST", "999.1.1.1"));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("jobcache: configuration error: HTTP_HOST=999.1.1.1: expected an IPv4 address"
                + " such as 127.0.0.1, an IPv6 address such as ::1, or a host name that resolves\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aPortInUseStopsTheJarWithOneLineAndStatus1() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Run run = runJar(Map.of("HTTP_PORT", Integer.toString(other.getLocalPort())));

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("jobcache: cannot start: HTTP_PORT=" + other.getLocalPort() + ": already in"
                    + " use on HTTP_HOST=127.0.0.1; stop the process that listens there or choose another port\n");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void aWrongRedisPasswordStopsTheJarWithOneLineAndStatus1() throws Exception {
        try (RedisServer redis = RedisServer.startWithPassword("right-password")) {
            Run run = runJar(Map.of("CACHE_BACKEND", "two-tier",
                    "REDIS_URL", "redis://:wrong-password@127.0.0.1:" + redis.port() + "/0"));

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.err()).startsWith("jobcache: cannot start: REDIS_URL: cannot connect to Redis at redis://127.0.0.1:"
                    + redis.port() + "/0: authentication failed (WRONGPASS ").hasLineCount(1).doesNotContain("wrong-password");
            assertThat(run.out()).isEmpty();
        }
    }

    private record Run(int status, String out, String err) {
    }

    private Run runJar(Map<String, String> variables) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("basedir", "."), "target", "jobcache.jar");
        assertThat(jar).as("the packaged jar (mvn package runs first)").isRegularFile();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString())
                .directory(data.toFile())
                .redirectOutput(data.resolve("out.txt").toFile())
                .redirectError(data.resolve("err.txt").toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> !name.equals("PATH") && !name.equals("HOME"));
        environment.putAll(Map.of("HTTP_HOST", "127.0.0.1", "HTTP_PORT", "0", "AUTH_TOKENS", "alice:alice-token-0001",
                "JOBS_DB_URL", "jdbc:h2:file:" + data.resolve("jobcache").toAbsolutePath()));
        environment.putAll(variables);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("jobcache did not stop within 120 s with " + variables);
        }
        return new Run(process.exitValue(), Files.readString(data.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(data.resolve("err.txt"), StandardCharsets.UTF_8));
    }
}
