package dev.jobcache.benchmarks.load;

import java.util.List;

/**
 * What the tables show for a case: the median over the measured runs of each figure on its own (so p99 is the
 * median of the runs' p99s, not the p99 of all requests), latencies in microseconds. Errors are the sum over all
 * measured runs instead, because an error in one run of three must not vanish in a median. Server CPU per request is
 * the CPU time the server's processes used during a run divided by the requests wrk completed (see {@link ServerCpu}).
 */
record Figures(double requestsPerSecond, double p50Us, double p99Us, double p999Us, long errors, int runs,
               double serverCpuMicrosPerRequest) {

    /** @param serverCpuMicrosPerRequest per run, NaN where unknown */
    static Figures of(List<WrkResult> runs, List<Double> serverCpuMicrosPerRequest) {
        return new Figures(
                Median.of(runs, WrkResult::requestsPerSecond),
                Median.of(runs, r -> r.latencyUs().p50()),
                Median.of(runs, r -> r.latencyUs().p99()),
                Median.of(runs, r -> r.latencyUs().p999()),
                runs.stream().mapToLong(r -> r.errors().total()).sum(),
                runs.size(),
                serverCpuMicrosPerRequest.stream().anyMatch(cpu -> cpu.isNaN()) ? Double.NaN
                        : Median.of(serverCpuMicrosPerRequest, cpu -> cpu));
    }
}
