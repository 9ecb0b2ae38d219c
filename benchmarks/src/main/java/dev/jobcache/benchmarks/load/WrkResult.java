package dev.jobcache.benchmarks.load;

import java.io.IOException;

/** One wrk run as the {@code done()} of {@code benchmarks/wrk/jobs.lua} reports it; latencies in microseconds. */
record WrkResult(long requests, long durationUs, long bytes, double requestsPerSecond, Latency latencyUs,
                 Errors errors) {

    static final String MARKER = "JOBCACHE_WRK ";

    /** Finds the marked line in wrk's output. */
    static WrkResult parse(String output) {
        for (String line : output.split("\\R")) {
            if (line.startsWith(MARKER)) {
                try {
                    return Json.MAPPER.readValue(line.substring(MARKER.length()), WrkResult.class);
                } catch (IOException e) {
                    throw new BenchmarkFailure("could not read wrk's result line " + line + ": " + e.getMessage(), e);
                }
            }
        }
        throw new BenchmarkFailure("wrk printed no " + MARKER.strip() + " line; its output was:" + System.lineSeparator()
                + output);
    }

    record Latency(double mean, double p50, double p99, double p999, double max) {
    }

    /** Socket errors, timeouts (wrk's default of 2 s) and answers with a status above 399. */
    record Errors(long connect, long read, long write, long timeout, long status) {

        long total() {
            return connect + read + write + timeout + status;
        }
    }
}
