package dev.jobcache.application.admin;

import dev.jobcache.application.cache.FailOpenCacheStore;
import dev.jobcache.domain.cache.CacheState;
import dev.jobcache.domain.cache.StoreHealth;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.testkit.fake.FaultyCacheStore;
import dev.jobcache.testkit.fake.ForwardingCacheStore;
import dev.jobcache.testkit.fake.InMemoryCacheStore;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.fake.RecordingCacheMetrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Specification of {@link CacheStateReader}: what an operator's gauges show, from one probe and one usage read. */
class CacheStateReaderTest {

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger usageReads = new AtomicInteger();
    private final AtomicInteger healthReads = new AtomicInteger();

    @Test
    void readsATwoTierStoresFiguresFromOneProbeAndOneUsageReading() {
        StoreHealth health = new StoreHealth("redis", true, Duration.ofMillis(1), Map.of(
                "breaker", "HALF_OPEN", "bus", "disconnected",
                "l1.entries", "12", "l1.bytes", "3400", "l1.maxBytes", "33554432", "l1.evictions", "5"));
        FailOpenCacheStore store = failOpen(new Reporting(health, new StoreUsage(-1, 2_000_000, 64_000_000, 9)));

        CacheState state = new CacheStateReader(store).read();

        assertThat(healthReads).hasValue(1);
        assertThat(usageReads).hasValue(1);
        assertThat(state.store()).isEqualTo("redis");
        assertThat(state.up()).isTrue();
        assertThat(state.tiers()).containsOnlyKeys("redis", "l1")
                .containsEntry("redis", new StoreUsage(-1, 2_000_000, 64_000_000, 9))
                .containsEntry("l1", new StoreUsage(12, 3400, 33_554_432, 5));
        assertThat(state.breaker()).contains(CacheState.Breaker.HALF_OPEN);
        assertThat(state.busConnected()).contains(false);
    }

    @Test
    void doesNotScanAStoreThatDoesNotAnswerItsProbe() {
        StoreHealth down = new StoreHealth("redis", false, Duration.ZERO, Map.of("breaker", "OPEN", "error", "refused"));
        FailOpenCacheStore store = failOpen(new Reporting(down, StoreUsage.EMPTY));

        CacheState state = new CacheStateReader(store).read();

        assertThat(usageReads).hasValue(0);
        assertThat(state.up()).isFalse();
        assertThat(state.tiers()).isEmpty();
        assertThat(state.breaker()).contains(CacheState.Breaker.OPEN);
        assertThat(state.busConnected()).isEmpty();
    }

    @Test
    void countsTheInvalidationsTheStoreOwes() {
        FaultyCacheStore faulty = new FaultyCacheStore(new InMemoryCacheStore(clock));
        FailOpenCacheStore store = failOpen(faulty);
        faulty.failAll();
        store.invalidateTags(Set.of(Tag.of("job:1"), Tag.of("job:2")));

        CacheState state = new CacheStateReader(store).read();

        assertThat(state.owedInvalidations()).isEqualTo(2);
    }

    @Test
    void readsResilience4jsNamesOfTheBreakersStates() {
        assertThat(CacheStateReader.breaker("CLOSED")).contains(CacheState.Breaker.CLOSED);
        assertThat(CacheStateReader.breaker("FORCED_OPEN")).contains(CacheState.Breaker.OPEN);
        assertThat(CacheStateReader.breaker("HALF_OPEN")).contains(CacheState.Breaker.HALF_OPEN);
        assertThat(CacheStateReader.breaker("SIDEWAYS")).isEmpty();
        assertThat(CacheStateReader.breaker(null)).isEmpty();
    }

    private FailOpenCacheStore failOpen(CacheStore store) {
        return new FailOpenCacheStore(store, new RecordingCacheMetrics(), "two-tier", clock);
    }

    /** A store that reports the given health and usage, counting how often each is asked. */
    private final class Reporting extends ForwardingCacheStore {

        private final StoreHealth health;
        private final StoreUsage usage;

        Reporting(StoreHealth health, StoreUsage usage) {
            super(new InMemoryCacheStore(clock));
            this.health = health;
            this.usage = usage;
        }

        @Override
        public StoreHealth health() {
            healthReads.incrementAndGet();
            return health;
        }

        @Override
        public StoreUsage usage() {
            usageReads.incrementAndGet();
            return usage;
        }
    }
}
