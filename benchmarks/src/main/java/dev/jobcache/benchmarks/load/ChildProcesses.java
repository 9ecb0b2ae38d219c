package dev.jobcache.benchmarks.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every process the comparison starts (service JVMs, the bare endpoint, varnishd, wrk), so that all of them are
 * stopped when it ends, fails or is interrupted with Ctrl-C: the shutdown hook stops whatever is still alive.
 * Stopping is SIGTERM first (the service drains, varnishd stops its worker), then SIGKILL for the process and
 * anything it started. The private Redis is not here: the testkit's {@code RedisServer} has its own hook.
 */
final class ChildProcesses {

    private static final long GRACE_SECONDS = 15;

    private final Set<Process> live = ConcurrentHashMap.newKeySet();
    private boolean closing;

    private ChildProcesses() {
    }

    static ChildProcesses withShutdownHook() {
        ChildProcesses children = new ChildProcesses();
        Runtime.getRuntime().addShutdownHook(new Thread(children::stopAll, "benchmark-children-reaper"));
        return children;
    }

    /** Starts a process and tracks it; refuses once stopping has begun, so nothing outlives the comparison. */
    Process start(ProcessBuilder builder, String what) {
        synchronized (this) {
            if (closing) {
                throw new BenchmarkFailure("stopping: not starting " + what);
            }
            try {
                Process process = builder.start();
                live.add(process);
                return process;
            } catch (IOException e) {
                throw new BenchmarkFailure("could not start " + what + " (" + String.join(" ", builder.command())
                        + "): " + e.getMessage(), e);
            }
        }
    }

    /** SIGTERM, up to 15 s to exit, then SIGKILL for it and its descendants. Idempotent. */
    void stop(Process process) {
        // listed before the parent goes: once it has exited, its orphans are no longer its descendants
        List<ProcessHandle> descendants = new ArrayList<>(process.descendants().toList());
        try {
            process.destroy();
            if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            for (ProcessHandle descendant : descendants) {
                if (descendant.isAlive()) {
                    descendant.destroyForcibly();
                }
            }
            live.remove(process);
        }
    }

    void stopAll() {
        synchronized (this) {
            closing = true;
        }
        for (Process process : List.copyOf(live)) {
            stop(process);
        }
    }
}
