package dev.jobcache.domain.cache;

import java.time.Instant;

/** Where a cached response stands in its life: fresh, stale within its grace, or past it. */
public enum Freshness {
    FRESH,
    STALE,
    EXPIRED;

    public static Freshness of(CachedResponse response, Instant now) {
        Instant expires = response.storedAt().plus(response.ttl());
        if (now.isBefore(expires)) {
            return FRESH;
        }
        return now.isBefore(expires.plus(response.staleGrace())) ? STALE : EXPIRED;
    }
}
