package dev.jobcache.benchmarks.jmh;

import dev.jobcache.application.cache.RoutePolicies;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CacheKeys;
import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.cache.Representation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link CacheKeys#of}, which every cacheable request runs before its lookup (canonical path, sorted query without
 * tracking parameters, SHA-256 of the variable part), against the floor: concatenating the same raw parts into a
 * string, with neither canonicalisation nor digest. {@code cacheKeysOfParsingAccept} adds the {@code Accept}
 * normalisation the response cache runs for the same request.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class KeyCanonicalisationBenchmark {

    /** Requests as they reach the cache filter: decoded path, decoded query in arrival order, raw query text. */
    public enum Request {
        LIST("/jobs", Map.of(), ""),
        LIST_FILTERED("/jobs", orderedQuery(), "status=RUNNING&limit=20&utm_source=x"),
        JOB("/jobs/9b2f4c1e-3d5a-4e8b-a7c6-0f1e2d3c4b5a", Map.of(), "");

        final String path;
        final Map<String, List<String>> query;
        final String rawQuery;

        Request(String path, Map<String, List<String>> query, String rawQuery) {
            this.path = path;
            this.query = query;
            this.rawQuery = rawQuery;
        }

        private static Map<String, List<String>> orderedQuery() {
            Map<String, List<String>> query = new LinkedHashMap<>();
            query.put("status", List.of("RUNNING"));
            query.put("limit", List.of("20"));
            query.put("utm_source", List.of("x"));
            return query;
        }
    }

    @Param({"LIST", "LIST_FILTERED", "JOB"})
    Request request;

    // fields, not constants, so the JIT cannot fold the inputs away
    String method = "GET";
    String userId = "user07";
    String accept = "application/json";
    String path;
    String rawQuery;
    Map<String, List<String>> query;
    CachePolicy policy;
    Representation representation;

    @Setup
    public void setUp() {
        path = request.path;
        rawQuery = request.rawQuery;
        query = request.query;
        policy = RoutePolicies.defaults(Duration.ofSeconds(300), Duration.ZERO, Map.of()).match(path).policy();
        representation = Representation.parseAccept(accept).orElseThrow();
    }

    @Benchmark
    public String baseline() {
        return method + ':' + policy.route() + ":user=" + userId + ':' + path + '?' + rawQuery + ':' + accept;
    }

    @Benchmark
    public CacheKey cacheKeysOf() {
        return CacheKeys.of(method, policy, path, query, userId, representation);
    }

    @Benchmark
    public CacheKey cacheKeysOfParsingAccept() {
        return CacheKeys.of(method, policy, path, query, userId, Representation.parseAccept(accept).orElseThrow());
    }
}
