package dev.jobcache.benchmarks.load;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything one run measured, filled in as it goes and read by {@link Report} and {@link Targets}. */
final class Results {

    final Options options;
    final List<String> arguments;
    final Instant started = Instant.now();
    Machine machine;
    final List<String> notes = new ArrayList<>();
    final Map<Route, Map<Case, CaseResult>> cases = new EnumMap<>(Route.class);
    final Map<Case, ProcessNotes> processes = new EnumMap<>(Case.class);
    final List<ProcessNotes> otherProcesses = new ArrayList<>();

    /** The route of the latency pair: {@code jobs} when it was run, else the first route. */
    Route latencyRoute;
    /** Hits of a case over a single connection ({@code wrk -t1 -c1}). */
    final Map<Case, Measurement> singleConnection = new EnumMap<>(Case.class);
    final Map<Case, ServerLookup> serverLookups = new EnumMap<>(Case.class);
    final Map<String, RedisRoundTrip.RoundTrip> redisRoundTrips = new LinkedHashMap<>();
    int redisEntryBytes = -1;
    String redisEntryBytesSource = "";

    String twoInstanceSetup;
    Propagation.Result propagation;
    Stampede.Result stampede;
    final List<String> twoInstanceProblems = new ArrayList<>();

    Embedded memory = Embedded.notRun("the run stopped before it");
    Embedded jmh = Embedded.notRun("off (benchmarks/run --jmh runs it)");
    /** p99 of the cache's whole lookup of a Redis hit and of a raw Lettuce read, from jmh.json; null without JMH. */
    JmhRedisLookup jmhRedisLookup;
    Instant finished;

    Results(Options options, List<String> arguments, Machine machine) {
        this.options = options;
        this.arguments = List.copyOf(arguments);
        this.machine = machine;
    }

    void add(Route route, Case kase, CaseResult result) {
        cases.computeIfAbsent(route, r -> new EnumMap<>(Case.class)).put(kase, result);
    }

    Optional<CaseResult> result(Route route, Case kase) {
        return Optional.ofNullable(cases.getOrDefault(route, Map.of()).get(kase));
    }

    /** Requests per second of {@code kase} over those of {@code baseline} on a route, when both were measured. */
    Optional<Double> throughputRatio(Route route, Case kase, Case baseline) {
        return result(route, kase).flatMap(k -> result(route, baseline)
                .filter(b -> b.median().requestsPerSecond() > 0)
                .map(b -> k.median().requestsPerSecond() / b.median().requestsPerSecond()));
    }

    void note(String note) {
        notes.add(note);
    }

    /** Server CPU per request of {@code kase} divided by that of {@code baseline}, on one route. */
    Optional<Double> cpuRatio(Route route, Case kase, Case baseline) {
        return result(route, kase).flatMap(k -> result(route, baseline)
                .filter(b -> b.median().serverCpuMicrosPerRequest() > 0 && k.median().serverCpuMicrosPerRequest() > 0)
                .map(b -> k.median().serverCpuMicrosPerRequest() / b.median().serverCpuMicrosPerRequest()));
    }
}
