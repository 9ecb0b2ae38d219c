package dev.jobcache.benchmarks.jmh;

import dev.jobcache.application.cache.ContentCoding;
import dev.jobcache.domain.cache.CachedResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * What serving a hit of a gzip-stored {@code GET /jobs} page costs in content coding, as the REST adapter decides it
 * ({@code Accept-Encoding} parsed, then the body chosen): to a gzip client the stored bytes as they are (the
 * baseline), to a client without gzip a decompression per hit, and, for comparison, what storing identity bodies
 * and compressing on every request would cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class ContentCodingBenchmark {

    String gzipClient = "gzip, deflate, br";
    String identityClient = "identity";
    CachedResponse stored;
    byte[] identity;

    @Setup
    public void setUp() {
        JobsEntries entries = JobsEntries.forBenchmarks(true, 100);
        identity = entries.body(7);
        stored = entries.encode(identity);
        if (!stored.gzipped()) {
            throw new IllegalStateException("the benchmark's page was not stored compressed");
        }
    }

    /** A gzip client: the stored bytes go out as they are. */
    @Benchmark
    public byte[] baseline() {
        return stored.gzipped() && ContentCoding.acceptsGzip(gzipClient) ? stored.body() : null;
    }

    /** A client that does not accept gzip: every hit decompresses. */
    @Benchmark
    public byte[] gunzipPerHit() {
        return stored.gzipped() && ContentCoding.acceptsGzip(identityClient) ? stored.body()
                : ContentCoding.gunzip(stored.body());
    }

    /** Identity bodies stored, gzip clients served by compressing on every request. */
    @Benchmark
    public byte[] gzipPerHit() {
        return ContentCoding.acceptsGzip(gzipClient) ? ContentCoding.gzip(identity) : identity;
    }
}
