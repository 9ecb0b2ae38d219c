package dev.jobcache.domain.cache;

/**
 * How full a store is.
 *
 * @param entries   entries held, or {@code -1} when the store cannot count them cheaply
 * @param maxBytes  the bound the store enforces, or {@code -1} when it has none it knows of
 * @param evictions entries removed for room since start, not counting expiry or invalidation
 */
public record StoreUsage(long entries, long bytes, long maxBytes, long evictions) {

    public static final StoreUsage EMPTY = new StoreUsage(0, 0, -1, 0);
}
