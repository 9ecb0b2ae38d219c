package dev.jobcache.bootstrap.scaleout;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scale-out topology as a deployer starts it, for the tests through HAProxy: {@code deploy/local-topology up}
 * (three jobcache processes of the packaged jar with the two-tier cache, one Redis topology, PostgreSQL, HAProxy in
 * front, round robin, naming the instance that answered in {@code X-Served-By}), what its {@code topology.env} says,
 * and {@code down} on {@link #close()}, also when the JVM is stopped. The logs of a run that did not call
 * {@link #keepNothing()} are kept and their directory printed.
 */
final class LocalTopology implements AutoCloseable {

    record Instance(String name, URI uri) {
    }

    private final Path repository;
    private final Path dir;
    private final Map<String, String> env;
    private Thread downOnExit;
    private boolean keep = true;
    private boolean closed;

    private LocalTopology(Path repository, Path dir, Map<String, String> env, Thread downOnExit) {
        this.repository = repository;
        this.dir = dir;
        this.env = env;
        this.downOnExit = downOnExit;
    }

    /**
     * Skips the calling test, saying so loudly with {@code what} (e.g. "scale-out test through HAProxy"), when HAProxy,
     * {@code redis-server}, {@code redis-cli} or PostgreSQL on 127.0.0.1:5432 is missing.
     */
    static void assumeTools(String what) {
        assumeOrSkip(onPath("haproxy") || Files.isExecutable(Path.of("/usr/sbin/haproxy")),
                "haproxy not installed (apt-get install haproxy; .ci/run installs it)", what);
        assumeOrSkip(onPath("redis-server") && onPath("redis-cli"), "redis-server or redis-cli not on PATH", what);
        assumeOrSkip(answers("127.0.0.1", 5432), "PostgreSQL not reachable on 127.0.0.1:5432", what);
        assertThat(repository().resolve("bootstrap/target/jobcache.jar"))
                .as("the packaged jar (mvn package runs first)").isRegularFile();
    }

    /**
     * {@code up --redis <redis> --users <users>} with {@code environment} added to the instances' environment, on a
     * random free block of ports (tried again on another block when a port was taken meanwhile).
     */
    static LocalTopology up(String redis, int users, Map<String, String> environment) throws Exception {
        Path repository = repository();
        Path dir = Files.createTempDirectory("jobcache-scale-out-" + redis + "-");
        // Ctrl-C of the build, or a JVM ended by a timeout, must not leave the processes behind
        Thread downOnExit = new Thread(() -> down(repository, dir), "scale-out-down");
        Runtime.getRuntime().addShutdownHook(downOnExit);
        Random random = new Random();
        String output = "";
        for (int attempt = 0; attempt < 3; attempt++) {
            // a random block of ports, checked free by the script: other developers' runs share this machine. It stays
            // below Linux's ephemeral range (32768 up), cluster bus ports (+10000) included, so that no outgoing
            // connection takes a port between the script's check and the bind
            String base = String.valueOf(10_000 + 100 * random.nextInt(120));
            Script up = run(repository, dir, Duration.ofSeconds(180), environment,
                    "up", "--redis", redis, "--users", String.valueOf(users), "--base-port", base);
            output = up.output;
            if (up.exitCode == 0) {
                System.out.println("deploy/local-topology up --redis " + redis + ":\n" + output.strip());
                return new LocalTopology(repository, dir, readEnvironment(dir.resolve("topology.env")), downOnExit);
            }
            if (!output.contains("already in use") && !output.contains("could not listen")) {
                break;
            }
        }
        down(repository, dir);
        Runtime.getRuntime().removeShutdownHook(downOnExit);
        throw new AssertionError("deploy/local-topology up --redis " + redis + " failed:\n" + output);
    }

    URI haproxy() {
        return URI.create(env.get("HAPROXY_URL") + "/");
    }

    List<Instance> instances() {
        List<Instance> instances = new ArrayList<>();
        for (int n = 1; n <= Integer.parseInt(env.get("INSTANCES")); n++) {
            instances.add(new Instance(env.get("INSTANCE_" + n + "_NAME"), URI.create(env.get("INSTANCE_" + n + "_URL") + "/")));
        }
        return instances;
    }

    List<String> users() {
        return List.of(env.get("USERS").split(","));
    }

    String token(String user) {
        return env.get("TOKEN_" + user);
    }

    /** Runs {@code deploy/local-topology <arguments>} on this topology, which must succeed; returns its output. */
    String script(Duration timeout, String... arguments) throws Exception {
        Script script = run(repository, dir, timeout, Map.of(), arguments);
        assertThat(script.exitCode).as("deploy/local-topology %s:\n%s", String.join(" ", arguments), script.output).isZero();
        System.out.println("scale-out: " + script.output.strip());
        return script.output;
    }

    /** The run went well: its logs need not be kept. */
    void keepNothing() {
        keep = false;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        down(repository, dir);
        if (downOnExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(downOnExit);
            } catch (IllegalStateException exiting) {
                // already shutting down: the hook is this call
            }
            downOnExit = null;
        }
        if (keep) {
            System.out.println("scale-out: logs of the failed run kept in " + dir);
        } else {
            deleteRecursively(dir);
        }
    }

    private static void down(Path repository, Path dir) {
        try {
            System.out.println(run(repository, dir, Duration.ofSeconds(60), Map.of(), "down").output.strip());
        } catch (Exception e) {
            System.out.println("deploy/local-topology down failed: " + e);
        }
    }

    private static Path repository() {
        return Stream.iterate(Path.of("").toAbsolutePath(), p -> p != null, Path::getParent)
                .filter(p -> Files.isRegularFile(p.resolve("deploy/local-topology")))
                .findFirst().orElseThrow(() -> new AssertionError("no deploy/local-topology above " + Path.of("").toAbsolutePath()));
    }

    private static void assumeOrSkip(boolean condition, String why, String what) {
        if (!condition) {
            String message = "*** SKIPPED: " + why + " — " + what + " NOT run ***";
            System.out.println(message);
            Assumptions.abort(message);
        }
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(directory -> !directory.isEmpty() && Files.isExecutable(Path.of(directory, command)));
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private record Script(int exitCode, String output) {
    }

    private static Script run(Path repository, Path dir, Duration timeout, Map<String, String> environment,
                              String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", repository.resolve("deploy/local-topology").toString()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--dir", dir.toString()));
        // not in dir: up uses only a new or empty directory, or one it wrote itself
        Path log = Files.createTempFile("jobcache-scale-out-script-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(repository.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            String output = Files.readString(log);
            Files.deleteIfExists(log);
            throw new AssertionError(String.join(" ", arguments) + " did not finish within " + timeout + ":\n" + output);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return new Script(process.exitValue(), output);
    }

    private static Map<String, String> readEnvironment(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return values;
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
