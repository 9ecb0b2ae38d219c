package dev.jobcache.benchmarks.load;

import dev.jobcache.testkit.redis.RedisServer;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Runs one case: starts its processes, puts the load of every route on it (warm-up, then the measured runs), records
 * the results and stops everything it started, also when the case fails.
 */
final class CaseRunner {

    private final Options options;
    private final Workspace workspace;
    private final ChildProcesses children;
    private final Users users;
    private final Wrk wrk;
    private final LoadSeries series;
    private final RedisServer redis;
    private final Results results;
    private final Map<String, Path> targetFiles = new HashMap<>();

    CaseRunner(Options options, Workspace workspace, ChildProcesses children, Users users, RedisServer redis,
               Results results) {
        this.options = options;
        this.workspace = workspace;
        this.children = children;
        this.users = users;
        this.redis = redis;
        this.results = results;
        this.wrk = new Wrk(children, workspace);
        this.series = new LoadSeries(wrk, options);
    }

    LoadSeries series() {
        return series;
    }

    String redisUrl() {
        return redis.uri() + "/0";
    }

    /**
     * Cases (b) to (e): one jobcache process on {@code database}.
     *
     * @param afterLoad runs on the still-running service once every route was measured
     */
    void jobcache(Case kase, String backend, Database database, Seed seed, Map<String, String> extra,
                  Consumer<ServiceProcess> afterLoad) {
        if (backend.equals("redis") || backend.equals("two-tier")) {
            // every Redis case starts from an empty Redis, not from the entries the previous one stored
            redis.command("FLUSHALL");
        }
        announce(kase, database, "CACHE_BACKEND=" + backend + (extra.isEmpty() ? "" : " " + extra));
        ServiceProcess service = ServiceProcess.start(workspace, children, options.jar(), users, kase.id(), backend,
                database, redisUrl(), extra);
        try {
            ready(service.process());
            for (Route route : options.routes()) {
                Path targets = targets(route, seed);
                prime(service.api(), route, seed);
                WrkResult warmup = series.warmUp(service.process().base(), targets);
                CacheStats before = service.stats();
                Measurement measurement = series.measure(service.process().base(), targets, warmup,
                        service.process().handle());
                CacheStats after = service.stats();
                record(route, kase, database, measurement,
                        after.counts(route.template()).minus(before.counts(route.template())).hitRatio(),
                        after.errors() - before.errors());
            }
            afterLoad.accept(service);
        } finally {
            service.close();
            results.processes.put(kase, ProcessNotes.of(service.process()));
        }
    }

    /** Case (a): the bare Jersey endpoint replaying the responses saved in {@code responses}. */
    void bare(Path responses, Database database, Seed seed) {
        announce(Case.BARE, null, "plain Jersey on Grizzly replaying a captured hit, no database");
        int port = Workspace.freePort();
        HttpProcess bare = HttpProcess.start(children, Case.BARE.id(),
                workspace.jvm("-cp", workspace.benchmarksJar().toString(), BareEndpoint.class.getName(),
                        "--port", Integer.toString(port), "--responses", responses.toString()),
                environment -> { }, workspace.directory(), port, "/jobs");
        try {
            ready(bare);
            for (Route route : options.routes()) {
                Path targets = targets(route, seed);
                WrkResult warmup = series.warmUp(bare.base(), targets);
                record(route, Case.BARE, database, series.measure(bare.base(), targets, warmup, bare.handle()), null,
                        null);
            }
        } finally {
            bare.close();
            results.processes.put(Case.BARE, ProcessNotes.of(bare));
        }
    }

    /** Case (f): Varnish in front of an origin with the cache off. */
    void varnish(Database database, Seed seed) {
        announce(Case.VARNISH, database, "varnishd in front of CACHE_BACKEND=none");
        ServiceProcess origin = ServiceProcess.start(workspace, children, options.jar(), users, "varnish-origin", "none",
                database, redisUrl(), Map.of());
        VarnishProcess varnish = null;
        try {
            ready(origin.process());
            varnish = VarnishProcess.start(children, workspace, Case.VARNISH.id(), origin.process().port());
            ready(varnish.process());
            for (Route route : options.routes()) {
                Path targets = targets(route, seed);
                prime(new ApiClient(varnish.process().base()), route, seed);
                WrkResult warmup = series.warmUp(varnish.process().base(), targets);
                VarnishProcess.Counts before = varnish.counts();
                Measurement measurement = series.measure(varnish.process().base(), targets, warmup,
                        varnish.process().handle());
                record(route, Case.VARNISH, database, measurement, varnish.counts().hitRatioSince(before), null);
            }
        } finally {
            if (varnish != null) {
                varnish.close();
                results.processes.put(Case.VARNISH, ProcessNotes.of(varnish.process()));
            }
            origin.close();
            results.otherProcesses.add(ProcessNotes.of(origin.process()));
        }
    }

    /**
     * Asks for every target once, one after another, before the warm-up: a cache case then starts its warm-up with
     * every entry stored, instead of with as many concurrent misses as there are connections, which on two cores can
     * starve everything else of CPU (Redis calls then time out and the breaker opens). The origin cases get the same
     * pass, so that every case sees the same requests.
     */
    private void prime(ApiClient api, Route route, Seed seed) {
        Map<String, Integer> answers = new TreeMap<>();
        for (Route.Target target : route.targets(users, seed)) {
            HttpResponse<byte[]> response = api.get(target.path(), target.token(), "Accept-Encoding", "gzip");
            answers.merge(response.statusCode() + " " + response.headers().firstValue("X-Cache").orElse("-"), 1, Integer::sum);
        }
        System.out.printf("  GET %-11s primed, each target once: %s%n", route.template(), answers);
    }

    /** The targets file of a route on a database (the job ids differ between databases). */
    Path targets(Route route, Seed seed) {
        String name = route.option() + "-" + seed.database().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return targetFiles.computeIfAbsent(name, n -> wrk.targets(n, route.targets(users, seed)));
    }

    private void record(Route route, Case kase, Database database, Measurement measurement, Double hitRatio,
                        Long cacheErrors) {
        CaseResult result = new CaseResult(kase.id(), kase.label(database), kase == Case.BARE ? "none" : database.label(),
                measurement.median(), hitRatio, cacheErrors, measurement);
        results.add(route, kase, result);
        Figures median = result.median();
        System.out.printf(Locale.ROOT, "  GET %-11s %12s req/s   p50 %9s   p99 %9s   p99.9 %9s   errors %d   cache hits %s%n",
                route.template(), Format.rate(median.requestsPerSecond()), Format.micros(median.p50Us()),
                Format.micros(median.p99Us()), Format.micros(median.p999Us()), median.errors(),
                Format.percent(hitRatio));
        if (median.errors() > 0) {
            System.out.println("  !!! " + median.errors() + " errors in the measured runs of " + kase.shortLabel());
        }
        if (cacheErrors != null && cacheErrors > 0) {
            System.out.println("  !!! the cache store failed " + cacheErrors + " times during the measured runs of "
                    + kase.shortLabel() + " (answered from the origin, fail-open); see its log");
        }
    }

    private static void announce(Case kase, Database database, String how) {
        System.out.println();
        System.out.println(database == null ? kase.shortLabel() + " — " + how
                : kase.label(database) + " — " + how + ", database " + database.label());
    }

    private static void ready(HttpProcess process) {
        System.out.printf(Locale.ROOT, "  %s ready after %d ms (log %s)%n", process.name(), process.startup().toMillis(),
                process.log());
    }

    List<Route> routes() {
        return options.routes();
    }
}
