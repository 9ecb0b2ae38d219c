package dev.jobcache.adapters.caffeine;

import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.testkit.contract.CacheStoreContract;
import dev.jobcache.testkit.fake.RecordingCacheMetrics;

import java.time.Duration;

/** Runs {@link CacheStoreContract} against {@link CaffeineCacheStore}, with Caffeine's ticker on the contract's clock. */
class CaffeineCacheStoreContractTest extends CacheStoreContract {

    private static final long MAX_BYTES = 64L * 1024 * 1024;

    private CaffeineCacheStore caffeine;

    @Override
    protected CacheStore newStore(Clock clock) {
        caffeine = new CaffeineCacheStore(MAX_BYTES, clock, new RecordingCacheMetrics());
        return caffeine;
    }

    /** Reads already check expiry against the ticker; maintenance makes listings, counts and the index agree too. */
    @Override
    protected void advanceTime(Duration duration) {
        super.advanceTime(duration);
        caffeine.cleanUp();
    }
}
