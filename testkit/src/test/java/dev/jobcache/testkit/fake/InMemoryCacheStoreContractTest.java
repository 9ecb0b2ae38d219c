package dev.jobcache.testkit.fake;

import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.testkit.contract.CacheStoreContract;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static dev.jobcache.testkit.fixture.Keys.key;
import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@link CacheStoreContract} against {@link InMemoryCacheStore}, plus its byte bound and tag index. */
class InMemoryCacheStoreContractTest extends CacheStoreContract {

    @Override
    protected CacheStore newStore(Clock clock) {
        return new InMemoryCacheStore(clock);
    }

    @Test
    void evictsTheLeastRecentlyUsedEntriesWhenOverMaxBytes() {
        CachedResponse response = aCachedResponse().withBodyOfSize(1_000).build();
        long weight = InMemoryCacheStore.weightOf(key("GET:/jobs:user=alice:1"), response);
        InMemoryCacheStore bounded = new InMemoryCacheStore(clock, 3 * weight);
        bounded.put(key("GET:/jobs:user=alice:1"), response, Set.of());
        bounded.put(key("GET:/jobs:user=alice:2"), response, Set.of());
        bounded.put(key("GET:/jobs:user=alice:3"), response, Set.of());
        bounded.get(key("GET:/jobs:user=alice:1"));

        bounded.put(key("GET:/jobs:user=alice:4"), response, Set.of());

        assertThat(bounded.get(key("GET:/jobs:user=alice:2"))).isEmpty();
        assertThat(bounded.get(key("GET:/jobs:user=alice:1"))).isPresent();
        assertThat(bounded.usage().entries()).isEqualTo(3);
        assertThat(bounded.usage().bytes()).isEqualTo(3 * weight);
        assertThat(bounded.usage().maxBytes()).isEqualTo(3 * weight);
        assertThat(bounded.usage().evictions()).isEqualTo(1);
    }

    @Test
    void chargesEachEntryItsWeightPlusItsKey() {
        CachedResponse response = aCachedResponse().withBodyOfSize(500).build();

        store.put(key("GET:/jobs:user=alice:1"), response, Set.of());

        assertThat(store.usage().bytes()).isEqualTo(response.weightInBytes() + "GET:/jobs:user=alice:1".length());
    }

    @Test
    void tagIndexForgetsEntriesThatExpiredOrWereEvicted() {
        InMemoryCacheStore bounded = new InMemoryCacheStore(clock, 10_000);
        for (int i = 0; i < 50; i++) {
            bounded.put(key("GET:/jobs:user=alice:" + i), aCachedResponse().withBodyOfSize(1_000).build(),
                    Set.of(Tag.of("job:" + i), Tag.of("jobs:user:alice")));
        }

        clock.advance(Duration.ofSeconds(61));
        bounded.usage();

        assertThat(bounded.indexedKeyCount()).isZero();
        assertThat(bounded.usage().evictions()).isPositive();
    }
}
