package dev.jobcache.benchmarks.load;

import java.util.List;

/** A warm-up (absent when none was run) and the measured runs after it, with their medians. */
record Measurement(int threads, int connections, int seconds, WrkResult warmup, List<WrkResult> runs,
                   Figures median, List<Double> serverCpuMicrosPerRequest) {
}
