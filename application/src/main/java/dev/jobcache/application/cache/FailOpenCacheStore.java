package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheEvent;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.CacheTier;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.cache.KeyPage;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.MalformedCursor;
import dev.jobcache.domain.cache.StoreFailure;
import dev.jobcache.domain.cache.StoreHealth;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Makes any store fail open, in one place instead of try/catch around every call (Caffeine's guarded stats
 * counter): a failure becomes a miss for reads, nothing done for writes, one {@link CacheOutcome#ERROR} metric, and a
 * log line when the store starts failing and when it recovers rather than one per request.
 *
 * <p>After a failure that reaches the whole store it leaves the store alone for {@link #RETRY_INTERVAL}: a store
 * that cannot be reached at all (connection refused, not connected) fails every call alike, so the other calls of
 * the same request and the requests right after it go without the cache at once, with one log line and one metric
 * instead of one per call. A failure that reaches only its own call ({@link StoreFailure.Reach#CALL}: a timeout
 * under load, a refused command, a call an open circuit breaker turned away) does not switch the cache off for
 * everyone else: the store's own circuit breaker judges whether it is down, by the failure rate over its window,
 * and then fails fast by itself. Judging again here from one failure would take every caller's hits away for a
 * quarter of a second on each slow answer, which under load keeps recurring. The price is that while the breaker
 * is still closed, a request on a slow store may wait out the timeout on each of its cache calls. A failure that
 * is not a {@link StoreFailure} is read cautiously, as reaching the whole store.
 *
 * <p>Failing open must not mean serving stale data: an invalidation that fails, or that comes while the store is
 * left alone, is kept, and until the store has applied it this decorator serves nothing from the store and stores
 * nothing in it.
 */
public final class FailOpenCacheStore implements CacheStore {

    private static final Logger LOG = LoggerFactory.getLogger(FailOpenCacheStore.class);

    private final CacheStore delegate;
    private final CacheMetrics metrics;
    private final String tier;
    private final CacheTier metricsTier;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final PendingInvalidations pending = new PendingInvalidations(PENDING_LIMIT);
    private final ReentrantLock retrying = new ReentrantLock();
    private final Clock clock;
    private volatile long leftAloneUntilNanos;
    private volatile boolean leftAlone;
    private volatile long nextRetryNanos;

    static final Duration RETRY_INTERVAL = Duration.ofMillis(250);
    private static final int PENDING_LIMIT = 10_000;

    public FailOpenCacheStore(CacheStore delegate, CacheMetrics metrics, String tier, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.tier = Objects.requireNonNull(tier, "tier");
        this.metricsTier = CacheTier.of(tier);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<CachedResponse> get(CacheKey key) {
        if (!invalidationsApplied()) {
            return Optional.empty();
        }
        return guard("get", () -> delegate.get(key), Optional::empty);
    }

    /**
     * Never retries owed invalidations (that is I/O): while any is owed, nothing local is served either, and the
     * caller's {@link #get} elsewhere does the retrying.
     */
    @Override
    public Optional<CachedResponse> getLocal(CacheKey key) {
        if (!pending.isEmpty()) {
            return Optional.empty();
        }
        return guard("getLocal", () -> delegate.getLocal(key), Optional::empty);
    }

    @Override
    public void put(CacheKey key, CachedResponse response, Set<Tag> tags) {
        if (!invalidationsApplied()) {
            return;
        }
        guard("put", () -> {
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
        return guard("generation", () -> delegate.generation(key, tags), () -> Long.MIN_VALUE);
    }

    @Override
    public boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, long generation) {
        if (!invalidationsApplied()) {
            return false;
        }
        return guard("putIfUnchanged", () -> delegate.putIfUnchanged(key, response, tags, generation), () -> false);
    }

    @Override
    public boolean invalidate(CacheKey key) {
        return guard("invalidate", () -> delegate.invalidate(key), () -> {
            owe(Invalidation.ofKeys(Set.of(key), "retry"));
            return false;
        });
    }

    @Override
    public long invalidateTags(Set<Tag> tags) {
        return guard("invalidateTags", () -> delegate.invalidateTags(tags), () -> {
            owe(Invalidation.ofTags(tags, "retry"));
            return 0L;
        });
    }

    @Override
    public long clear() {
        return guard("clear", delegate::clear, () -> {
            owe(Invalidation.all("retry"));
            return 0L;
        });
    }

    /**
     * Keeps a failed invalidation, and puts its retry off for {@link #RETRY_INTERVAL}: what just failed is not tried
     * again at once, whatever the failure's reach.
     */
    private void owe(Invalidation invalidation) {
        pending.add(invalidation);
        retryNoSoonerThanInterval();
    }

    private void retryNoSoonerThanInterval() {
        nextRetryNanos = clock.nanoTime() + RETRY_INTERVAL.toNanos();
    }

    /**
     * Whether every invalidation that failed has been applied since; retries them when it is time, at most once per
     * {@link #RETRY_INTERVAL}. Only one thread retries; the others see "not yet" and go on without the cache. The
     * interval holds for failures that reach only their call too: on a Redis Cluster one owed invalidation is a script
     * per key bucket, and retrying it on every read of every request, each attempt failing fast on an overloaded
     * connection, was seen to keep that connection overloaded long after the fault that began it had passed.
     */
    private boolean invalidationsApplied() {
        if (pending.isEmpty()) {
            return true;
        }
        if (isLeftAlone() || clock.nanoTime() - nextRetryNanos < 0 || !retrying.tryLock()) {
            return false;
        }
        try {
            Invalidation owed = pending.snapshot();
            if (owed.everything()) {
                delegate.clear();
            } else {
                if (!owed.tags().isEmpty()) {
                    delegate.invalidateTags(owed.tags());
                }
                owed.keys().forEach(delegate::invalidate);
            }
            pending.applied(owed);
            LOG.info("cache store {} applied the invalidations that had failed; serving from it again", tier);
            return pending.isEmpty();
        } catch (RuntimeException e) {
            retryNoSoonerThanInterval();
            recordFailure("retry of failed invalidations", e);
            return false;
        } finally {
            retrying.unlock();
        }
    }

    /**
     * A {@link MalformedCursor} passes through: it is the caller's mistake, and taking it for an outage would answer
     * an empty listing and leave the store alone for everyone.
     */
    @Override
    public KeyPage scanKeys(KeyPattern pattern, Optional<String> cursor, int limit) {
        return guard("scanKeys", () -> delegate.scanKeys(pattern, cursor, limit),
                () -> new KeyPage(List.of(), Optional.empty()));
    }

    @Override
    public StoreUsage usage() {
        return guard("usage", delegate::usage, () -> StoreUsage.EMPTY);
    }

    @Override
    public StoreHealth health() {
        try {
            return delegate.health();
        } catch (RuntimeException e) {
            return StoreHealth.down(tier, e.toString());
        }
    }

    private boolean isLeftAlone() {
        if (!leftAlone) {
            return false;
        }
        if (clock.nanoTime() - leftAloneUntilNanos < 0) {
            return true;
        }
        leftAlone = false;
        return false;
    }

    private static boolean reachesTheWholeStore(RuntimeException failure) {
        return !(failure instanceof StoreFailure known) || known.reach() == StoreFailure.Reach.STORE;
    }

    private <T> T guard(String operation, Supplier<T> call, Supplier<T> fallback) {
        if (isLeftAlone()) {
            return fallback.get();
        }
        try {
            T result = call.get();
            if (failing.get() && failing.compareAndSet(true, false)) {
                LOG.info("cache store {} answers again", tier);
            }
            return result;
        } catch (MalformedCursor callersMistake) {
            throw callersMistake;
        } catch (RuntimeException e) {
            recordFailure(operation, e);
            return fallback.get();
        }
    }

    private void recordFailure(String operation, RuntimeException e) {
        if (reachesTheWholeStore(e)) {
            leftAloneUntilNanos = clock.nanoTime() + RETRY_INTERVAL.toNanos();
            leftAlone = true;
        }
        metrics.record(CacheEvent.of(CacheEvent.STORE_WIDE, metricsTier, CacheOutcome.ERROR, Duration.ZERO));
        if (failing.compareAndSet(false, true)) {
            LOG.warn("cache store {} failed on {}; serving without it until it recovers: {}", tier, operation, e.toString());
        } else {
            LOG.debug("cache store {} failed on {}: {}", tier, operation, e.toString());
        }
    }
}
