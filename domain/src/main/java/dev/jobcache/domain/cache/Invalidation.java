package dev.jobcache.domain.cache;

import java.util.Objects;
import java.util.Set;

/**
 * What one invalidation removed: entries with any of {@code tags}, the given {@code keys}, or everything. Sent on
 * the {@link dev.jobcache.domain.port.InvalidationBus} so that every instance drops its near-cache copies.
 *
 * @param reason why, for the history and the logs (e.g. {@code job-status-changed}, {@code admin})
 */
public record Invalidation(Set<Tag> tags, Set<CacheKey> keys, boolean everything, String reason) {

    public Invalidation {
        tags = Set.copyOf(tags);
        keys = Set.copyOf(keys);
        Objects.requireNonNull(reason, "reason");
    }

    public static Invalidation ofTags(Set<Tag> tags, String reason) {
        return new Invalidation(tags, Set.of(), false, reason);
    }

    public static Invalidation ofKeys(Set<CacheKey> keys, String reason) {
        return new Invalidation(Set.of(), keys, false, reason);
    }

    public static Invalidation all(String reason) {
        return new Invalidation(Set.of(), Set.of(), true, reason);
    }
}
