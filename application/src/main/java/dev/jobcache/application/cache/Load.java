package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.Tag;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One origin call in progress for a cache key: the invalidation generation read before it started, the flight other requests may be
 * waiting on, and the stale entry to fall back on if the origin fails. Finished exactly once.
 */
public final class Load {

    private final CachePolicy policy;
    private final CacheKey key;
    private final Set<Tag> tags;
    private final Set<Tag> guards;
    private final long generation;
    private final SingleFlight.Flight flight;
    private final boolean storable;
    private final CachedResponse staleFallback;
    private final long startedNanos;
    private final String owner;
    private final AtomicBoolean finished = new AtomicBoolean();

    Load(CachePolicy policy, CacheKey key, Set<Tag> tags, Set<Tag> guards, long generation, SingleFlight.Flight flight,
         boolean storable, CachedResponse staleFallback, long startedNanos, String owner) {
        this.owner = owner;
        this.policy = policy;
        this.key = key;
        this.tags = Set.copyOf(tags);
        this.guards = Set.copyOf(guards);
        this.generation = generation;
        this.flight = flight;
        this.storable = storable;
        this.staleFallback = staleFallback;
        this.startedNanos = startedNanos;
    }

    /** Whose share of the cache the entry counts against: the caller's id, or {@code public}. */
    public String owner() {
        return owner;
    }

    public CachePolicy policy() {
        return policy;
    }

    public CacheKey key() {
        return key;
    }

    public Set<Tag> tags() {
        return tags;
    }

    /** False for loads whose response must not be stored (HEAD, {@code no-cache} without store rights). */
    public boolean storable() {
        return storable;
    }

    /** An expired entry within its grace, to serve if the origin fails (RFC 5861 stale-if-error). */
    public Optional<CachedResponse> staleFallback() {
        return Optional.ofNullable(staleFallback);
    }

    /** What the generation was read over: the tags, and a guarded route's guards. */
    Set<Tag> guards() {
        return guards;
    }

    /** The store's invalidation generation of key and guards, read before the origin call. */
    long generation() {
        return generation;
    }

    long startedNanos() {
        return startedNanos;
    }

    /** Takes the right to finish this load. @return true the first time only */
    boolean claim() {
        return finished.compareAndSet(false, true);
    }

    /** Releases the requests waiting for this load: they read the store. */
    void land() {
        if (flight != null) {
            flight.land();
        }
    }

    /**
     * Releases the requests waiting for this load with the response it loaded, which those that may be given it
     * take (see {@link SingleFlight}).
     *
     * @param stored whether the store accepted it
     */
    void land(CachedResponse response, boolean stored, long storeBeganNanos) {
        if (flight != null) {
            flight.land(response, stored, storeBeganNanos);
        }
    }
}
