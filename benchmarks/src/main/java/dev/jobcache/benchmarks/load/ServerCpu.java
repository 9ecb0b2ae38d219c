package dev.jobcache.benchmarks.load;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * CPU time a server process and its children (Varnish's cache process) have used, as the operating system counts
 * it. On two cores wrk takes CPU from the server, so requests per second also say how cheap wrk is; CPU time per
 * request says how much the server itself spends on one, whoever else shares the machine.
 */
final class ServerCpu {

    private ServerCpu() {
    }

    /** Total CPU time so far of {@code process} and its descendants; negative when the system does not tell. */
    static long nanos(ProcessHandle process) {
        long total = 0;
        for (ProcessHandle handle : Stream.concat(Stream.of(process), process.descendants()).toList()) {
            Duration cpu = handle.info().totalCpuDuration().orElse(null);
            if (cpu == null) {
                return -1;
            }
            total += cpu.toNanos();
        }
        return total;
    }

    /** Microseconds of CPU per request between two readings, or NaN when either is unknown. */
    static double microsPerRequest(long beforeNanos, long afterNanos, long requests) {
        if (beforeNanos < 0 || afterNanos < 0 || requests <= 0) {
            return Double.NaN;
        }
        return (afterNanos - beforeNanos) / 1000.0 / requests;
    }
}
