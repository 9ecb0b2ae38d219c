/**
 * The load comparison that {@code benchmarks/run} drives: it starts jobcache (and a bare Jersey endpoint, Varnish,
 * a private Redis) as child processes on 127.0.0.1, seeds 50 users × 200 jobs through the HTTP API, loads every case
 * with {@code wrk} and writes one report in which every figure stands next to the baselines measured in the same run.
 * Nothing here is part of the test command, and nothing here talks to anything but loopback.
 */
package dev.jobcache.benchmarks.load;
