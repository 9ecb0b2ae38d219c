package dev.jobcache.adapters.caffeine;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.testkit.fake.ForwardingCacheStore;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delegates to a store, but can hold one {@code get} after it has read and before it returns: the window in which a
 * near-cache has an L2 answer in hand and has not copied it yet. {@link dev.jobcache.testkit.fake.FaultyCacheStore}
 * pauses before the call, which is the wrong side of the read for that race.
 */
final class ReadPausingCacheStore extends ForwardingCacheStore {

    private static final Duration MAX_HOLD = Duration.ofSeconds(30);

    private final AtomicBoolean armed = new AtomicBoolean();
    private final CountDownLatch read = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    ReadPausingCacheStore(CacheStore delegate) {
        super(delegate);
    }

    /** The next {@code get} reads, then waits for {@link #releaseRead()}. */
    void holdNextReadAfterItRead() {
        armed.set(true);
    }

    /** Returns once the held {@code get} has read the delegate. */
    void awaitHeldRead() throws InterruptedException {
        if (!read.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no read was held within " + MAX_HOLD);
        }
    }

    void releaseRead() {
        release.countDown();
    }

    @Override
    public Optional<CachedResponse> get(CacheKey key) {
        Optional<CachedResponse> found = super.get(key);
        if (armed.compareAndSet(true, false)) {
            read.countDown();
            awaitRelease();
        }
        return found;
    }

    private void awaitRelease() {
        try {
            if (!release.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the held read was not released within " + MAX_HOLD);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while held", e);
        }
    }
}
