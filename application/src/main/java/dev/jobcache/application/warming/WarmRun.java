package dev.jobcache.application.warming;

import dev.jobcache.domain.port.RouteLoader;

/**
 * What one run (a start-up pass, one scheduled reload, one idle batch, one pass over the active users) did, counted
 * as an operator reads it: loaded from the origin, skipped (nothing to do, or no one to do it as) or failed. Used by
 * the one thread that runs it.
 */
final class WarmRun {

    private final long startedNanos;
    private int loaded;
    private int skipped;
    private int failed;

    WarmRun(long startedNanos) {
        this.startedNanos = startedNanos;
    }

    /** Counts a load by what it answered: a 2xx the cache stored or replaced is loaded, an error failed. */
    void count(int status, String cache) {
        if (status < 200 || status > 299 || cache.equals("ERROR")) {
            failed++;
        } else if (cache.equals("MISS")) {
            loaded++;
        } else {
            // already fresh (HIT, STALE while another request reloads) or not cacheable (BYPASS): nothing was warmed
            skipped++;
        }
    }

    void count(RouteLoader.Loaded loaded) {
        count(loaded.status(), loaded.cache());
    }

    void count(CacheWarmer.Warmed warmed) {
        if (warmed.cache().equals(CacheWarmer.SKIPPED) || warmed.cache().equals(CacheWarmer.UNRESOLVED_USER)) {
            skipped++;
        } else {
            count(warmed.status(), warmed.cache());
        }
    }

    void skipped() {
        skipped++;
    }

    void failed() {
        failed++;
    }

    int loaded() {
        return loaded;
    }

    int skippedCount() {
        return skipped;
    }

    int failedCount() {
        return failed;
    }

    /** Whether it went to the origin or failed: a run that only found everything fresh did no work worth a line. */
    boolean didWork() {
        return loaded + failed > 0;
    }

    long startedNanos() {
        return startedNanos;
    }
}
