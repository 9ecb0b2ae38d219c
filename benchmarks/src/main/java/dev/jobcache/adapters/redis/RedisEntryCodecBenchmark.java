package dev.jobcache.adapters.redis;

import dev.jobcache.benchmarks.jmh.JobsEntries;
import dev.jobcache.domain.cache.CachedResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Redis wire format of a cached {@code GET /jobs} page (gzip-stored body, the replayed headers, etag and times):
 * {@link RedisEntryCodec#encode} on every store, {@link RedisEntryCodec#decode} on every Redis hit, against copying
 * the encoded bytes, the least any codec must do with them. The codec is package-private, hence this package (a
 * split package on the benchmarks' class path, nothing more).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class RedisEntryCodecBenchmark {

    RedisEntryCodec codec;
    CachedResponse entry;
    byte[] encoded;

    @Setup
    public void setUp() {
        codec = new RedisEntryCodec();
        entry = JobsEntries.forBenchmarks(true, 100).entry(7);
        encoded = codec.encode(entry);
        if (!codec.decode(encoded).orElseThrow().equals(entry)) {
            throw new IllegalStateException("the codec does not round-trip the benchmark's entry");
        }
    }

    @Benchmark
    public byte[] baseline() {
        return Arrays.copyOf(encoded, encoded.length);
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(entry);
    }

    @Benchmark
    public Optional<CachedResponse> decode() {
        return codec.decode(encoded);
    }
}
