package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static dev.jobcache.testkit.fixture.Keys.key;
import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SingleFlight}: one leader per key, and which followers may take the leader's response instead of reading the
 * store. Times are nanos on one clock: the leader took the lead at 100 and began to store at 300.
 */
class SingleFlightTest {

    private static final CacheKey KEY = key("GET:/version:public:1");
    private static final CachedResponse LOADED = aCachedResponse().build();

    private final SingleFlight flights = new SingleFlight(Duration.ofSeconds(10));
    private final ExecutorService followers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        followers.shutdownNow();
    }

    @Test
    void letsOneRequestLeadPerKey() {
        SingleFlight.Flight leader = flights.tryLead(KEY, 100);

        assertThat(leader).isNotNull();
        assertThat(flights.tryLead(KEY, 110)).isNull();
        leader.land();
        assertThat(flights.tryLead(KEY, 120)).isNotNull();
    }

    @Test
    void aFollowerThatAskedBeforeTheLeaderLedTakesItsResponseEvenIfTheStoreRefusedIt() {
        SingleFlight.Flight leader = flights.tryLead(KEY, 100);
        CompletableFuture<SingleFlight.Landing> follower = follow(50);

        leader.land(LOADED, false, 300);

        assertThat(follower.join().response()).containsSame(LOADED);
    }

    @Test
    void aFollowerThatAskedWhileTheLeaderLoadedTakesItsResponseOnlyIfTheStoreAcceptedIt() {
        SingleFlight.Flight stored = flights.tryLead(KEY, 100);
        CompletableFuture<SingleFlight.Landing> ofStored = follow(200);
        stored.land(LOADED, true, 300);
        SingleFlight.Flight refused = flights.tryLead(KEY, 100);
        CompletableFuture<SingleFlight.Landing> ofRefused = follow(200);

        refused.land(LOADED, false, 300);

        assertThat(ofStored.join().response()).containsSame(LOADED);
        assertThat(ofRefused.join().response()).isEmpty();
    }

    @Test
    void aFollowerThatAskedOnceTheStoreHadBegunReadsTheStoreInstead() {
        SingleFlight.Flight leader = flights.tryLead(KEY, 100);
        CompletableFuture<SingleFlight.Landing> follower = follow(400);

        leader.land(LOADED, true, 300);

        assertThat(follower.join().landed()).isTrue();
        assertThat(follower.join().response()).isEmpty();
    }

    @Test
    void followersOfALoadThatProducedNothingToShareReadTheStore() {
        SingleFlight.Flight leader = flights.tryLead(KEY, 100);
        CompletableFuture<SingleFlight.Landing> follower = follow(50);

        leader.land();

        assertThat(follower.join().response()).isEmpty();
    }

    @Test
    void aFollowerCannotMissALandingThatCameBeforeItWaited() {
        SingleFlight.Flight leader = flights.tryLead(KEY, 100);
        SingleFlight.Joined follower = flights.join(KEY, 50);

        leader.land(LOADED, false, 300);

        assertThat(follower.leads()).isFalse();
        assertThat(flights.awaitLanding(follower.flight(), 50).response()).containsSame(LOADED);
    }

    /** A follower of the flight in the air, asked at {@code askedAtNanos}; returns once it is waiting. */
    private CompletableFuture<SingleFlight.Landing> follow(long askedAtNanos) {
        AtomicReference<Thread> waiting = new AtomicReference<>();
        SingleFlight.Joined joined = flights.join(KEY, askedAtNanos);
        assertThat(joined.leads()).isFalse();
        CompletableFuture<SingleFlight.Landing> answer = CompletableFuture.supplyAsync(() -> {
            waiting.set(Thread.currentThread());
            return flights.awaitLanding(joined.flight(), askedAtNanos);
        }, followers);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> waiting.get() != null
                && waiting.get().getState() == Thread.State.TIMED_WAITING);
        return answer;
    }
}
