package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheKey;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * At most one origin call per cache key in this process. The first request for a missing key leads; the others wait
 * for it to land, then read what it stored. The wait is bounded: a slow or stuck leader costs followers at most
 * {@code maxWait} before they call the origin themselves, so single-flight never turns into an outage.
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
     * @return false when the wait timed out or was interrupted
     */
    boolean awaitLanding(CacheKey key) {
        Flight flight = inFlight.get(key);
        if (flight == null) {
            return true;
        }
        try {
            return flight.landed.await(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One origin call that followers can wait on. */
    final class Flight {

        private final CacheKey key;
        private final CountDownLatch landed = new CountDownLatch(1);

        private Flight(CacheKey key) {
            this.key = key;
        }

        void land() {
            inFlight.remove(key, this);
            landed.countDown();
        }
    }
}
