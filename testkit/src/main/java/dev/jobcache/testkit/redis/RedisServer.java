package dev.jobcache.testkit.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * A private {@code redis-server} process on a free port of 127.0.0.1, which a test can kill, pause and restart.
 *
 * <p>The executable is the {@code redis-server} found through the {@code PATH} environment variable, else the binary
 * the {@code com.github.codemonstur:embedded-redis} jar ships for Linux and macOS (x86_64 and arm64), extracted once
 * per JVM. The system property {@code jobcache.redis.binary} overrides the choice: {@code embedded} forces the
 * embedded binary, a path names an executable. The server keeps nothing on disk ({@code --save ""},
 * {@code --appendonly no}), so a fresh start or a {@link #restart()} is always empty. Its output goes to a log file
 * in a private temporary directory, whose last lines are part of the exception when start-up fails.
 *
 * <p>Every process is killed when the JVM shuts down normally, whether or not the test closed it; a JVM that is
 * itself killed with SIGKILL cannot clean up. Needs a POSIX system ({@code /bin/sh} for the signals).
 *
 * <p>Thread-safe: the lifecycle methods are serialised; {@link #command(String...)} opens its own connection and
 * may run concurrently with anything.
 */
public final class RedisServer implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final int PORT_ATTEMPTS = 10;
    private static final int LOG_LINES_IN_FAILURES = 30;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    static final int CLUSTER_BUS_OFFSET = FreePorts.CLUSTER_BUS_OFFSET;

    private static final Set<RedisServer> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(RedisServer::killAllAtExit, "jobcache-redis-server-reaper"));
    }

    private final Path binary;
    private final List<String> leadingArgs;
    private final Path directory;
    private final Path logFile;
    private final int port;
    /** What {@code --requirepass} asks of clients, which this helper's own probes and commands send; null for none. */
    private final String password;

    // replaced only by restart(List), under the lock
    private List<String> extraArgs;

    // volatile because the shutdown hook reads it without the lock a stuck test thread may hold
    private volatile Process process;
    private boolean paused;
    private boolean closed;

    private RedisServer(Path binary, List<String> leadingArgs, List<String> extraArgs, Path directory, int port,
                        String password) {
        this.binary = binary;
        this.leadingArgs = leadingArgs;
        this.extraArgs = extraArgs;
        this.directory = directory;
        this.logFile = directory.resolve("redis-server.log");
        this.port = port;
        this.password = password;
    }

    /**
     * Starts a server on a free port and returns once it answers PING.
     *
     * @param extraArgs further command-line arguments, one array element per argument, appended after the defaults
     *                  so they win, e.g. {@code start("--maxmemory", "10mb", "--maxmemory-policy", "allkeys-lru")}
     * @throws RedisServerException if no executable is found or the server does not come up; the message carries the
     *                              end of its log
     */
    public static RedisServer start(String... extraArgs) {
        return start(RedisBinary.resolve(), extraArgs);
    }

    /**
     * Starts a server that refuses clients until they authenticate with {@code password} ({@code --requirepass}), to
     * see what a client with the wrong credentials or none is told. This helper's own probes and
     * {@link #command(String...)} authenticate; {@link #uri()} carries no password.
     */
    public static RedisServer startWithPassword(String password, String... extraArgs) {
        Objects.requireNonNull(password, "password");
        List<String> args = new ArrayList<>(List.of("--requirepass", password));
        args.addAll(List.of(extraArgs));
        return start(RedisBinary.resolve(), RedisServer::freePort, directory -> List.of(), args, password);
    }

    /** Starts a server from the given executable; lets tests force the embedded binary. */
    static RedisServer start(Path binary, String... extraArgs) {
        return start(binary, RedisServer::freePort, directory -> List.of(), List.of(extraArgs));
    }

    /**
     * Starts a server whose port comes from {@code ports} and whose directory {@code preparation} fills before each
     * attempt, for {@link RedisCluster} and {@link RedisSentinel}: a cluster node needs its bus port free as well,
     * a sentinel a configuration file named first on its command line.
     */
    static RedisServer start(Path binary, IntSupplier ports, Preparation preparation, List<String> extraArgs) {
        return start(binary, ports, preparation, extraArgs, null);
    }

    private static RedisServer start(Path binary, IntSupplier ports, Preparation preparation, List<String> extraArgs,
                                     String password) {
        Objects.requireNonNull(binary, "binary");
        List<String> args = List.copyOf(extraArgs);
        Path directory = createDirectory();
        String lastFailure = "";
        // the port is free when we look but another process may take it before redis-server binds it
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            List<String> leadingArgs;
            try {
                leadingArgs = List.copyOf(preparation.leadingArgs(directory));
            } catch (IOException | RuntimeException e) {
                deleteRecursively(directory);
                throw new RedisServerException("could not prepare " + directory + " for redis-server", e);
            }
            RedisServer server = new RedisServer(binary, leadingArgs, args, directory, ports.getAsInt(), password);
            LIVE.add(server);
            Launch launch;
            try {
                launch = server.launch();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            if (launch.started()) {
                return server;
            }
            LIVE.remove(server);
            lastFailure = launch.failure();
            if (!launch.portTaken()) {
                break;
            }
        }
        deleteRecursively(directory);
        throw new RedisServerException(lastFailure);
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}, for clients that take a URI. */
    public String uri() {
        return "redis://" + HOST + ":" + port;
    }

    /** True while the process exists, including while it is {@linkplain #pause() paused}. */
    public synchronized boolean isRunning() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** True between {@link #pause()} and {@link #resume()}, unless the server was killed in between. */
    public synchronized boolean isPaused() {
        return paused && isRunning();
    }

    /**
     * Kills the process with SIGKILL and waits until it has exited, so the port refuses connections when this
     * returns. Clients see their connections reset, as when a Redis host crashes. Does nothing if it is not running.
     */
    public synchronized void kill() {
        requireOpen();
        killProcess();
    }

    /**
     * Stops the process with SIGSTOP. Redis then neither answers nor closes anything: established connections stay
     * open and the kernel still accepts new ones into the listen backlog, but every command waits for a reply that
     * does not come until {@link #resume()}. That is what a slow or stalled Redis looks like to a client, so it
     * exercises command timeouts rather than connection errors. Returns once the process is stopped.
     */
    public synchronized void pause() {
        requireRunning();
        signal("STOP");
        awaitStopped(true);
        paused = true;
    }

    /** Continues a {@linkplain #pause() paused} process with SIGCONT; commands queued meanwhile are then answered. */
    public synchronized void resume() {
        requireRunning();
        signal("CONT");
        awaitStopped(false);
        paused = false;
    }

    /**
     * Kills the process and starts a new one on the same port with the same arguments, empty. Returns once the new
     * one answers PING; clients connected before see their connections reset and must reconnect.
     */
    public synchronized void restart() {
        requireOpen();
        killProcess();
        Launch launch = launch();
        if (!launch.started()) {
            throw new RedisServerException(launch.failure());
        }
    }

    /**
     * Like {@link #restart()}, but with {@code newExtraArgs} in place of the extra arguments, for this and later
     * starts; lets {@link RedisSentinel} bring an old primary back already replicating from the new one.
     */
    synchronized void restart(List<String> newExtraArgs) {
        requireOpen();
        extraArgs = List.copyOf(newExtraArgs);
        restart();
    }

    /**
     * Runs one command on a new connection and returns the reply as a string: a simple string or bulk string as is,
     * an integer in decimal, a nil reply as {@code null}, and an array flattened (nested arrays too) with its
     * elements joined by {@code '\n'}, a nil element as an empty line; so {@code CONFIG GET maxmemory} returns
     * {@code "maxmemory\n0"}. Waits at most 5 seconds for the reply.
     *
     * @throws RedisServerException if Redis answers with an error reply; the message carries the error
     * @throws UncheckedIOException if the server cannot be reached or does not answer in time, e.g. while paused
     */
    public String command(String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("a command needs at least its name");
        }
        try {
            return RespClient.render(RespClient.callAuthenticated(HOST, port, COMMAND_TIMEOUT, password, args));
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server at " + uri() + " did not answer " + args[0], e);
        }
    }

    /** Kills the process if it runs and deletes its temporary files. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            killProcess();
        } finally {
            LIVE.remove(this);
            deleteRecursively(directory);
        }
    }

    /** The operating-system id of the current process; for tests that look at it from outside. */
    synchronized long pid() {
        requireRunning();
        return process.pid();
    }

    Path binary() {
        return binary;
    }

    /** The private directory, which outlives restarts; a cluster node keeps its {@code nodes.conf} there. */
    Path directory() {
        return directory;
    }

    @Override
    public String toString() {
        return "RedisServer[" + uri() + ", " + binary + "]";
    }

    private Launch launch() {
        List<String> commandLine = commandLine();
        Process started;
        try {
            Files.writeString(logFile, "--- jobcache: " + String.join(" ", commandLine) + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            started = new ProcessBuilder(commandLine)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            started.getOutputStream().close();
        } catch (IOException e) {
            return Launch.failed(false, "could not run " + binary + ": " + e.getMessage());
        }
        process = started;
        paused = false;
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                String tail = recentLog();
                return Launch.failed(tail.contains("Address already in use"),
                        "redis-server exited with " + started.exitValue() + " during start-up on port " + port
                                + "; last lines of " + logFile + ":" + System.lineSeparator() + tail);
            }
            if (answersAsItself(started.pid())) {
                return Launch.STARTED;
            }
            sleep(POLL_INTERVAL);
        }
        killProcess();
        return Launch.failed(false, "redis-server did not answer PING on port " + port + " within " + STARTUP_TIMEOUT
                + "; last lines of " + logFile + ":" + System.lineSeparator() + recentLog());
    }

    private List<String> commandLine() {
        List<String> commandLine = new ArrayList<>();
        commandLine.add(binary.toString());
        commandLine.addAll(leadingArgs);
        commandLine.addAll(List.of(
                "--port", Integer.toString(port),
                "--bind", HOST,
                "--save", "",
                "--appendonly", "no",
                "--protected-mode", "no",
                "--daemonize", "no",
                "--dir", directory.toString()));
        commandLine.addAll(extraArgs);
        return commandLine;
    }

    // checks the process id too, because whoever took a port we thought free may be another Redis
    private boolean answersAsItself(long pid) {
        try {
            Object pong = RespClient.callAuthenticated(HOST, port, PROBE_TIMEOUT, password, "PING");
            Object info = RespClient.callAuthenticated(HOST, port, PROBE_TIMEOUT, password, "INFO", "server");
            return "PONG".equals(pong) && info instanceof String text && text.contains("process_id:" + pid + "\r\n");
        } catch (IOException | RedisServerException e) {
            return false;
        }
    }

    private void killProcess() {
        Process current = process;
        paused = false;
        if (current == null) {
            return;
        }
        current.destroyForcibly();
        try {
            if (!current.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new RedisServerException("redis-server pid " + current.pid() + " did not exit within "
                        + EXIT_TIMEOUT + " of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisServerException("interrupted while waiting for redis-server to exit", e);
        }
    }

    // /bin/sh's built-in kill, because slim images often lack the procps kill binary
    private void signal(String name) {
        long pid = process.pid();
        try {
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -" + name + " \"$1\"", "sh", Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            kill.getOutputStream().close();
            byte[] output = kill.getInputStream().readAllBytes();
            if (!kill.waitFor(SIGNAL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                kill.destroyForcibly();
                throw new RedisServerException("kill -" + name + " " + pid + " did not finish within " + SIGNAL_TIMEOUT);
            }
            if (kill.exitValue() != 0) {
                throw new RedisServerException("kill -" + name + " " + pid + " failed: "
                        + new String(output, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new RedisServerException("could not run kill -" + name + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisServerException("interrupted while sending SIG" + name + " to redis-server", e);
        }
    }

    // the signal is delivered asynchronously; on Linux /proc tells when it has taken effect, elsewhere we trust it
    private void awaitStopped(boolean stopped) {
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        if (!Files.isReadable(stat)) {
            return;
        }
        long deadline = System.nanoTime() + SIGNAL_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (isStopped(stat) == stopped) {
                return;
            }
            sleep(Duration.ofMillis(1));
        }
        throw new RedisServerException("redis-server pid " + process.pid() + " did not " + (stopped ? "stop" : "continue")
                + " within " + SIGNAL_TIMEOUT);
    }

    private static boolean isStopped(Path stat) {
        try {
            String line = Files.readString(stat);
            // the command name in parentheses may itself contain spaces and parentheses
            String afterName = line.substring(line.lastIndexOf(')') + 1).strip();
            char state = afterName.charAt(0);
            return state == 'T' || state == 't';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The last lines of this server's log (its output), for failure messages: a sentinel logs every event there. */
    public String recentLog() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            int from = Math.max(0, lines.size() - LOG_LINES_IN_FAILURES);
            return String.join(System.lineSeparator(), lines.subList(from, lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private synchronized void requireOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    private synchronized void requireRunning() {
        requireOpen();
        if (!isRunning()) {
            throw new IllegalStateException(this + " is not running; restart() it first");
        }
    }

    static int freePort() {
        return FreePorts.any(HOST);
    }

    /** See {@link FreePorts#forClusterNode}. */
    static int freeClusterPort() {
        return FreePorts.forClusterNode(HOST);
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("jobcache-redis-");
        } catch (IOException e) {
            throw new RedisServerException("could not create a temporary directory for redis-server", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover log in the temporary directory is harmless; failing the test for it is not
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisServerException("interrupted while waiting for redis-server", e);
        }
    }

    private static void killAllAtExit() {
        for (RedisServer server : LIVE) {
            Process current = server.process;
            if (current != null) {
                current.destroyForcibly();
            }
        }
        for (RedisServer server : LIVE) {
            Process current = server.process;
            try {
                if (current != null) {
                    current.waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            deleteRecursively(server.directory);
        }
    }

    /** Readies a server's private directory before each start attempt and names the arguments that go first. */
    @FunctionalInterface
    interface Preparation {

        /** Writes what the server needs into {@code directory} and returns the arguments before the defaults. */
        List<String> leadingArgs(Path directory) throws IOException;
    }

    private record Launch(boolean started, boolean portTaken, String failure) {

        static final Launch STARTED = new Launch(true, false, "");

        static Launch failed(boolean portTaken, String failure) {
            return new Launch(false, portTaken, failure);
        }
    }
}
