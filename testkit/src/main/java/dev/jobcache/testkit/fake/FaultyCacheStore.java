package dev.jobcache.testkit.fake;

import dev.jobcache.domain.cache.TagPrefix;
import dev.jobcache.domain.cache.TagPage;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.KeyPage;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.StoreHealth;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.CacheStore;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Wraps any {@link CacheStore} and misbehaves on demand: {@link #failAll()} makes every call throw
 * {@link InjectedFailure} until {@link #recover()}, {@link #failReads()} only the reads; {@link #pause()} holds every call at the door until
 * {@link #resume()}, so a test can see what callers do while a backend hangs, and {@link #blockedCalls()} tells it
 * when a call is held, without sleeping; {@link #failNextCallWith} fails one call with a failure of the test's choosing.
 * Thread-safe.
 */
public final class FaultyCacheStore implements CacheStore {

    /** How long a paused call waits at most, so a test that forgets {@link #resume()} fails instead of hanging. */
    public static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final CacheStore delegate;
    private final AtomicInteger blocked = new AtomicInteger();
    private volatile boolean failing;
    private volatile boolean failingReads;
    private volatile RuntimeException failAllWith;
    private volatile CountDownLatch gate;
    private final AtomicReference<RuntimeException> nextFailure = new AtomicReference<>();

    public FaultyCacheStore(CacheStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** Every call from now on throws {@link InjectedFailure}. */
    public void failAll() {
        failing = true;
    }

    /**
     * Every call from now on throws {@code failure} until {@link #recover()}: a backend failing in one particular way,
     * e.g. timing out on every call ({@code StoreFailure.Reach.CALL}) while still connected.
     */
    public void failAllWith(RuntimeException failure) {
        failAllWith = Objects.requireNonNull(failure, "failure");
    }

    /**
     * Every read ({@link #get}, {@link #getLocal}) from now on throws {@link InjectedFailure} until {@link #recover()},
     * while writes and invalidations still go through: a backend whose reads time out under a burst of them.
     */
    public void failReads() {
        failingReads = true;
    }

    /**
     * The next call throws {@code failure}, the ones after it reach the wrapped store again: one call that times
     * out (or cannot connect) the way the given failure says, among calls that work. {@link #getLocal} never waits on
     * a backend, so it is not that call.
     */
    public void failNextCallWith(RuntimeException failure) {
        nextFailure.set(Objects.requireNonNull(failure, "failure"));
    }

    /** Calls reach the wrapped store again. */
    public void recover() {
        failing = false;
        failingReads = false;
        failAllWith = null;
    }

    /** Every call from now on waits until {@link #resume()}, then proceeds (or fails, if failing by then). */
    public synchronized void pause() {
        if (gate == null) {
            gate = new CountDownLatch(1);
        }
    }

    /** Lets held calls and later calls through. */
    public synchronized void resume() {
        if (gate != null) {
            gate.countDown();
            gate = null;
        }
    }

    /** How many calls are being held by {@link #pause()} right now. */
    public int blockedCalls() {
        return blocked.get();
    }

    @Override
    public Optional<CachedResponse> get(CacheKey key) {
        return call(() -> {
            failIfReadsFail();
            return delegate.get(key);
        });
    }

    /** Fails like every call when failing; while paused it cannot answer without waiting, so it holds nothing. */
    @Override
    public Optional<CachedResponse> getLocal(CacheKey key) {
        if (failing) {
            throw new InjectedFailure("the store was told to fail");
        }
        failIfReadsFail();
        return gate != null ? Optional.empty() : delegate.getLocal(key);
    }

    /**
     * Never everything in process, even over a store that is: while paused or failing it holds back what the wrapped
     * store holds, so a local miss here says nothing of what {@link #get} finds.
     */
    @Override
    public Residence residence() {
        return delegate.residence() == Residence.REMOTE ? Residence.REMOTE : Residence.NEAR;
    }

    private void failIfReadsFail() {
        if (failingReads) {
            throw new InjectedFailure("the store was told to fail reads");
        }
    }

    @Override
    public void put(CacheKey key, CachedResponse response, Set<Tag> tags) {
        call(() -> {
            delegate.put(key, response, tags);
            return null;
        });
    }

    @Override
    public long generation(CacheKey key, Set<Tag> tags) {
        return call(() -> delegate.generation(key, tags));
    }

    @Override
    public boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, long generation) {
        return call(() -> delegate.putIfUnchanged(key, response, tags, generation));
    }

    @Override
    public boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, Set<Tag> guards,
                                  long generation) {
        return call(() -> delegate.putIfUnchanged(key, response, tags, guards, generation));
    }

    @Override
    public boolean invalidate(CacheKey key) {
        return call(() -> delegate.invalidate(key));
    }

    @Override
    public long invalidateTags(Set<Tag> tags) {
        return call(() -> delegate.invalidateTags(tags));
    }

    @Override
    public long clear() {
        return call(delegate::clear);
    }

    @Override
    public KeyPage scanKeys(KeyPattern pattern, Optional<String> cursor, int limit) {
        return call(() -> delegate.scanKeys(pattern, cursor, limit));
    }

    @Override
    public TagPage scanTags(TagPrefix prefix, Optional<String> cursor, int limit) {
        return call(() -> delegate.scanTags(prefix, cursor, limit));
    }

    @Override
    public StoreUsage usage() {
        return call(delegate::usage);
    }

    @Override
    public StoreHealth health() {
        return call(delegate::health);
    }

    private <T> T call(Supplier<T> operation) {
        awaitGate();
        RuntimeException once = nextFailure.getAndSet(null);
        if (once != null) {
            throw once;
        }
        if (failing) {
            throw new InjectedFailure("the store was told to fail");
        }
        RuntimeException always = failAllWith;
        if (always != null) {
            throw always;
        }
        return operation.get();
    }

    private void awaitGate() {
        CountDownLatch current = gate;
        if (current == null) {
            return;
        }
        blocked.incrementAndGet();
        try {
            if (!current.await(MAX_PAUSE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new InjectedFailure("paused for longer than " + MAX_PAUSE + "; did the test forget resume()?");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InjectedFailure("interrupted while paused");
        } finally {
            blocked.decrementAndGet();
        }
    }

    /** The failure a {@link FaultyCacheStore} throws, distinct so tests can tell it from a real bug. */
    public static final class InjectedFailure extends RuntimeException {

        public InjectedFailure(String message) {
            super(message);
        }
    }
}
