package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.cache.CachedResponse;

import java.util.Optional;

/** What the cache decided for one request, before any resource runs. */
public sealed interface CacheDecision {

    CachePolicy policy();

    /**
     * Answer from the cache. {@code stale} when served past its TTL within the grace, while another request reloads.
     *
     * @param lookupNanos how long the lookup took, from the request's preparation to this decision
     */
    record Hit(CachePolicy policy, CacheKey key, CachedResponse response, boolean stale, boolean notModified,
               long ageSeconds, long lookupNanos)
            implements CacheDecision {
    }

    /**
     * Ask the origin; then hand its response to {@link ResponseCache#complete} (or {@link ResponseCache#abandon}),
     * exactly once, so that waiting requests are released.
     *
     * @param lookupNanos how long the lookup took (a wait for another request's load included)
     */
    record Miss(CachePolicy policy, Load load, long lookupNanos) implements CacheDecision {
    }

    /** The cache stays out of it. */
    record Bypass(CachePolicy policy, String reason) implements CacheDecision {
    }

    /** Whether a decision's load ended in a stored entry. */
    record Completion(Optional<CachedResponse> stored, String notStoredReason) {
    }
}
