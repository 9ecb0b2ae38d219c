package dev.jobcache.domain.job;

import java.util.Optional;

/** How many jobs to list, and from where. */
public record PageRequest(Optional<PageCursor> after, int limit) {

    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 20;

    public PageRequest {
        after = after == null ? Optional.empty() : after;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(Optional.empty(), limit);
    }
}
