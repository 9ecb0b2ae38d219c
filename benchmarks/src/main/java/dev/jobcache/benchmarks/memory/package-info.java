/**
 * How much memory cached responses hold: {@link dev.jobcache.benchmarks.memory.MemoryFootprint} fills each store
 * with the same realistic {@code GET /jobs} entries, compressed and not, and reports bytes per entry as the
 * store weighs them, as the JVM heap holds them after collection, and as Redis' {@code used_memory} grows, each
 * next to the payload (the stored body) so that the per-entry overhead shows.
 */
package dev.jobcache.benchmarks.memory;
