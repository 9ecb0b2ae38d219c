package dev.jobcache.benchmarks.workload;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The oracle: a cache with the service's TTLs that is invalidated exactly when a body changes, and never otherwise.
 * No real cache can know that without asking the origin, so its hit ratio is the ceiling the real one is held to.
 * It is told the body the service just answered; had it stored that same body, less than a TTL ago, it would have
 * answered it itself.
 */
final class IdealCache {

    private record Stored(byte[] digest, long atNanos) {
    }

    private final ConcurrentHashMap<String, Stored> entries = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    IdealCache(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * Whether the ideal cache would have answered this 200 response for {@code key}; if not, it stores it now. The
     * clock is read under the key's lock so that, per key, stores happen in the order responses are recorded.
     */
    boolean wouldHit(String key, Duration ttl, byte[] digest) {
        boolean[] hit = {false};
        entries.compute(key, (k, stored) -> {
            long now = nanoClock.getAsLong();
            if (stored != null && now - stored.atNanos < ttl.toNanos() && Arrays.equals(stored.digest, digest)) {
                hit[0] = true;
                return stored;
            }
            return new Stored(digest, now);
        });
        return hit[0];
    }
}
