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

    /** The measured runs at the configured threads and connections, after {@code warmup} (which may be null). */
    Measurement measure(URI base, Path targets, WrkResult warmup) {
        List<WrkResult> runs = new ArrayList<>();
        for (int run = 0; run < options.runs(); run++) {
            runs.add(wrk.run(base, targets, options.threads(), options.connections(), options.durationSeconds()));
        }
        return new Measurement(options.threads(), options.connections(), options.durationSeconds(),
                warmup, runs, Figures.of(runs));
    }

    /** The measured runs over one connection ({@code wrk -t1 -c1}), for latency without queueing; no warm-up of its own. */
    Measurement singleConnection(URI base, Path targets) {
        List<WrkResult> runs = new ArrayList<>();
        for (int run = 0; run < options.runs(); run++) {
            runs.add(wrk.run(base, targets, 1, 1, options.durationSeconds()));
        }
        return new Measurement(1, 1, options.durationSeconds(), null, runs, Figures.of(runs));
    }
}
