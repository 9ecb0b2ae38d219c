package dev.jobcache.domain.job;

import java.util.List;
import java.util.Optional;

/** One page of a list, with the cursor of the next page when there is one. */
public record Page<T>(List<T> items, Optional<PageCursor> next) {

    public Page {
        items = List.copyOf(items);
        next = next == null ? Optional.empty() : next;
    }
}
