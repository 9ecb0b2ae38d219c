package dev.jobcache.benchmarks.workload;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** One route's reads: what the service's cache answered, beside what the ideal cache would have. */
final class RouteTally {

    /** Below this share of the ideal a route fails the target. */
    static final double TARGET_OF_IDEAL = 0.9;

    final String name;
    final String expectation;
    private final double expectedAtLeast;
    final LongAdder requests = new LongAdder();
    /** Only 200s are cacheable, so only they count on either side of the comparison. */
    final LongAdder ok = new LongAdder();
    final LongAdder hits = new LongAdder();
    final LongAdder stale = new LongAdder();
    final LongAdder bypass = new LongAdder();
    final LongAdder idealHits = new LongAdder();

    RouteTally(String name, String expectation, double expectedAtLeast) {
        this.name = name;
        this.expectation = expectation;
        this.expectedAtLeast = expectedAtLeast;
    }

    static RouteTally of(Route route) {
        return new RouteTally(route.template, route.expectation, route.expectedAtLeast);
    }

    /** The sum of several routes, for the overall line. */
    static RouteTally sum(String name, Iterable<RouteTally> routes) {
        RouteTally all = new RouteTally(name, "", Double.NaN);
        for (RouteTally route : routes) {
            all.requests.add(route.requests.sum());
            all.ok.add(route.ok.sum());
            all.hits.add(route.hits.sum());
            all.stale.add(route.stale.sum());
            all.bypass.add(route.bypass.sum());
            all.idealHits.add(route.idealHits.sum());
        }
        return all;
    }

    /** A 200 answered with {@code xCache}; STALE is an answer from the cache, so it counts as a hit. */
    void recordOk(String xCache, boolean idealHit) {
        requests.increment();
        ok.increment();
        switch (xCache) {
            case "HIT" -> hits.increment();
            case "STALE" -> {
                hits.increment();
                stale.increment();
            }
            case "BYPASS" -> bypass.increment();
            default -> { }
        }
        if (idealHit) {
            idealHits.increment();
        }
    }

    void recordNotOk() {
        requests.increment();
    }

    double hitRatio() {
        return ratio(hits.sum(), ok.sum());
    }

    double idealHitRatio() {
        return ratio(idealHits.sum(), ok.sum());
    }

    double ofIdeal() {
        return ratio(hits.sum(), idealHits.sum());
    }

    boolean meetsTarget() {
        return ok.sum() > 0 && hitRatio() >= TARGET_OF_IDEAL * idealHitRatio();
    }

    Boolean meetsExpectation() {
        return Double.isNaN(expectedAtLeast) ? null : hitRatio() >= expectedAtLeast;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("requests", requests.sum());
        json.put("ok", ok.sum());
        json.put("hits", hits.sum());
        json.put("stale", stale.sum());
        json.put("bypass", bypass.sum());
        json.put("idealHits", idealHits.sum());
        json.put("hitRatio", rounded(hitRatio()));
        json.put("idealHitRatio", rounded(idealHitRatio()));
        json.put("ofIdeal", rounded(ofIdeal()));
        json.put("meetsTarget", meetsTarget());
        if (!expectation.isEmpty()) {
            json.put("expectation", expectation);
            json.put("meetsExpectation", meetsExpectation());
        }
        return json;
    }

    String markdownRow() {
        Boolean expected = meetsExpectation();
        return String.format("| %s | %,d | %,d | %s | %,d | %s | %s | %s | %s |", name, requests.sum(), ok.sum(),
                percent(hitRatio()), stale.sum(), percent(idealHitRatio()),
                Double.isNaN(ofIdeal()) ? "–" : String.format("%.2f", ofIdeal()),
                expectation.isEmpty() ? "" : expectation + (expected == null ? "" : expected ? " (met)" : " (**not met**)"),
                meetsTarget() ? "yes" : "**no**");
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    private static Double rounded(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 10_000) / 10_000.0;
    }

    private static String percent(double value) {
        return Double.isNaN(value) ? "–" : String.format("%.1f %%", 100 * value);
    }
}
