package dev.jobcache.domain.cache;

/**
 * What the application asks of a store, as a failure is counted: one per {@link dev.jobcache.domain.port.CacheStore}
 * call, and the retry of invalidations the store failed to apply. A closed set, so that an operator's error counters
 * can exist at zero from the start and a metric label never holds anything else.
 */
public enum StoreOperation {
    GET("get"),
    GET_LOCAL("getLocal"),
    GET_ASYNC("getAsync"),
    PUT("put"),
    GENERATION("generation"),
    PUT_IF_UNCHANGED("putIfUnchanged"),
    INVALIDATE("invalidate"),
    INVALIDATE_TAGS("invalidateTags"),
    CLEAR("clear"),
    SCAN_KEYS("scanKeys"),
    SCAN_TAGS("scanTags"),
    USAGE("usage"),
    /** Applying again the invalidations that failed earlier (owed). */
    RETRY_OWED("retryOwed");

    private final String label;

    StoreOperation(String label) {
        this.label = label;
    }

    /** The name of the {@code CacheStore} method, as logs and metrics show it. */
    public String label() {
        return label;
    }
}
