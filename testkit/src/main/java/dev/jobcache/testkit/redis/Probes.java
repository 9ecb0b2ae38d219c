package dev.jobcache.testkit.redis;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** Polling with a deadline and INFO parsing, shared by {@link RedisCluster} and {@link RedisSentinel}. */
final class Probes {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private Probes() {
    }

    /**
     * Calls {@code probe} until it returns a value, or throws once {@code timeout} has passed. The probe returns null
     * when not ready and says why in the builder it gets; a node that dies or stops answering while probed counts as
     * not ready rather than as a failure, because a topology in the middle of a failover has such nodes.
     *
     * @param what        what is awaited, for the message, e.g. "cluster healthy"
     * @param diagnostics what to append to the message on timeout, e.g. every node's view
     */
    static <T> T await(Duration timeout, String what, Function<StringBuilder, T> probe, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastProblem;
        while (true) {
            StringBuilder problem = new StringBuilder();
            try {
                T value = probe.apply(problem);
                if (value != null) {
                    return value;
                }
            } catch (UncheckedIOException | RedisServerException e) {
                problem.append(e.getMessage());
            }
            lastProblem = problem.toString();
            if (System.nanoTime() - deadline >= 0) {
                break;
            }
            sleep(POLL_INTERVAL);
        }
        String details;
        try {
            details = diagnostics.get();
        } catch (RuntimeException e) {
            details = "(no diagnostics: " + e.getMessage() + ")";
        }
        throw new RedisServerException("not " + what + " within " + timeout + ": " + lastProblem
                + System.lineSeparator() + details);
    }

    /** The value of {@code name:value} in an INFO reply. */
    static Optional<String> field(String info, String name) {
        String prefix = name + ":";
        return info.lines().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()).strip())
                .findFirst();
    }

    /** True while the process runs and is not stopped; a paused node answers nothing, so probing it only stalls. */
    static boolean isLive(RedisServer server) {
        return server.isRunning() && !server.isPaused();
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisServerException("interrupted while waiting for redis-server", e);
        }
    }
}
