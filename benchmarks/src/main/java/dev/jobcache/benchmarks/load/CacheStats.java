package dev.jobcache.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A snapshot of {@code GET /admin/cache/stats}: counters per route and tier since start. Only differences between
 * two snapshots are meaningful here, summed over the tiers a backend reports.
 */
final class CacheStats {

    private final JsonNode json;

    CacheStats(JsonNode json) {
        this.json = json;
    }

    Counts counts(String route) {
        long hits = 0;
        long misses = 0;
        long stale = 0;
        long bypass = 0;
        long errors = 0;
        for (JsonNode line : json.path("routes")) {
            if (line.path("route").asText().equals(route)) {
                hits += line.path("hits").asLong();
                misses += line.path("misses").asLong();
                stale += line.path("stale").asLong();
                bypass += line.path("bypass").asLong();
                errors += line.path("errors").asLong();
            }
        }
        return new Counts(hits, misses, stale, bypass, errors);
    }

    /** Cache store failures of all routes, the store-wide ones ({@code *}) included: each was answered as a miss. */
    long errors() {
        long errors = 0;
        for (JsonNode line : json.path("routes")) {
            errors += line.path("errors").asLong();
        }
        return errors;
    }

    /** Lookups of one route; a miss is counted once per origin call, when its response is handed to the cache. */
    record Counts(long hits, long misses, long stale, long bypass, long errors) {

        Counts minus(Counts earlier) {
            return new Counts(hits - earlier.hits, misses - earlier.misses, stale - earlier.stale,
                    bypass - earlier.bypass, errors - earlier.errors);
        }

        long lookups() {
            return hits + misses + stale + bypass;
        }

        /** Answers served from the cache (fresh or stale) per lookup; null when nothing was looked up. */
        Double hitRatio() {
            long lookups = lookups();
            return lookups == 0 ? null : (double) (hits + stale) / lookups;
        }
    }
}
