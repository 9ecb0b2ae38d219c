package dev.jobcache.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The cache lookup time of hits of one route as the service measured it ({@code GET /admin/cache/performance},
 * {@code cached}), over the whole life of the process; the percentiles are histogram bucket bounds.
 */
record ServerLookup(String route, long count, String basis, Double meanMs, Double p50Ms, Double p95Ms, Double p99Ms) {

    static ServerLookup from(JsonNode performance, String route) {
        for (JsonNode line : performance.path("routes")) {
            if (line.path("route").asText().equals(route)) {
                JsonNode cached = line.path("cached");
                return new ServerLookup(route, cached.path("count").asLong(), cached.path("basis").asText(""),
                        number(cached, "meanMs"), number(cached, "p50Ms"), number(cached, "p95Ms"), number(cached, "p99Ms"));
            }
        }
        return new ServerLookup(route, 0, "absent", null, null, null, null);
    }

    private static Double number(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.path(field).asDouble() : null;
    }
}
