package dev.jobcache.benchmarks.load;

import dev.jobcache.testkit.redis.RedisServer;

/**
 * The latency pair of the Redis target, measured in the same run as everything else: hits over one connection and the
 * service's own lookup percentiles (on the still-running Caffeine and Redis cases), then redis-benchmark's round trip
 * on the same private Redis for values as large as the stored entries, once the Redis case has stopped.
 */
final class LatencyProbes {

    private final Options options;
    private final ChildProcesses children;
    private final CaseRunner runner;
    private final RedisServer redis;
    private final Results results;
    private final Route route;

    LatencyProbes(Options options, ChildProcesses children, CaseRunner runner, RedisServer redis, Results results) {
        this.options = options;
        this.children = children;
        this.runner = runner;
        this.redis = redis;
        this.results = results;
        this.route = options.routes().contains(Route.JOBS) ? Route.JOBS : options.routes().get(0);
        results.latencyRoute = route;
    }

    /** Runs on a warm Caffeine or Redis case after its measured runs: every entry is cached by then. */
    void hitsOf(Case kase, ServiceProcess service, Seed seed) {
        Measurement single = runner.series().singleConnection(service.process().base(), runner.targets(route, seed),
                service.process().handle());
        results.singleConnection.put(kase, single);
        System.out.printf("  GET %-11s over 1 connection: p50 %s   p99 %s%n", route.template(),
                Format.micros(single.median().p50Us()), Format.micros(single.median().p99Us()));
        results.serverLookups.put(kase, ServerLookup.from(service.performance(), route.template()));
        if (kase == Case.REDIS) {
            int bytes = RedisRoundTrip.entryBytes(redis, "jobcache:v1:", route);
            if (bytes > 0) {
                results.redisEntryBytes = bytes;
                results.redisEntryBytesSource = "median size of the stored " + route.template() + " entries in Redis";
            }
        }
    }

    /** redis-benchmark over 1 connection and over as many as the load uses; Redis is idle by then. */
    void roundTrips(int fallbackBytes) {
        if (results.redisEntryBytes <= 0) {
            results.redisEntryBytes = fallbackBytes;
            results.redisEntryBytesSource = "size of the captured " + route.template() + " body; Redis held no entry to measure";
        }
        int requests = options.quick() ? 20_000 : 100_000;
        redis.command("FLUSHALL");
        for (int clients : new int[] {1, options.connections()}) {
            RedisRoundTrip.RoundTrip trip = RedisRoundTrip.measure(children, redis, clients, results.redisEntryBytes, requests);
            results.redisRoundTrips.put("c" + clients, trip);
            System.out.printf("  redis-benchmark GET, %d bytes, -c %d: p50 %s   p99 %s%n", results.redisEntryBytes, clients,
                    Format.millis(trip.p50Ms()), Format.millis(trip.p99Ms()));
        }
    }
}
