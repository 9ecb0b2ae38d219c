package dev.jobcache.benchmarks.load;

import dev.jobcache.testkit.redis.RedisCluster;
import dev.jobcache.testkit.redis.RedisServer;
import dev.jobcache.testkit.redis.RedisServerException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The main of {@code benchmarks/run}: every case side by side in one run on this machine, then results.md and
 * results.json. The cases run in an order that lets later ones reuse what earlier ones produced (the bare endpoint
 * replays a hit captured from the Caffeine case); the tables list them in the order.
 *
 * <p>Everything it starts is stopped when it ends, fails or is interrupted. A case that fails is reported and the run
 * goes on; without a seeded database or wrk there is nothing to compare, and it stops.
 */
public final class LoadComparison {

    private final Options options;
    private final Workspace workspace;
    private final ChildProcesses children;
    private final Results results;

    private LoadComparison(Options options, Workspace workspace, ChildProcesses children, Results results) {
        this.options = options;
        this.workspace = workspace;
        this.children = children;
        this.results = results;
    }

    public static void main(String[] args) {
        Path root = Path.of(System.getProperty("jobcache.bench.root", ".")).toAbsolutePath().normalize();
        Options options;
        try {
            options = Options.parse(args, root, Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("benchmarks/run: " + e.getMessage());
            }
            System.err.print(Options.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        ChildProcesses children = ChildProcesses.withShutdownHook();
        int status = 1;
        try {
            Workspace workspace = Workspace.create(root);
            Results results = new Results(options, List.of(args), Machine.describe());
            new LoadComparison(options, workspace, children, results).run();
            status = 0;
        } catch (BenchmarkFailure e) {
            System.err.println();
            System.err.println("benchmarks/run: " + e.getMessage());
        } finally {
            children.stopAll();
        }
        System.exit(status);
    }

    private void run() {
        System.out.println("jobcache load comparison; temporary files and logs in " + workspace.directory());
        check();
        printSetting();
        try {
            compare();
        } catch (BenchmarkFailure e) {
            results.note("This run FAILED before it finished: " + e.getMessage().lines().findFirst().orElse(""));
            finish();
            throw e;
        }
        finish();
    }

    private void check() {
        if (!Files.isRegularFile(options.jar())) {
            throw new BenchmarkFailure("no service jar at " + options.jar() + ": build it (benchmarks/run without --no-build) "
                    + "or pass --jar");
        }
        if (Machine.firstLine("wrk", "-v").startsWith("not found")) {
            throw new BenchmarkFailure("wrk is not installed (apt-get install wrk; benchmarks/run installs it)");
        }
    }

    private void printSetting() {
        Machine machine = results.machine;
        System.out.printf("machine: %d cores, %s, %s, %s%n", machine.cores(), machine.cpu(), machine.memory(), machine.os());
        System.out.printf("tools: %s | %s | %s | %s%n", machine.java(), machine.wrk(), machine.varnish(), machine.redis());
        System.out.printf("load: %d run(s) of %d s after %d s of warm-up, %d connections, %d wrk thread(s), routes %s%s%n",
                options.runs(), options.durationSeconds(), options.warmupSeconds(), options.connections(),
                options.threads(), options.routes().stream().map(Route::template).toList(),
                options.quick() ? " — QUICK RUN, for development only" : "");
    }

    private void compare() {
        Postgres.Availability postgres = options.skipPostgres()
                ? new Postgres.Availability(false, "", "--skip-postgres was given")
                : Postgres.probe();
        if (postgres.reachable()) {
            results.machine = results.machine.withPostgres(postgres.version());
        } else {
            String loud = "*** SKIPPED: " + postgres.reason() + " — the PostgreSQL cases are NOT measured, the cached cases "
                    + "run on H2 and the 20 × target cannot be checked ***";
            System.out.println();
            System.out.println(loud);
            results.note(loud.replace("*** ", "").replace(" ***", ""));
        }
        Users users = Users.generate();
        RedisServer redis = RedisServer.start("--maxmemory", "512mb", "--maxmemory-policy", "volatile-lru");
        try {
            System.out.println("private redis-server on " + redis.uri());
            System.out.println();
            CaseRunner runner = new CaseRunner(options, workspace, children, users, redis, results);
            Database h2 = Database.h2(workspace.file("h2/jobs"));
            Database pg = postgres.reachable() ? recreatePostgres() : null;
            // both at once: seeding H2 waits mostly on its file's syncs, PostgreSQL on its own process
            CompletableFuture<Seed> pgSeeding = pg == null ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.supplyAsync(() -> seed(users, runner, pg));
            Seed h2Seed = seed(users, runner, h2);
            Seed pgSeed = join(pgSeeding);
            Database cached = pg != null ? pg : h2;
            Seed cachedSeed = pg != null ? pgSeed : h2Seed;
            runCases(users, redis, runner, h2, h2Seed, pg, pgSeed, cached, cachedSeed);
            attempt("two instances", () -> TwoInstances.measure(workspace, children, options.jar(), users, runner,
                    cached.isPostgres() ? cached : cached.shared(), cachedSeed, results));
        } finally {
            redis.close();
        }
        results.memory = ExternalRuns.memory(children, workspace);
        System.out.println("memory footprint: " + results.memory.status()
                + (results.memory.message().isEmpty() ? "" : " — " + results.memory.message()));
    }

    private void runCases(Users users, RedisServer redis, CaseRunner runner, Database h2, Seed h2Seed,
                          Database pg, Seed pgSeed, Database cached, Seed cachedSeed) {
        LatencyProbes probes = new LatencyProbes(options, children, runner, redis, results);
        Path responses = workspace.file("responses");
        int[] capturedBytes = {-1};
        attempt(Case.ORIGIN_H2.shortLabel(), () -> runner.jobcache(Case.ORIGIN_H2, "none", h2, h2Seed, Map.of(), s -> { }));
        if (pg != null) {
            attempt(Case.ORIGIN_PG.shortLabel(), () -> runner.jobcache(Case.ORIGIN_PG, "none", pg, pgSeed, Map.of(), s -> { }));
        }
        attempt(Case.CAFFEINE.shortLabel(), () -> runner.jobcache(Case.CAFFEINE, "caffeine", cached, cachedSeed, Map.of(),
                service -> {
                    capturedBytes[0] = capture(service, users, cachedSeed, responses);
                    probes.hitsOf(Case.CAFFEINE, service, cachedSeed);
                }));
        if (capturedBytes[0] >= 0) {
            attempt(Case.BARE.shortLabel(), () -> runner.bare(responses, cached, cachedSeed));
        } else {
            results.note("(a) bare endpoint NOT measured: there is no captured cache hit to replay (the Caffeine case failed)");
        }
        attempt(Case.CAFFEINE_FILTER.shortLabel(), () -> runner.jobcache(Case.CAFFEINE_FILTER, "caffeine", cached,
                cachedSeed, Map.of("HTTP_FAST_PATH", "false"), s -> { }));
        attempt(Case.REDIS.shortLabel(), () -> {
            runner.jobcache(Case.REDIS, "redis", cached, cachedSeed, Map.of(),
                    service -> probes.hitsOf(Case.REDIS, service, cachedSeed));
            if (Machine.firstLine("redis-benchmark", "--version").startsWith("not found")) {
                results.note("redis-benchmark is not installed: the Redis round trip is NOT measured");
            } else {
                probes.roundTrips(capturedBytes[0]);
            }
        });
        attempt(Case.REDIS_CLUSTER.shortLabel(), () -> redisCluster(runner, cached, cachedSeed));
        attempt(Case.TWO_TIER.shortLabel(), () -> runner.jobcache(Case.TWO_TIER, "two-tier", cached, cachedSeed, Map.of(),
                s -> { }));
        if (Machine.firstLine("varnishd", "-V").startsWith("not found")) {
            results.note("varnishd is not installed: (f) Varnish NOT measured (apt-get install varnish; benchmarks/run installs it)");
        } else {
            attempt(Case.VARNISH.shortLabel(), () -> runner.varnish(cached, cachedSeed));
        }
    }

    /**
     * Case (d′): (d) against a private Redis Cluster of 3 masters, started for this case only, so that no other case
     * shares the cores with its three redis-servers. Each node gets the single Redis's memory settings; without
     * replicas the service must not WAIT for one (REDIS_WAIT_REPLICAS is 1 on a cluster by default).
     */
    private void redisCluster(CaseRunner runner, Database database, Seed seed) {
        // a RedisServerException is no BenchmarkFailure: attempt(...) would let it end the whole run
        try (RedisCluster cluster = RedisCluster.start(3, 0, "--maxmemory", "512mb", "--maxmemory-policy", "volatile-lru")) {
            System.out.println();
            System.out.println("private Redis Cluster, 3 masters, no replicas, on " + cluster.uri());
            // REDIS_URL in extra wins over the single Redis's; the fresh cluster is as empty as (d)'s Redis after FLUSHALL
            runner.jobcache(Case.REDIS_CLUSTER, "redis", database, seed,
                    Map.of("REDIS_URL", cluster.uri(), "REDIS_WAIT_REPLICAS", "0"), s -> { });
        } catch (RedisServerException e) {
            throw new BenchmarkFailure("the Redis Cluster failed: " + e.getMessage(), e);
        }
    }

    /** Saves the hit of each route that the bare endpoint will replay; returns the size of the latency route's body. */
    private int capture(ServiceProcess service, Users users, Seed seed, Path responses) {
        try {
            Files.createDirectories(responses);
        } catch (IOException e) {
            throw new BenchmarkFailure("could not create " + responses + ": " + e.getMessage(), e);
        }
        int bytes = -1;
        for (Route route : options.routes()) {
            CapturedResponse captured = CapturedResponse.capture(service.api(), route.sample(users, seed));
            captured.save(responses, route.option());
            System.out.printf("  captured a hit of GET %s for the bare endpoint: %d bytes, %s%n", route.template(),
                    captured.body().length, captured.headers());
            if (bytes < 0 || route == Route.JOBS) {
                bytes = captured.body().length;
            }
        }
        return bytes;
    }

    /** A fresh database, or null (said loudly) when PostgreSQL answers but will not let us drop and create it. */
    private Database recreatePostgres() {
        try {
            return Postgres.recreate();
        } catch (BenchmarkFailure e) {
            String loud = "*** SKIPPED: " + e.getMessage() + " — the PostgreSQL cases are NOT measured ***";
            System.out.println(loud);
            results.note(loud.replace("*** ", "").replace(" ***", ""));
            results.machine = results.machine.withPostgres("not used (" + results.machine.postgres() + " answered)");
            return null;
        }
    }

    private static Seed join(CompletableFuture<Seed> seeding) {
        try {
            return seeding.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof BenchmarkFailure failure ? failure
                    : new BenchmarkFailure("seeding failed: " + e.getCause(), e.getCause());
        }
    }

    private Seed seed(Users users, CaseRunner runner, Database database) {
        System.out.println("seeding " + database.label() + " through the API (CACHE_BACKEND=none)");
        ServiceProcess seeder = ServiceProcess.start(workspace, children, options.jar(), users,
                "seed-" + database.label().toLowerCase(Locale.ROOT), "none", database, runner.redisUrl(), Map.of());
        try {
            synchronized (results) {
                results.machine = results.machine.withJobcache(seeder.version());
            }
            return Seeder.seed(seeder.api(), users, database.label());
        } finally {
            seeder.close();
            synchronized (results) {
                results.otherProcesses.add(ProcessNotes.of(seeder.process()));
            }
        }
    }

    /** Runs a part of the comparison; a failure is printed loudly and noted in the results, and the run goes on. */
    private void attempt(String what, Runnable part) {
        try {
            part.run();
        } catch (BenchmarkFailure e) {
            System.out.println();
            System.out.println("*** " + what + " FAILED: " + e.getMessage() + " ***");
            results.note(what + " FAILED: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private void finish() {
        results.finished = Instant.now();
        Report.write(results, options.out());
        printTables();
        if (options.jmh()) {
            results.jmh = ExternalRuns.jmh(children, workspace, options.out());
            System.out.println("JMH: " + results.jmh.status() + (results.jmh.message().isEmpty() ? "" : " — " + results.jmh.message()));
            results.jmhRedisLookup = JmhRedisLookup.from(options.out().resolve("jmh.json")).orElse(null);
            Report.write(results, options.out());
            System.out.println();
            System.out.println("Targets, with the JMH figures (reported, not asserted)");
            System.out.print(Report.targetTable(results));
        }
        System.out.println();
        System.out.println("results: " + options.out().resolve("results.md") + " and " + options.out().resolve("results.json"));
        System.out.println("logs: " + workspace.directory());
    }

    private void printTables() {
        for (Route route : options.routes()) {
            if (results.cases.containsKey(route)) {
                System.out.println();
                System.out.println("GET " + route.template() + (options.quick() ? " (QUICK RUN)" : ""));
                System.out.print(Report.caseTable(results, route));
            }
        }
        System.out.println();
        System.out.println("Targets (reported, not asserted)");
        System.out.print(Report.targetTable(results));
        for (String note : results.notes) {
            System.out.println("note: " + note);
        }
    }
}
