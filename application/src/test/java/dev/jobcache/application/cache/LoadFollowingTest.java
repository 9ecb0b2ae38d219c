package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.testkit.fake.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;

/** Specification of {@link LoadFollowing}: what a request does while another loads its key. */
class LoadFollowingTest {

    private static final CacheKey KEY = new CacheKey("GET:/version:public:1");

    private final MutableClock clock = new MutableClock();
    private final SingleFlight flights = new SingleFlight(Duration.ofMillis(50));
    private final LoadFollowing following = new LoadFollowing(flights, clock);
    private final List<String> asked = new ArrayList<>();

    @Test
    void takesTheResponseALeaderSharesWithThoseWhoAskedBeforeItLed() {
        long askedAt = clock.nanoTime() - 1;
        SingleFlight.Flight leader = flights.join(KEY, clock.nanoTime()).flight();
        leader.land(fresh(), true, clock.nanoTime());

        String answer = nameOf(following.follow(leader, KEY, askedAt, answers(Optional.empty())));

        assertThat(answer).isEqualTo("shared");
        assertThat(asked).containsExactly("shared");
    }

    @Test
    void readsTheStoreWhenTheLeaderSharedNothing() {
        SingleFlight.Flight leader = flights.join(KEY, clock.nanoTime()).flight();
        leader.land();

        String answer = nameOf(following.follow(leader, KEY, clock.nanoTime(), answers(Optional.of("stored"))));

        assertThat(answer).isEqualTo("stored");
        assertThat(asked).containsExactly("fromStore");
    }

    @Test
    void leadsTheNextLoadWhenNeitherTheLeaderNorTheStoreHasIt() {
        SingleFlight.Flight leader = flights.join(KEY, clock.nanoTime()).flight();
        leader.land();

        String answer = nameOf(following.follow(leader, KEY, clock.nanoTime(), answers(Optional.empty())));

        assertThat(answer).isEqualTo("miss leading");
        assertThat(asked).containsExactly("fromStore", "miss leading");
    }

    @Test
    void callsTheOriginAloneWhenTheLeaderDoesNotLandInTime() {
        SingleFlight.Flight leader = flights.join(KEY, clock.nanoTime()).flight();

        String answer = nameOf(following.follow(leader, KEY, clock.nanoTime(), answers(Optional.empty())));

        assertThat(answer).isEqualTo("miss alone");
        assertThat(asked).containsExactly("miss alone");
    }

    private CachedResponse fresh() {
        return aCachedResponse().storedAt(clock.now()).withTtl(Duration.ofMinutes(1)).build();
    }

    /** Answers whose decisions are stand-ins naming what was asked for. */
    private LoadFollowing.Answers answers(Optional<String> inStore) {
        return new LoadFollowing.Answers() {
            @Override
            public CacheDecision shared(CachedResponse response) {
                asked.add("shared");
                return named("shared");
            }

            @Override
            public Optional<CacheDecision> fromStore() {
                asked.add("fromStore");
                return inStore.map(LoadFollowingTest::named);
            }

            @Override
            public CacheDecision miss(SingleFlight.Flight flight) {
                String what = flight == null ? "miss alone" : "miss leading";
                asked.add(what);
                return named(what);
            }
        };
    }

    private static CacheDecision named(String name) {
        return new CacheDecision.Bypass(CachePolicy.none("/version"), name);
    }

    private static String nameOf(CacheDecision decision) {
        return ((CacheDecision.Bypass) decision).reason();
    }
}
