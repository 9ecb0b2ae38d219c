package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.TagPrefix;
import dev.jobcache.domain.cache.TagPage;
import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.ConsistencyToken;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.CacheTier;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.cache.KeyPage;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.MalformedCursor;
import dev.jobcache.domain.cache.StoreHealth;
import dev.jobcache.domain.cache.StoreOperation;
import dev.jobcache.domain.cache.StoreUsage;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.CacheMetrics;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Makes any store fail open, in one place instead of try/catch around every call: a failure becomes a miss for
 * reads, nothing done for writes, one {@link CacheOutcome#ERROR} metric, and a log line when the store starts failing
 * and when it recovers rather than one per request. Its two parts: after a failure that reaches the whole store the
 * store is left alone for {@link #RETRY_INTERVAL} ({@link StoreLeftAlone}); a failure that reaches only its own call
 * (a timeout under load, a refused command, a call an open circuit breaker turned away) is left to the store's own
 * circuit breaker to judge, so one slow answer never takes every caller's hits away.
 *
 * <p>Failing open must not mean serving stale data: an invalidation that fails, or that comes while the store is
 * left alone, is owed ({@link OwedInvalidations}), and until the store has applied it this decorator serves nothing
 * from the store and stores nothing in it. The journal is part of this decorator rather than one of its own: it must
 * hear of the invalidations the guard does not pass on while the store is left alone, which a decorator beneath the
 * guard would not, and a decorator above it could not tell a failed invalidation from one that removed nothing.
 */
public final class FailOpenCacheStore implements CacheStore {

    private static final Logger LOG = LoggerFactory.getLogger(FailOpenCacheStore.class);

    static final Duration RETRY_INTERVAL = Duration.ofMillis(250);
    private static final int PENDING_LIMIT = 10_000;

    private final CacheStore delegate;
    private final CacheMetrics metrics;
    private final String tier;
    private final CacheTier metricsTier;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final OwedInvalidations owed;
    private final StoreLeftAlone leftAlone;

    public FailOpenCacheStore(CacheStore delegate, CacheMetrics metrics, String tier, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.tier = Objects.requireNonNull(tier, "tier");
        this.metricsTier = CacheTier.of(tier);
        Objects.requireNonNull(clock, "clock");
        this.owed = new OwedInvalidations(PENDING_LIMIT, RETRY_INTERVAL, clock, tier);
        this.leftAlone = new StoreLeftAlone(RETRY_INTERVAL, clock);
    }

    @Override
    public Optional<CachedResponse> get(CacheKey key) {
        if (!invalidationsApplied()) {
            return Optional.empty();
        }
        return guard(StoreOperation.GET, () -> delegate.get(key), Optional::empty);
    }

    /** As {@link #get}, with the delegate's rule for copies that do not reflect {@code after}. */
    @Override
    public Optional<CachedResponse> get(CacheKey key, ConsistencyToken after) {
        if (!invalidationsApplied()) {
            return Optional.empty();
        }
        return guard(StoreOperation.GET, () -> delegate.get(key, after), Optional::empty);
    }

    /**
     * Asks nothing of the backend, so it neither counts as the store answering nor as an outage; a failure to tell
     * reads as not reflected, and the caller then reads the shared store or the origin.
     */
    @Override
    public boolean reflects(ConsistencyToken token) {
        try {
            return delegate.reflects(token);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Never retries owed invalidations (that is I/O): while any is owed, nothing local is served either, and the
     * caller's {@link #get} elsewhere does the retrying.
     */
    @Override
    public Optional<CachedResponse> getLocal(CacheKey key) {
        if (!owed.isEmpty()) {
            return Optional.empty();
        }
        return guard(StoreOperation.GET_LOCAL, () -> delegate.getLocal(key), Optional::empty);
    }

    /**
     * The delegate's. While invalidations are owed, {@link #getLocal} answers nothing where {@link #get} may settle
     * them and answer: a miss then costs a load, never a stale answer.
     */
    @Override
    public Residence residence() {
        return delegate.residence();
    }

    @Override
    public boolean readsAsynchronously() {
        return delegate.readsAsynchronously();
    }

    /**
     * Fails open like {@link #get}, but never retries owed invalidations (that is blocking I/O, and this may be
     * called on a thread that must not block): while any is owed it answers nothing, and the caller's {@link #get}
     * elsewhere does the retrying. Completes on the delegate's thread; never exceptionally.
     */
    @Override
    public CompletionStage<Optional<CachedResponse>> getAsync(CacheKey key) {
        if (!owed.isEmpty() || leftAlone.now()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        CompletionStage<Optional<CachedResponse>> read;
        try {
            read = delegate.getAsync(key);
        } catch (RuntimeException e) {
            recordFailure(StoreOperation.GET_ASYNC, e);
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return read.handle((found, failure) -> {
            if (failure == null) {
                answered();
                // an invalidation that failed while this read was in flight may be owed for what it found
                return owed.isEmpty() ? found : Optional.<CachedResponse>empty();
            }
            recordFailure(StoreOperation.GET_ASYNC, failure instanceof CompletionException wrapped && wrapped.getCause() != null
                    ? asRuntime(wrapped.getCause()) : asRuntime(failure));
            return Optional.<CachedResponse>empty();
        });
    }

    private static RuntimeException asRuntime(Throwable failure) {
        return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }

    @Override
    public void put(CacheKey key, CachedResponse response, Set<Tag> tags) {
        if (!invalidationsApplied()) {
            return;
        }
        guard(StoreOperation.PUT, () -> {
            delegate.put(key, response, tags);
            return null;
        }, () -> null);
    }

    /** On failure a value no store returns, so that a later conditional put cannot match it. */
    @Override
    public long generation(CacheKey key, Set<Tag> tags) {
        if (!invalidationsApplied()) {
            return Long.MIN_VALUE;
        }
        return guard(StoreOperation.GENERATION, () -> delegate.generation(key, tags), () -> Long.MIN_VALUE);
    }

    @Override
    public boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, long generation) {
        if (!invalidationsApplied()) {
            return false;
        }
        return guard(StoreOperation.PUT_IF_UNCHANGED, () -> delegate.putIfUnchanged(key, response, tags, generation), () -> false);
    }

    @Override
    public boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, Set<Tag> guards,
                                  long generation) {
        if (!invalidationsApplied()) {
            return false;
        }
        return guard(StoreOperation.PUT_IF_UNCHANGED, () -> delegate.putIfUnchanged(key, response, tags, guards, generation),
                () -> false);
    }

    @Override
    public boolean invalidate(CacheKey key) {
        return guard(StoreOperation.INVALIDATE, () -> delegate.invalidate(key), () -> {
            owed.owe(Invalidation.ofKeys(Set.of(key), "retry"));
            return false;
        });
    }

    @Override
    public long invalidateTags(Set<Tag> tags) {
        return guard(StoreOperation.INVALIDATE_TAGS, () -> delegate.invalidateTags(tags), () -> {
            owed.owe(Invalidation.ofTags(tags, "retry"));
            return 0L;
        });
    }

    @Override
    public long clear() {
        return guard(StoreOperation.CLEAR, delegate::clear, () -> {
            owed.owe(Invalidation.all("retry"));
            return 0L;
        });
    }

    /**
     * How much is owed: the tags and keys of the invalidations that failed and are not applied yet (an owed clear
     * counts one). While it is above zero, nothing is served from the store. Cheap; never touches the store.
     */
    public long owedInvalidations() {
        return owed.size();
    }

    /** Whether every invalidation that failed has been applied since; retries them when it is time. */
    private boolean invalidationsApplied() {
        if (owed.isEmpty()) {
            return true;
        }
        if (leftAlone.now()) {
            return false;
        }
        try {
            return owed.settle(delegate);
        } catch (RuntimeException e) {
            recordFailure(StoreOperation.RETRY_OWED, e);
            return false;
        }
    }

    /**
     * A {@link MalformedCursor} passes through: it is the caller's mistake, and taking it for an outage would answer
     * an empty listing and leave the store alone for everyone.
     */
    @Override
    public KeyPage scanKeys(KeyPattern pattern, Optional<String> cursor, int limit) {
        return guard(StoreOperation.SCAN_KEYS, () -> delegate.scanKeys(pattern, cursor, limit),
                () -> new KeyPage(List.of(), Optional.empty()));
    }

    /** As {@link #scanKeys}: a failure lists nothing, a malformed cursor passes through. */
    @Override
    public TagPage scanTags(TagPrefix prefix, Optional<String> cursor, int limit) {
        return guard(StoreOperation.SCAN_TAGS, () -> delegate.scanTags(prefix, cursor, limit),
                () -> new TagPage(List.of(), Optional.empty()));
    }

    @Override
    public StoreUsage usage() {
        return guard(StoreOperation.USAGE, delegate::usage, () -> StoreUsage.EMPTY);
    }

    @Override
    public StoreHealth health() {
        try {
            return delegate.health();
        } catch (RuntimeException e) {
            return StoreHealth.down(tier, e.toString());
        }
    }

    private <T> T guard(StoreOperation operation, Supplier<T> call, Supplier<T> fallback) {
        if (leftAlone.now()) {
            return fallback.get();
        }
        try {
            T result = call.get();
            answered();
            return result;
        } catch (MalformedCursor callersMistake) {
            throw callersMistake;
        } catch (RuntimeException e) {
            recordFailure(operation, e);
            return fallback.get();
        }
    }

    private void answered() {
        if (failing.get() && failing.compareAndSet(true, false)) {
            LOG.info("cache store {} answers again", tier);
        }
    }

    private void recordFailure(StoreOperation operation, RuntimeException e) {
        leftAlone.failed(e);
        metrics.record(CacheEvent.storeFailure(metricsTier, operation));
        if (failing.compareAndSet(false, true)) {
            LOG.warn("cache store {} failed on {}; serving without it until it recovers: {}", tier, operation.label(),
                    e.toString());
        } else {
            LOG.debug("cache store {} failed on {}: {}", tier, operation.label(), e.toString());
        }
    }
}
