package dev.jobcache.domain.cache;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one invalidation removed: entries with any of {@code tags}, the given {@code keys}, or everything. Sent on
 * the {@link dev.jobcache.domain.port.InvalidationBus} so that every instance drops its near-cache copies.
 *
 * @param reason why, for the history and the logs (e.g. {@code job-status-changed}, {@code admin})
 * @param stamp  who published it as which number, once it is published; what a consistency token names
 */
public record Invalidation(Set<Tag> tags, Set<CacheKey> keys, boolean everything, String reason,
                           Optional<InvalidationStamp> stamp) {

    public Invalidation {
        tags = Set.copyOf(tags);
        keys = Set.copyOf(keys);
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(stamp, "stamp");
    }

    /** An invalidation not published yet. */
    public Invalidation(Set<Tag> tags, Set<CacheKey> keys, boolean everything, String reason) {
        this(tags, keys, everything, reason, Optional.empty());
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

    /** The same invalidation, as published under {@code published}. */
    public Invalidation stamped(InvalidationStamp published) {
        return new Invalidation(tags, keys, everything, reason, Optional.of(published));
    }

    /** The same invalidation, as it was before it was published: what it removes, without who sent it. */
    public Invalidation unstamped() {
        return stamp.isEmpty() ? this : new Invalidation(tags, keys, everything, reason);
    }
}
