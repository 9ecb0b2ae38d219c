/**
 * JMH micro-benchmarks of the cache-hit path: key canonicalisation, policy lookup, the Redis wire format, content
 * coding, store reads per backend and a whole {@code ResponseCache.lookup} hit. Each class measures one thing and a
 * {@code baseline...} method next to it in the same run, and {@link dev.jobcache.benchmarks.jmh.JmhReport} prints
 * every score as a ratio against that baseline, following Caffeine's benchmarks: absolute figures from a shared
 * two-core machine mean little, ratios measured in one run travel better. The fixtures here (realistic
 * {@code GET /jobs} bodies, Zipf-distributed keys, the {@link dev.jobcache.benchmarks.jmh.Backend} factory) are
 * shared with the memory footprint measurement. Run with {@code benchmarks/micro}.
 */
package dev.jobcache.benchmarks.jmh;
