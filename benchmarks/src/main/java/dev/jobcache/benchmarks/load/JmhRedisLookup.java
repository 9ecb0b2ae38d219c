package dev.jobcache.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Redis latency target measured where it can be met or missed by the cache itself: the p99 of
 * {@code RedisGetBenchmark.freshHit} (the whole lookup of a Redis hit) and of its baseline, a raw Lettuce
 * {@code HGET} of the same entry, sampled by JMH in one fork against one private Redis. An HTTP request over loopback
 * costs several Redis round trips by itself, so end-to-end figures alone cannot say what the cache adds.
 */
record JmhRedisLookup(double lookupP99Us, double rawP99Us) {

    private static final String BENCHMARK = "dev.jobcache.benchmarks.jmh.RedisGetBenchmark.";

    /** From JMH's JSON; empty when the file or either benchmark is missing. */
    static Optional<JmhRedisLookup> from(Path jmhJson) {
        if (!Files.isRegularFile(jmhJson)) {
            return Optional.empty();
        }
        try {
            JsonNode runs = new ObjectMapper().readTree(jmhJson.toFile());
            Double lookup = null;
            Double raw = null;
            for (JsonNode run : runs) {
                String name = run.path("benchmark").asText();
                JsonNode p99 = run.path("primaryMetric").path("scorePercentiles").path("99.0");
                if (p99.isMissingNode()) {
                    continue;
                }
                if (name.equals(BENCHMARK + "freshHit")) {
                    lookup = p99.asDouble();
                } else if (name.equals(BENCHMARK + "baseline")) {
                    raw = p99.asDouble();
                }
            }
            return lookup == null || raw == null || raw <= 0 ? Optional.empty()
                    : Optional.of(new JmhRedisLookup(lookup, raw));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
