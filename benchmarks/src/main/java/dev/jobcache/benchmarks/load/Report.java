package dev.jobcache.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code results.md} and {@code results.json}: the same figures, for readers and for tools. */
final class Report {

    private Report() {
    }

    static void write(Results results, Path directory) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("results.md"), markdown(results), StandardCharsets.UTF_8);
            Files.writeString(directory.resolve("results.json"), Json.write(json(results)) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BenchmarkFailure("could not write the results to " + directory + ": " + e.getMessage(), e);
        }
    }

    /** One route's table: the median of each figure and the ratios to the baselines of the same run. */
    static MarkdownTable caseTable(Results results, Route route) {
        MarkdownTable table = new MarkdownTable("case", ">requests/s", ">p50", ">p99", ">p99.9", ">errors", ">cache hits",
                ">server CPU/request", ">× bare (a)", ">× Varnish (f)", ">× origin-PG", ">× origin-H2");
        for (Case kase : Case.values()) {
            results.result(route, kase).ifPresent(result -> table.row(
                    result.label(),
                    Format.rate(result.median().requestsPerSecond()),
                    Format.micros(result.median().p50Us()),
                    Format.micros(result.median().p99Us()),
                    Format.micros(result.median().p999Us()),
                    Long.toString(result.median().errors()),
                    Format.percent(result.hitRatio()),
                    Double.isNaN(result.median().serverCpuMicrosPerRequest()) ? "–"
                            : String.format(java.util.Locale.ROOT, "%.1f µs", result.median().serverCpuMicrosPerRequest()),
                    Format.ratio(results.throughputRatio(route, kase, Case.BARE)),
                    Format.ratio(results.throughputRatio(route, kase, Case.VARNISH)),
                    Format.ratio(results.throughputRatio(route, kase, Case.ORIGIN_PG)),
                    Format.ratio(results.throughputRatio(route, kase, Case.ORIGIN_H2))));
        }
        return table;
    }

    static MarkdownTable targetTable(Results results) {
        MarkdownTable table = new MarkdownTable("target", "measured as", ">ratio", "threshold", "verdict");
        for (Targets.Target target : Targets.of(results)) {
            table.row(target.target(), target.measured(),
                    target.ratio() == null ? "–" : Format.number(target.ratio()), target.threshold(), target.verdict());
        }
        return table;
    }

    static String markdown(Results results) {
        Options options = results.options;
        StringBuilder md = new StringBuilder();
        md.append("# jobcache load comparison\n\n");
        md.append("Written by `benchmarks/run").append(results.arguments.isEmpty() ? "" : " " + String.join(" ", results.arguments))
                .append("` on ").append(results.started.truncatedTo(ChronoUnit.SECONDS)).append(" (UTC)");
        if (results.finished != null) {
            md.append(", ").append(Duration.between(results.started, results.finished).toSeconds()).append(" s in all");
        }
        md.append(". Every case was measured in this one run, on this machine, over loopback; each ratio divides figures "
                + "of the same run. Overwritten by every run.\n\n");
        if (options.quick()) {
            md.append("> **Quick run** (`--quick`): ").append(options.runs()).append(" run(s) of ")
                    .append(options.durationSeconds()).append(" s per case. For development only; do not quote these figures.\n\n");
        }
        for (String note : results.notes) {
            md.append("> **").append(note).append("**\n\n");
        }
        machine(md, results.machine);
        parameters(md, results);
        for (Route route : options.routes()) {
            if (!results.cases.containsKey(route)) {
                continue;
            }
            md.append("## GET ").append(route.template()).append("\n\n");
            md.append(route == Route.JOBS
                    ? "Each request asks for one user's first page (20 of their 200 jobs, newest first), the 50 users in turn.\n\n"
                    : "Each request asks for one job, over " + Seed.SAMPLED_PER_USER + " jobs of each of the 50 users in turn "
                    + "(one QUEUED, RUNNING, COMPLETED and FAILED job each).\n\n");
            md.append(caseTable(results, route)).append('\n');
        }
        md.append("""
                Medians over the measured runs, each figure on its own (p99 is the median of the runs' p99s). *errors* are \
                the sum over all measured runs of wrk's socket errors, timeouts and answers with a status above 399. \
                *cache hits* are the answers served from the cache per lookup during the measured runs (jobcache's \
                `/admin/cache/stats`, Varnish's `varnishstat`). (a) replays the bytes and headers of a captured cache hit \
                with nothing of jobcache; (b) is jobcache with `CACHE_BACKEND=none`; (c′) is (c) with \
                `HTTP_FAST_PATH=false` (every hit answered by the Jersey filter instead of in front of Jersey); \
                (d′) 3 masters, no replicas, on the same %d cores: (d) against a private Redis Cluster started for that \
                case alone (`REDIS_URL=redis-cluster://…`, `REDIS_WAIT_REPLICAS=0`); (f) is \
                Varnish with `benchmarks/varnish/jobcache.vcl` in front of a (b) instance. Before its warm-up, every case \
                gets each target once, one request after another, so that cached cases start their warm-up with every \
                entry stored.

                """.formatted(results.machine.cores()));
        md.append("## Targets\n\n").append(targetTable(results)).append('\n');
        md.append("Reported, not asserted. Throughput targets on the route shown; the 20 × target needs PostgreSQL.\n\n");
        latencyPair(md, results);
        twoInstances(md, results);
        embedded(md, "Memory per cached response", results.memory,
                "`java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.jobcache.benchmarks.memory.MemoryFootprint`");
        embedded(md, "JMH micro-benchmarks", results.jmh, "`benchmarks/micro`; its own report is [jmh.md](jmh.md), its JSON jmh.json");
        processes(md, results);
        return md.toString();
    }

    private static void machine(StringBuilder md, Machine machine) {
        md.append("## Machine\n\n").append(new MarkdownTable("", "")
                .row("cores", Integer.toString(machine.cores()))
                .row("CPU", machine.cpu())
                .row("memory", machine.memory())
                .row("OS", machine.os())
                .row("Java", machine.java())
                .row("jobcache", machine.jobcache())
                .row("wrk", machine.wrk())
                .row("Varnish", machine.varnish())
                .row("Redis", machine.redis())
                .row("PostgreSQL", machine.postgres())).append('\n');
    }

    private static void parameters(StringBuilder md, Results results) {
        Options options = results.options;
        md.append("## Parameters\n\n").append(new MarkdownTable("", "")
                .row("duration", options.durationSeconds() + " s per measured run")
                .row("warm-up", options.warmupSeconds() + " s per case and route, same load, before the measured runs")
                .row("runs", options.runs() + " per case and route; medians reported")
                .row("connections", Integer.toString(options.connections()))
                .row("threads", options.threads() + " (wrk)")
                .row("routes", String.join(", ", options.routes().stream().map(r -> "GET " + r.template()).toList()))
                .row("wrk", "`-t" + options.threads() + " -c" + options.connections() + " -d" + options.durationSeconds()
                        + "s --timeout " + Wrk.TIMEOUT + " -s benchmarks/wrk/jobs.lua`, Accept-Encoding: gzip, "
                        + "the 50 users' bearer tokens in turn")
                .row("JVM flags", String.join(" ", Workspace.JVM_FLAGS) + " (every JVM case)")
                .row("data", Users.COUNT + " users × " + Seed.JOBS_PER_USER + " jobs, seeded through the API")
                .row("service", "`CACHE_WARM_ROUTES=none`, defaults otherwise; private redis-server "
                        + "(`maxmemory 512mb`, `volatile-lru`)")).append('\n');
    }

    private static void latencyPair(StringBuilder md, Results results) {
        md.append("## Latency pair: Redis hits vs the Redis round trip\n\n");
        if (results.redisRoundTrips.isEmpty() && results.singleConnection.isEmpty()) {
            md.append("Not measured in this run.\n\n");
            return;
        }
        MarkdownTable table = new MarkdownTable("figure", ">p50", ">p99", "how");
        results.redisRoundTrips.forEach((name, trip) -> table.row("Redis GET round trip, " + trip.clients() + " client(s)",
                Format.millis(trip.p50Ms()), Format.millis(trip.p99Ms()),
                "`redis-benchmark -t set,get -d " + trip.valueBytes() + " -n " + trip.requests() + " -c " + trip.clients()
                        + "`, GET line"));
        for (Case kase : List.of(Case.REDIS, Case.CAFFEINE)) {
            Measurement single = results.singleConnection.get(kase);
            if (single != null) {
                table.row(kase.shortLabel() + ", HTTP, 1 connection",
                        Format.micros(single.median().p50Us()), Format.micros(single.median().p99Us()),
                        "`wrk -t1 -c1`, median of " + single.runs().size() + " runs");
            }
            if (results.latencyRoute != null) {
                results.result(results.latencyRoute, kase).ifPresent(r -> table.row(r.label() + ", HTTP, "
                                + results.options.connections() + " connections",
                        Format.micros(r.median().p50Us()), Format.micros(r.median().p99Us()), "the table above"));
            }
            ServerLookup lookup = results.serverLookups.get(kase);
            if (lookup != null) {
                table.row(kase.shortLabel() + ", server-side lookup",
                        Format.millis(lookup.p50Ms()), Format.millis(lookup.p99Ms()),
                        "`/admin/cache/performance` " + lookup.route() + " cached, " + lookup.count()
                                + " hits over the process's life (" + lookup.basis() + ")");
            }
        }
        md.append(table).append('\n');
        md.append("Values of ").append(results.redisEntryBytes).append(" bytes (").append(results.redisEntryBytesSource)
                .append("). The route is GET ").append(results.latencyRoute == null ? "–" : results.latencyRoute.template())
                .append(". The server-side percentiles are the bounds of the service's histogram buckets.\n\n");
    }

    private static void twoInstances(StringBuilder md, Results results) {
        md.append("## Invalidation propagation between two instances\n\n");
        if (results.propagation == null) {
            md.append("Not measured in this run.\n\n");
        } else {
            Propagation.Result p = results.propagation;
            md.append(results.twoInstanceSetup).append("\n\n").append(new MarkdownTable(">samples", ">p50", ">p99", ">max",
                            ">GETs on B per sample", ">timeouts (10 s)", ">not an L1 hit before")
                    .row(Integer.toString(p.samples()), Format.millis(p.p50Ms()), Format.millis(p.p99Ms()),
                            Format.millis(p.maxMs()), Format.number(p.pollsPerSample()), Integer.toString(p.timeouts()),
                            Integer.toString(p.notCachedOnB()))).append('\n');
            md.append("""
                    Per sample: B reads a job twice (its near-cache then holds it), A patches the job's progress, B is \
                    polled in a tight loop until it answers the new progress. The sample is the time from A's 2xx answer \
                    to B's first fresh answer, one origin call on B included; its resolution is one loopback GET. About 1 GET \
                    on B per sample means B had already dropped its copy when first asked: the figure is then the time of \
                    that one GET (an origin call), an upper bound of the propagation itself.

                    """);
        }
        md.append("## Stampede: origin calls for a cold key\n\n");
        if (results.stampede == null) {
            md.append("Not measured in this run.\n\n");
        } else {
            Stampede.Result s = results.stampede;
            md.append(new MarkdownTable(">repetitions", ">requests each", ">origin calls (median)", ">origin calls (max)",
                            ">saved (median)", "answers (status X-Cache: count, all repetitions)")
                    .row(Integer.toString(s.repetitions()), Integer.toString(s.requestsPerRepetition()),
                            Format.number(s.originCallsMedian()), Format.number(s.originCallsMax()),
                            Format.number(s.savedMedian()), s.answers().toString())).append('\n');
            md.append("Per repetition a job nobody has read is patched on A, then ")
                    .append(s.requestsPerRepetition() / 2).append(" GETs on each instance, on connections opened beforehand, "
                            + "are released together. Origin calls are the increase of both instances' misses for "
                            + "`/jobs/{id}` in `/admin/cache/stats`.\n\n");
        }
        for (String problem : results.twoInstanceProblems) {
            md.append("> ").append(problem).append("\n\n");
        }
    }

    private static void embedded(StringBuilder md, String title, Embedded embedded, String how) {
        md.append("## ").append(title).append("\n\n");
        if (embedded.status().equals("ok")) {
            md.append(embedded.markdown().strip()).append("\n\n");
            md.append("From ").append(how).append(".\n\n");
        } else {
            md.append("**").append(embedded.status()).append(":** ").append(embedded.message()).append(" (").append(how)
                    .append(")\n\n");
        }
    }

    private static void processes(StringBuilder md, Results results) {
        md.append("## Processes\n\n");
        MarkdownTable table = new MarkdownTable("process", ">ready after", ">WARN/ERROR lines", "first of them");
        List<ProcessNotes> all = new ArrayList<>(results.processes.values());
        all.addAll(results.otherProcesses);
        for (ProcessNotes notes : all) {
            table.row(notes.name(), notes.startupMillis() + " ms", Integer.toString(notes.problemLines()),
                    notes.firstProblems().isEmpty() ? "" : truncate(notes.firstProblems().get(0), 160));
        }
        md.append(table).append('\n');
        md.append("*ready after*: from the start of the process until its readiness path first answered 200.\n");
    }

    private static String truncate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length) + "…";
    }

    static Map<String, Object> json(Results results) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("generatedAt", results.started.toString());
        json.put("finishedAt", results.finished == null ? null : results.finished.toString());
        json.put("arguments", results.arguments);
        json.put("quick", results.options.quick());
        json.put("notes", results.notes);
        json.put("machine", results.machine);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("durationSeconds", results.options.durationSeconds());
        parameters.put("warmupSeconds", results.options.warmupSeconds());
        parameters.put("runs", results.options.runs());
        parameters.put("connections", results.options.connections());
        parameters.put("threads", results.options.threads());
        parameters.put("routes", results.options.routes().stream().map(Route::template).toList());
        parameters.put("wrkTimeout", Wrk.TIMEOUT);
        parameters.put("jvmFlags", Workspace.JVM_FLAGS);
        parameters.put("users", Users.COUNT);
        parameters.put("jobsPerUser", Seed.JOBS_PER_USER);
        json.put("parameters", parameters);
        Map<String, Object> routes = new LinkedHashMap<>();
        results.cases.forEach((route, cases) -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            cases.forEach((kase, result) -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("case", kase.id());
                row.put("letter", kase.letter());
                row.put("label", result.label());
                row.put("database", result.database());
                row.put("median", result.median());
                row.put("hitRatio", result.hitRatio());
                row.put("cacheErrors", result.cacheErrors());
                Map<String, Object> ratios = new LinkedHashMap<>();
                ratios.put("bare", results.throughputRatio(route, kase, Case.BARE).orElse(null));
                ratios.put("varnish", results.throughputRatio(route, kase, Case.VARNISH).orElse(null));
                ratios.put("originPostgres", results.throughputRatio(route, kase, Case.ORIGIN_PG).orElse(null));
                ratios.put("originH2", results.throughputRatio(route, kase, Case.ORIGIN_H2).orElse(null));
                row.put("throughputRatios", ratios);
                row.put("warmup", result.measurement().warmup());
                row.put("runs", result.measurement().runs());
                rows.add(row);
            });
            routes.put(route.template(), rows);
        });
        json.put("routes", routes);
        json.put("targets", Targets.of(results));
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("route", results.latencyRoute == null ? null : results.latencyRoute.template());
        latency.put("redisEntryBytes", results.redisEntryBytes);
        latency.put("redisEntryBytesSource", results.redisEntryBytesSource);
        latency.put("redisRoundTrips", results.redisRoundTrips);
        Map<String, Object> single = new LinkedHashMap<>();
        results.singleConnection.forEach((kase, measurement) -> single.put(kase.id(), measurement));
        latency.put("singleConnection", single);
        Map<String, Object> lookups = new LinkedHashMap<>();
        results.serverLookups.forEach((kase, lookup) -> lookups.put(kase.id(), lookup));
        latency.put("serverSideLookup", lookups);
        json.put("latencyPair", latency);
        Map<String, Object> two = new LinkedHashMap<>();
        two.put("setup", results.twoInstanceSetup);
        two.put("propagation", results.propagation);
        two.put("stampede", results.stampede);
        two.put("problems", results.twoInstanceProblems);
        json.put("twoInstances", two);
        json.put("memory", results.memory);
        json.put("jmh", results.jmh);
        List<ProcessNotes> all = new ArrayList<>(results.processes.values());
        all.addAll(results.otherProcesses);
        json.put("processes", all);
        return json;
    }
}
