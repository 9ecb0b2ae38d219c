package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.port.RouteLoader;
import dev.jobcache.domain.security.Principal;
import dev.jobcache.testkit.fake.InMemoryCacheStore;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.fake.RecordingCacheMetrics;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Specification of {@link RefreshAhead}: hot entries near expiry are reloaded in the background, once each. */
class RefreshAheadTest {

    private static final Principal ALICE = Principal.user("alice");

    private final MutableClock clock = new MutableClock();
    private final RefreshAhead refreshAhead = new RefreshAhead(0.1, recordingLoader());
    private final List<String> refreshed = new CopyOnWriteArrayList<>();
    private final RecordingCacheMetrics metrics = new RecordingCacheMetrics();
    private final ResponseCache cache = new ResponseCache(new InMemoryCacheStore(clock),
            RoutePolicies.defaults(Duration.ofSeconds(300), Duration.ZERO, Map.of()), metrics,
            clock, CacheSettings.defaults("memory"), refreshAhead);

    @AfterEach
    void stop() {
        refreshAhead.close();
    }

    @Test
    void reloadsAnEntryReadInTheLastTenthOfItsLifeAsTheSameUserAndRepresentation() {
        store(Requests.get("/jobs").as(ALICE).query("status", "RUNNING").build());
        clock.advance(Duration.ofSeconds(110));

        cache.lookup(Requests.get("/jobs").as(ALICE).query("status", "RUNNING").build());

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> refreshed.size() == 1);
        assertThat(refreshed).containsExactly("/jobs?status=RUNNING as alice accepting application/json");
        assertThat(metrics.events(CacheOutcome.REFRESH)).singleElement()
                .satisfies(started -> assertThat(started.route()).isEqualTo("/jobs"));
    }

    @Test
    void leavesAnEntryAloneEarlierInItsLife() {
        store(Requests.get("/jobs").as(ALICE).build());
        clock.advance(Duration.ofSeconds(60));

        cache.lookup(Requests.get("/jobs").as(ALICE).build());

        assertThat(refreshAhead.pending()).isZero();
        assertThat(refreshed).isEmpty();
        assertThat(metrics.events(CacheOutcome.REFRESH)).isEmpty();
    }

    @Test
    void refreshesNothingOnceClosed() {
        store(Requests.get("/jobs").as(ALICE).build());
        clock.advance(Duration.ofSeconds(110));
        refreshAhead.close();

        cache.lookup(Requests.get("/jobs").as(ALICE).build());

        assertThat(refreshAhead.pending()).isZero();
        assertThat(refreshed).isEmpty();
    }

    @Test
    void aCacheWithRefreshAheadTurnedOffServesDueEntriesWithoutRefreshingThem() {
        ResponseCache off = new ResponseCache(new InMemoryCacheStore(clock),
                RoutePolicies.defaults(Duration.ofSeconds(300), Duration.ZERO, Map.of()), new RecordingCacheMetrics(),
                clock, CacheSettings.defaults("memory"), RefreshAhead.NONE);
        CacheableRequest request = Requests.get("/jobs").as(ALICE).build();
        CacheDecision.Miss miss = (CacheDecision.Miss) off.lookup(request);
        off.complete(miss.load(), new OriginResponse(200, Map.of("Content-Type", List.of("application/json")),
                "[]".getBytes(StandardCharsets.UTF_8)));
        clock.advance(Duration.ofSeconds(110));

        CacheDecision due = off.lookup(request);
        RefreshAhead.NONE.close();

        assertThat(due).isInstanceOf(CacheDecision.Hit.class);
        assertThat(RefreshAhead.NONE.pending()).isZero();
        assertThat(refreshed).isEmpty();
    }

    private void store(CacheableRequest request) {
        CacheDecision.Miss miss = (CacheDecision.Miss) cache.lookup(request);
        cache.complete(miss.load(), new OriginResponse(200, Map.of("Content-Type", List.of("application/json")),
                "[]".getBytes(StandardCharsets.UTF_8)));
    }

    private RouteLoader recordingLoader() {
        return new RouteLoader() {
            @Override
            public Loaded load(String path, Optional<Principal> as) {
                return new Loaded(200, "MISS");
            }

            @Override
            public Loaded refresh(String path, Optional<Principal> as, String accept) {
                refreshed.add(path + " as " + as.map(Principal::userId).orElse("-") + " accepting " + accept);
                return new Loaded(200, "MISS");
            }
        };
    }
}
