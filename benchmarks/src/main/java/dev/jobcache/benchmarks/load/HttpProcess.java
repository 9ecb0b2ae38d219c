package dev.jobcache.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A child process that serves HTTP on a port of 127.0.0.1: started with a given environment, its output appended to
 * a log file, and ready once a readiness path answers 200. Closing it stops it (see {@link ChildProcesses}).
 */
final class HttpProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final int LOG_TAIL_LINES = 25;

    private final ChildProcesses children;
    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    private Duration startup = Duration.ZERO;

    private HttpProcess(ChildProcesses children, String name, Process process, int port, Path log) {
        this.children = children;
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * @param environment applied to a copy of this process's environment
     * @param readyPath   a path that answers 200 once the process serves requests
     */
    static HttpProcess start(ChildProcesses children, String name, List<String> command,
                             Consumer<Map<String, String>> environment, Path directory, int port, String readyPath) {
        Path log = directory.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        environment.accept(builder.environment());
        long started = System.nanoTime();
        Process process = children.start(builder, name);
        HttpProcess child = new HttpProcess(children, name, process, port, log);
        child.awaitReady(readyPath, started);
        child.startup = Duration.ofNanos(System.nanoTime() - started);
        return child;
    }

    /** The operating system's handle of the process, for its CPU time. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    Path log() {
        return log;
    }

    /** From start until the readiness path first answered 200. */
    Duration startup() {
        return startup;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Log lines at WARN or ERROR level (and stack traces' first lines), for the report: a clean run has none. */
    List<String> problems() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> {
                        String upper = line.toUpperCase(Locale.ROOT);
                        return upper.contains(" WARN ") || upper.contains(" ERROR ") || upper.contains("EXCEPTION")
                                || upper.startsWith("WARNING") || upper.startsWith("SEVERE");
                    })
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of("(log unreadable: " + e.getMessage() + ")");
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        children.stop(process);
    }

    private void awaitReady(String readyPath, long startedNanos) {
        ApiClient probe = new ApiClient(base());
        long deadline = startedNanos + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                close();
                throw new BenchmarkFailure(name + " exited with " + process.exitValue() + " during start-up; last lines of "
                        + log + ":" + System.lineSeparator() + logTail());
            }
            try {
                HttpResponse<byte[]> response = probe.get(readyPath, null);
                if (response.statusCode() == 200) {
                    return;
                }
                last = "status " + response.statusCode();
            } catch (BenchmarkFailure notYet) {
                last = notYet.getMessage();
            }
            sleep(100);
        }
        close();
        throw new BenchmarkFailure(name + ": GET " + readyPath + " did not answer 200 within " + READY_TIMEOUT.toSeconds()
                + " s (last: " + last + "); last lines of " + log + ":" + System.lineSeparator() + logTail());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkFailure("interrupted", e);
        }
    }
}
