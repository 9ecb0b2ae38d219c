package dev.jobcache.adapters.caffeine;

import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.testkit.contract.CacheStoreContract;
import dev.jobcache.testkit.fake.InMemoryCacheStore;
import dev.jobcache.testkit.fake.InMemoryInvalidationBus;
import dev.jobcache.testkit.fake.RecordingCacheMetrics;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;

/** Runs {@link CacheStoreContract} against {@link NearCacheStore} over an {@link InMemoryCacheStore} L2. */
class NearCacheStoreContractTest extends CacheStoreContract {

    private static final long L1_MAX_BYTES = 64L * 1024 * 1024;
    // longer than any retention the contract uses, so that its reads are answered by the L1 wherever they can be
    private static final Duration L1_MAX_AGE = Duration.ofHours(1);

    private NearCacheStore near;

    @Override
    protected CacheStore newStore(Clock clock) {
        near = new NearCacheStore(new InMemoryCacheStore(clock), new InMemoryInvalidationBus(), L1_MAX_BYTES,
                L1_MAX_AGE, clock, new RecordingCacheMetrics());
        return near;
    }

    @AfterEach
    void closeStore() {
        near.close();
    }
}
