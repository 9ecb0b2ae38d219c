package dev.jobcache.benchmarks.jmh;

import dev.jobcache.application.cache.RoutePolicies;
import dev.jobcache.domain.cache.CachePolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link RoutePolicies#match}, the first thing the cache does for every request (cacheable or not), per route,
 * against a {@link HashMap} lookup of the exact path: what matching would cost if every path were known up front.
 * The routes are tried in order, so late routes and unknown paths show what the walk costs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class PolicyLookupBenchmark {

    private static final String JOB_ID = "9b2f4c1e-3d5a-4e8b-a7c6-0f1e2d3c4b5a";

    public enum Route {
        HEALTH("/health"),
        JOBS("/jobs"),
        JOB("/jobs/" + JOB_ID),
        JOB_DOWNLOAD("/jobs/" + JOB_ID + "/download"),
        USER_ME("/user/me"),
        UNKNOWN("/no/such/route");

        final String path;

        Route(String path) {
            this.path = path;
        }
    }

    @Param({"HEALTH", "JOBS", "JOB", "JOB_DOWNLOAD", "USER_ME", "UNKNOWN"})
    Route route;

    String path;
    RoutePolicies policies;
    Map<String, CachePolicy> exactPaths;
    CachePolicy fallback;

    @Setup
    public void setUp() {
        path = route.path;
        policies = RoutePolicies.defaults(Duration.ofSeconds(300), Duration.ZERO, Map.of());
        exactPaths = new HashMap<>();
        for (Route r : Route.values()) {
            if (r != Route.UNKNOWN) {
                exactPaths.put(r.path, policies.match(r.path).policy());
            }
        }
        fallback = policies.match(Route.UNKNOWN.path).policy();
    }

    @Benchmark
    public CachePolicy baseline() {
        return exactPaths.getOrDefault(path, fallback);
    }

    @Benchmark
    public RoutePolicies.Match match() {
        return policies.match(path);
    }
}
