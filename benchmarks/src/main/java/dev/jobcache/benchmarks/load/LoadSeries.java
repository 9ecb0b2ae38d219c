package dev.jobcache.benchmarks.load;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The load of one case on one route: a warm-up with the very same load, so that the JIT is warm and every target
 * has been answered (and, where there is a cache, stored) once, then the measured runs, one after another.
 */
final class LoadSeries {

    private final Wrk wrk;
    private final Options options;

    LoadSeries(Wrk wrk, Options options) {
        this.wrk = wrk;
        this.options = options;
    }

    /** @return the warm-up's figures, or null with {@code --warmup 0} */
    WrkResult warmUp(URI base, Path targets) {
        if (options.warmupSeconds() == 0) {
            return null;
        }
        return wrk.run(base, targets, options.threads(), options.connections(), options.warmupSeconds());
    }

    /**
     * The measured runs at the configured threads and connections, after {@code warmup} (which may be null), with
     * the CPU time {@code server} spent on each.
     */
    Measurement measure(URI base, Path targets, WrkResult warmup, ProcessHandle server) {
        return series(base, targets, options.threads(), options.connections(), warmup, server);
    }

    /** The measured runs over one connection ({@code wrk -t1 -c1}), for latency without queueing; no warm-up of its own. */
    Measurement singleConnection(URI base, Path targets, ProcessHandle server) {
        return series(base, targets, 1, 1, null, server);
    }

    private Measurement series(URI base, Path targets, int threads, int connections, WrkResult warmup,
                               ProcessHandle server) {
        List<WrkResult> runs = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int run = 0; run < options.runs(); run++) {
            long before = ServerCpu.nanos(server);
            WrkResult result = wrk.run(base, targets, threads, connections, options.durationSeconds());
            cpu.add(ServerCpu.microsPerRequest(before, ServerCpu.nanos(server), result.requests()));
            runs.add(result);
        }
        return new Measurement(threads, connections, options.durationSeconds(), warmup, runs,
                Figures.of(runs, cpu), List.copyOf(cpu));
    }
}
