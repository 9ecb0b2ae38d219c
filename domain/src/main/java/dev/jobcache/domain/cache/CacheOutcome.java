package dev.jobcache.domain.cache;

/** What happened to one cache operation, as counted by {@link dev.jobcache.domain.port.CacheMetrics}. */
public enum CacheOutcome {
    /** Answered from a stored, fresh entry. */
    HIT,
    /** No usable entry; the origin answered. */
    MISS,
    /** Answered from an expired entry within its grace while another request revalidates it. */
    STALE,
    /** Not cacheable; the cache was not consulted. */
    BYPASS,
    /** The store failed; treated as a miss (fail open). */
    ERROR,
    /** A response was stored. */
    STORE,
    /** An entry was removed to make room. */
    EVICTION,
    /** Entries were removed by an invalidation. */
    INVALIDATION,
    /** A request waited for another request's load of the same key instead of calling the origin (single flight). */
    WAIT,
    /** A hot entry's reload was started in the background, before it expired (refresh-ahead). */
    REFRESH
}
