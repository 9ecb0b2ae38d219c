package dev.jobcache.testkit.fake;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static dev.jobcache.testkit.fixture.Keys.anyCacheKey;
import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Checks that {@link FaultyCacheStore} fails, pauses and recovers on demand and otherwise passes calls through. */
class FaultyCacheStoreTest {

    private final InMemoryCacheStore healthy = new InMemoryCacheStore(new MutableClock());
    private final FaultyCacheStore faulty = new FaultyCacheStore(healthy);
    private final CacheKey key = anyCacheKey();
    private final CachedResponse response = aCachedResponse().build();

    @Test
    void passesCallsThroughWhileHealthy() {
        faulty.put(key, response, Set.of());

        Optional<CachedResponse> found = faulty.get(key);

        assertThat(found).contains(response);
        assertThat(healthy.get(key)).contains(response);
    }

    @Test
    void failsEveryCallUntilRecovered() {
        faulty.put(key, response, Set.of());

        faulty.failAll();

        assertThatThrownBy(() -> faulty.get(key)).isInstanceOf(FaultyCacheStore.InjectedFailure.class);
        assertThatThrownBy(faulty::usage).isInstanceOf(FaultyCacheStore.InjectedFailure.class);
        assertThatThrownBy(() -> faulty.invalidateTags(Set.of())).isInstanceOf(FaultyCacheStore.InjectedFailure.class);
        faulty.recover();
        assertThat(faulty.get(key)).contains(response);
    }

    @Test
    void failsOnlyReadsWhenToldToUntilRecovered() {
        faulty.failReads();

        faulty.put(key, response, Set.of());

        assertThatThrownBy(() -> faulty.get(key)).isInstanceOf(FaultyCacheStore.InjectedFailure.class);
        assertThatThrownBy(() -> faulty.getLocal(key)).isInstanceOf(FaultyCacheStore.InjectedFailure.class);
        assertThat(healthy.get(key)).contains(response);
        faulty.recover();
        assertThat(faulty.get(key)).contains(response);
    }

    @Test
    void holdsCallsWhilePausedAndLetsThemThroughOnResume() {
        faulty.put(key, response, Set.of());
        faulty.pause();

        CompletableFuture<Optional<CachedResponse>> held = CompletableFuture.supplyAsync(() -> faulty.get(key));
        await().atMost(Duration.ofSeconds(10)).until(() -> faulty.blockedCalls() == 1);
        assertThat(held).isNotDone();
        faulty.resume();

        assertThat(held.join()).contains(response);
        assertThat(faulty.blockedCalls()).isZero();
    }
}
