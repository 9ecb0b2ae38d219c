package dev.jobcache.domain.cache;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One page of a listing that a store holds in process: the names after the last one handed out, in sorted order, so
 * that the last name is a stable place to resume while names come and go (see {@link KeyPage} and {@link TagPage}).
 *
 * @param shown        at most the limit's worth of names
 * @param resumesAfter the last name shown, when more follow
 */
record SortedSlice(List<String> shown, Optional<String> resumesAfter) {

    /** The first {@code limit} distinct names after {@code after} ({@code null}: from the start). */
    static SortedSlice of(Stream<String> names, String after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        List<String> page = names
                .filter(name -> after == null || name.compareTo(after) > 0)
                .distinct()
                .sorted()
                .limit(limit + 1L)
                .toList();
        boolean more = page.size() > limit;
        List<String> shown = more ? page.subList(0, limit) : page;
        return new SortedSlice(shown, more ? Optional.of(shown.get(limit - 1)) : Optional.empty());
    }
}
