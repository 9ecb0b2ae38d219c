package dev.jobcache.application.admin;

import dev.jobcache.application.InvalidInput;
import dev.jobcache.domain.cache.KeyPage;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.MalformedCursor;
import dev.jobcache.domain.port.CacheStore;

import java.util.Objects;
import java.util.Optional;

/** Pages through the cache's keys for an operator. Callers must have checked that the caller is an admin. */
public final class KeyBrowser {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    private final CacheStore store;

    /** @param store the store as the application sees it (fail-open) */
    public KeyBrowser(CacheStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * One page of at most {@code limit} keys matching {@code pattern}, after {@code cursor} (a cursor an earlier page
     * returned).
     */
    public KeyPage keys(KeyPattern pattern, Optional<String> cursor, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInput("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        try {
            return store.scanKeys(pattern, cursor, limit);
        } catch (MalformedCursor e) {
            // only the store knows its cursors' form (a SCAN cursor, a Cluster slot and cursor, a key)
            throw new InvalidInput("cursor", "is not a cursor this API returned, or names a part of the store that "
                    + "is gone; list again without one");
        }
    }
}
