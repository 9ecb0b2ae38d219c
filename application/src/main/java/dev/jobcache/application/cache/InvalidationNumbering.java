package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.InvalidationStamp;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbers the invalidations this instance publishes, under an origin of its own, so that a consistency token can name
 * them and other instances can tell which they have applied. Thread-safe.
 */
public final class InvalidationNumbering {

    private final String origin;
    private final AtomicLong last = new AtomicLong();

    /** A numbering under a new random origin, as each instance has from its start. */
    public InvalidationNumbering() {
        this(InvalidationStamp.newOrigin());
    }

    public InvalidationNumbering(String origin) {
        this.origin = Objects.requireNonNull(origin, "origin");
        // checks the origin's form now rather than at the first publication
        new InvalidationStamp(origin, 1);
    }

    /** The next number; taken only once the invalidation reached the store, before it is published. */
    InvalidationStamp next() {
        return new InvalidationStamp(origin, last.incrementAndGet());
    }

    /** The highest number taken so far; empty before the first. */
    public Optional<InvalidationStamp> last() {
        long number = last.get();
        return number == 0 ? Optional.empty() : Optional.of(new InvalidationStamp(origin, number));
    }

    public String origin() {
        return origin;
    }
}
