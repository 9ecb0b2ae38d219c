package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.Freshness;
import dev.jobcache.domain.port.Clock;

import java.util.Objects;
import java.util.Optional;

/**
 * What a request does while another loads its key ({@link SingleFlight}): it waits for that load to land and takes
 * its response when it may be given it, else reads the store, else leads the next load or follows whoever does. A
 * second round, for a leader whose response could not be shared (its store failed), answers everyone still waiting
 * with one more origin call; after it, or when the wait runs out, the request calls the origin itself.
 */
final class LoadFollowing {

    /** Loads a waiting request follows at most before it calls the origin itself. */
    static final int FOLLOW_ROUNDS = 2;

    private final SingleFlight flights;
    private final Clock clock;

    LoadFollowing(SingleFlight flights, Clock clock) {
        this.flights = Objects.requireNonNull(flights, "flights");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** How the request is answered at each step; the decision is the caller's. */
    interface Answers {

        /** Answered with the response a leader shared. */
        CacheDecision shared(CachedResponse response);

        /** Answered from the store, when it holds a fresh entry now. */
        Optional<CacheDecision> fromStore();

        /** A miss, leading {@code flight}; null when it leads nothing (it calls the origin on its own). */
        CacheDecision miss(SingleFlight.Flight flight);
    }

    CacheDecision follow(SingleFlight.Flight leader, CacheKey key, long startedNanos, Answers answers) {
        SingleFlight.Flight following = leader;
        for (int round = 0; round < FOLLOW_ROUNDS; round++) {
            SingleFlight.Landing landing = flights.awaitLanding(following, startedNanos);
            if (!landing.landed()) {
                break;
            }
            Optional<CachedResponse> shared = landing.response();
            if (shared.isPresent() && shared.get().freshnessAt(clock.now()) == Freshness.FRESH) {
                return answers.shared(shared.get());
            }
            Optional<CacheDecision> stored = answers.fromStore();
            if (stored.isPresent()) {
                return stored.get();
            }
            SingleFlight.Joined next = flights.joinAfter(following, key, clock.nanoTime());
            if (next.leads()) {
                return answers.miss(next.flight());
            }
            following = next.flight();
        }
        return answers.miss(null);
    }
}
