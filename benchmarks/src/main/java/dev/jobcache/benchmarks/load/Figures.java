package dev.jobcache.benchmarks.load;

import java.util.List;

/**
 * What the tables show for a case: the median over the measured runs of each figure on its own (so p99 is the
 * median of the runs' p99s, not the p99 of all requests), latencies in microseconds. Errors are the sum over all
 * measured runs instead, because an error in one run of three must not vanish in a median.
 */
record Figures(double requestsPerSecond, double p50Us, double p99Us, double p999Us, long errors, int runs) {

    static Figures of(List<WrkResult> runs) {
        return new Figures(
                Median.of(runs, WrkResult::requestsPerSecond),
                Median.of(runs, r -> r.latencyUs().p50()),
                Median.of(runs, r -> r.latencyUs().p99()),
                Median.of(runs, r -> r.latencyUs().p999()),
                runs.stream().mapToLong(r -> r.errors().total()).sum(),
                runs.size());
    }
}
