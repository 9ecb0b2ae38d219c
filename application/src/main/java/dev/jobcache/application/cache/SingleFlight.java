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
 * At most one origin call per cache key in this process, however many requests ask at once, even while the store
 * fails. The first request for a missing key leads; the others wait for it to land and take the response it loaded
 * from the flight itself, with no burst of store reads (a burst that, on a loaded Redis, times out and would send
 * every follower to the origin after all). The wait is bounded: a slow or stuck leader costs followers at most
 * {@code maxWait} before they call the origin themselves, so single flight never turns into an outage.
 *
 * <p>A follower may be given the leader's response when either holds:
 * <ul>
 *   <li>its request began before the leader took the lead: the leader's origin read began after that, so it sees
 *       every write acknowledged before the follower asked;</li>
 *   <li>the store accepted the response and the follower began waiting before the store began: the conditional put
 *       refuses a response an invalidation overtook, so no write acknowledged before the follower asked changed
 *       it.</li>
 * </ul>
 * Otherwise the follower reads the store and, finding nothing, leads the next load or follows whoever does; every
 * request still waiting then asked before that leader took the lead, so the next landing answers them all whatever
 * the store does.
 */
public final class SingleFlight {

    private final ConcurrentMap<CacheKey, Flight> inFlight = new ConcurrentHashMap<>();
    private final Duration maxWait;

    public SingleFlight(Duration maxWait) {
        this.maxWait = maxWait;
    }

    /**
     * The flight of {@code key}: a new one the caller leads, or the one already in the air, to follow. A follower
     * holds on to that flight, so that it cannot miss its landing however soon it comes.
     *
     * @param nowNanos the time, on the clock followers' times are taken from
     */
    Joined join(CacheKey key, long nowNanos) {
        Flight mine = new Flight(key, nowNanos);
        Flight existing = inFlight.putIfAbsent(key, mine);
        return existing == null ? new Joined(mine, true) : new Joined(existing, false);
    }

    /**
     * The flight after {@code landed}, for its followers that could not take its response: the first of them to ask
     * joins the key's flight anew (leading it, or following the one in the air), and every later one gets that same
     * flight, even once it has landed, so that none of them misses its landing and leads yet another.
     */
    Joined joinAfter(Flight landed, CacheKey key, long nowNanos) {
        synchronized (landed) {
            if (landed.successor == null) {
                Joined joined = join(key, nowNanos);
                landed.successor = joined.flight();
                return joined;
            }
            return new Joined(landed.successor, false);
        }
    }

    /** Leads a new flight for {@code key}, or returns null when one is already in the air. */
    Flight tryLead(CacheKey key, long nowNanos) {
        Joined joined = join(key, nowNanos);
        return joined.leads() ? joined.flight() : null;
    }

    /** A flight, and whether the caller that joined it leads it. */
    record Joined(Flight flight, boolean leads) {
    }

    /**
     * Waits for {@code flight} to land (at once if it has).
     *
     * @param askedAtNanos when the follower's request began, on the clock the leader's times are taken from
     */
    Landing awaitLanding(Flight flight, long askedAtNanos) {
        try {
            if (!flight.landed.await(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                return Landing.TIMED_OUT;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Landing.TIMED_OUT;
        }
        return new Landing(true, flight.responseFor(askedAtNanos));
    }

    /**
     * How a wait ended.
     *
     * @param landed   false when the wait timed out or was interrupted: stop waiting
     * @param response the leader's response, when the follower may be given it (see the class)
     */
    record Landing(boolean landed, Optional<CachedResponse> response) {

        static final Landing TIMED_OUT = new Landing(false, Optional.empty());
    }

    /** One origin call that followers can wait on. */
    final class Flight {

        private final CacheKey key;
        private final long ledAtNanos;
        private final CountDownLatch landed = new CountDownLatch(1);
        // written before the latch counts down, read after it has: the latch orders them
        private CachedResponse response;
        private boolean stored;
        private long storeBeganNanos;
        // guarded by this flight's monitor (see joinAfter)
        private Flight successor;

        private Flight(CacheKey key, long ledAtNanos) {
            this.key = key;
            this.ledAtNanos = ledAtNanos;
        }

        /** Lands with nothing for followers: they read the store. */
        void land() {
            inFlight.remove(key, this);
            landed.countDown();
        }

        /**
         * Lands with the response the leader loaded and would store.
         *
         * @param stored          whether the store accepted it
         * @param storeBeganNanos when the leader began to store it
         */
        void land(CachedResponse response, boolean stored, long storeBeganNanos) {
            this.response = response;
            this.stored = stored;
            this.storeBeganNanos = storeBeganNanos;
            land();
        }

        private Optional<CachedResponse> responseFor(long askedAtNanos) {
            if (response == null) {
                return Optional.empty();
            }
            boolean askedBeforeTheLead = askedAtNanos - ledAtNanos < 0;
            boolean storedAfterItWaited = stored && askedAtNanos - storeBeganNanos < 0;
            return askedBeforeTheLead || storedAfterItWaited ? Optional.of(response) : Optional.empty();
        }
    }
}
