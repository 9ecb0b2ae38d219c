package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * At most one origin call per cache key in this process. The first request for a missing key leads; the others wait
 * for it to land and take the entry it stored from the flight itself, so a stampede costs the store one write and no
 * burst of re-reads (a burst that, on a loaded Redis, times out and sends every follower to the origin after all).
 * The wait is bounded: a slow or stuck leader costs followers at most {@code maxWait} before they call the origin
 * themselves, so single-flight never turns into an outage.
 *
 * <p>A follower takes the leader's entry only if it began waiting before the leader began to store it. The store
 * refuses the entry if an invalidation began first (the conditional put), so such a follower's request began before
 * any invalidation that could have removed the entry since, and before the write that caused it was acknowledged:
 * the entry is an answer it may be given. A follower that came later reads the store, as every request does.
 */
public final class SingleFlight {

    private final ConcurrentMap<CacheKey, Flight> inFlight = new ConcurrentHashMap<>();
    private final Duration maxWait;

    public SingleFlight(Duration maxWait) {
        this.maxWait = maxWait;
    }

    /** Leads a new flight for {@code key}, or returns null when one is already in the air. */
    Flight tryLead(CacheKey key) {
        Flight mine = new Flight(key);
        Flight existing = inFlight.putIfAbsent(key, mine);
        return existing == null ? mine : null;
    }

    /**
     * Waits for the flight of {@code key} to land, if there is one.
     *
     * @param waitingSinceNanos when the follower's request began, on the clock the leader's times are taken from
     * @return the entry the leader stored, if it stored one and the follower may be given it (see the class); empty
     *         when there was no flight, the wait timed out or was interrupted, or the follower must read the store
     */
    Optional<CachedResponse> awaitLanding(CacheKey key, long waitingSinceNanos) {
        Flight flight = inFlight.get(key);
        if (flight == null) {
            return Optional.empty();
        }
        try {
            if (!flight.landed.await(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        return flight.storedFor(waitingSinceNanos);
    }

    /** One origin call that followers can wait on. */
    final class Flight {

        private final CacheKey key;
        private final CountDownLatch landed = new CountDownLatch(1);
        // written before the latch counts down, read after it has: the latch orders them
        private CachedResponse stored;
        private long storeBeganNanos;

        private Flight(CacheKey key) {
            this.key = key;
        }

        /** Lands without an entry for followers: they read the store. */
        void land() {
            inFlight.remove(key, this);
            landed.countDown();
        }

        /** Lands with the entry the store accepted, whose put began at {@code storeBeganNanos}. */
        void land(CachedResponse entry, long storeBeganNanos) {
            this.stored = entry;
            this.storeBeganNanos = storeBeganNanos;
            land();
        }

        private Optional<CachedResponse> storedFor(long waitingSinceNanos) {
            boolean waitedBeforeTheStore = waitingSinceNanos - storeBeganNanos < 0;
            return stored != null && waitedBeforeTheStore ? Optional.of(stored) : Optional.empty();
        }
    }
}
