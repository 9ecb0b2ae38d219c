/**
 * Benchmarks of jobcache: JMH micro-benchmarks of the cache-hit path ({@code jmh}), the memory held per cached
 * response ({@code memory}), and the bare Jersey endpoint of the load comparison that {@code benchmarks/run} drives over
 * loopback with wrk ({@code bare}).
 * Every figure is reported next to a baseline measured in the same run; nothing here is part of the test command.
 */
package dev.jobcache.benchmarks;
