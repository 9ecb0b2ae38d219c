package dev.jobcache.domain.cache;

import java.util.List;
import java.util.Optional;

/**
 * One page of a key listing. {@code nextCursor} is empty once the listing is complete; like Redis SCAN, a listing
 * may return a key twice or miss keys that change while it runs, never a key that was absent throughout.
 */
public record KeyPage(List<CacheKey> keys, Optional<String> nextCursor) {

    public KeyPage {
        keys = List.copyOf(keys);
        nextCursor = nextCursor == null ? Optional.empty() : nextCursor;
    }
}
