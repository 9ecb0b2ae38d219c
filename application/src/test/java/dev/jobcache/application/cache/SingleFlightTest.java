package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static dev.jobcache.testkit.fixture.Keys.key;
import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link SingleFlight}: who leads, and which followers may take the leader's entry instead of reading the store. */
class SingleFlightTest {

    private static final CacheKey KEY = key("GET:/version:public:1");
    private static final CachedResponse STORED = aCachedResponse().build();

    private final SingleFlight flights = new SingleFlight(Duration.ofSeconds(10));
    private final ExecutorService followers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        followers.shutdownNow();
    }

    @Test
    void letsOneRequestLeadPerKey() {
        SingleFlight.Flight leader = flights.tryLead(KEY);

        assertThat(leader).isNotNull();
        assertThat(flights.tryLead(KEY)).isNull();
        leader.land();
        assertThat(flights.tryLead(KEY)).isNotNull();
    }

    @Test
    void aFollowerThatWaitedBeforeTheStoreBeganTakesTheLeadersEntry() {
        SingleFlight.Flight leader = flights.tryLead(KEY);
        CompletableFuture<Optional<CachedResponse>> follower = follow(100);

        leader.land(STORED, 200);

        assertThat(follower.join()).containsSame(STORED);
    }

    @Test
    void aFollowerThatCameOnceTheStoreHadBegunReadsTheStoreInstead() {
        SingleFlight.Flight leader = flights.tryLead(KEY);
        CompletableFuture<Optional<CachedResponse>> follower = follow(300);

        leader.land(STORED, 200);

        assertThat(follower.join()).isEmpty();
    }

    @Test
    void followersOfALoadThatStoredNothingReadTheStore() {
        SingleFlight.Flight leader = flights.tryLead(KEY);
        CompletableFuture<Optional<CachedResponse>> follower = follow(100);

        leader.land();

        assertThat(follower.join()).isEmpty();
    }

    /** A follower of the flight in the air, waiting since {@code sinceNanos}; returns once it is waiting. */
    private CompletableFuture<Optional<CachedResponse>> follow(long sinceNanos) {
        AtomicReference<Thread> waiting = new AtomicReference<>();
        CompletableFuture<Optional<CachedResponse>> answer = CompletableFuture.supplyAsync(() -> {
            waiting.set(Thread.currentThread());
            return flights.awaitLanding(KEY, sinceNanos);
        }, followers);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> waiting.get() != null
                && waiting.get().getState() == Thread.State.TIMED_WAITING);
        return answer;
    }
}
