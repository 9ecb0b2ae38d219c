package dev.jobcache.domain.job;

import java.util.List;
import java.util.Optional;

/**
 * One page of a list, with the cursor of the next page when there is one, and the item that next page starts with:
 * whether there is a next page at all depends on it, so a cached page depends on it as on its own items.
 */
public record Page<T>(List<T> items, Optional<PageCursor> next, Optional<T> following) {

    public Page {
        items = List.copyOf(items);
        next = next == null ? Optional.empty() : next;
        following = following == null ? Optional.empty() : following;
        if (next.isPresent() != following.isPresent()) {
            throw new IllegalArgumentException("a page has a next cursor exactly when an item follows it");
        }
    }

    /** The last page: nothing follows it. */
    public static <T> Page<T> last(List<T> items) {
        return new Page<>(items, Optional.empty(), Optional.empty());
    }
}
