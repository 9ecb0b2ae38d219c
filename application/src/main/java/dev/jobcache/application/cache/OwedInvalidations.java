package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.port.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The journal of invalidations a store failed to apply: kept (bounded, see {@link PendingInvalidations}) until the
 * store has applied them, and retried at most once per interval, by one caller at a time, whatever the failure. On a
 * Redis Cluster one owed invalidation is a script per key bucket, and retrying it on every read of every request,
 * each attempt failing fast on an overloaded connection, was seen to keep that connection overloaded long after the
 * fault that began it had passed.
 */
final class OwedInvalidations {

    private static final Logger LOG = LoggerFactory.getLogger(FailOpenCacheStore.class);

    private final PendingInvalidations pending;
    private final Duration retryInterval;
    private final Clock clock;
    private final String tier;
    private final ReentrantLock retrying = new ReentrantLock();
    private volatile long nextRetryNanos;

    OwedInvalidations(int limit, Duration retryInterval, Clock clock, String tier) {
        this.pending = new PendingInvalidations(limit);
        this.retryInterval = Objects.requireNonNull(retryInterval, "retryInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tier = Objects.requireNonNull(tier, "tier");
    }

    /** Keeps {@code failed}, and puts the next retry off by the interval: what just failed is not tried at once. */
    void owe(Invalidation failed) {
        pending.add(failed);
        putOffRetry();
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    long size() {
        return pending.size();
    }

    /**
     * Whether nothing is owed; when something is and a retry is due, applies it all to {@code store} first. Only one
     * caller retries; the others see "not yet".
     *
     * @throws RuntimeException the store's failure of the retry, after putting the next one off
     */
    boolean settle(CacheStore store) {
        if (pending.isEmpty()) {
            return true;
        }
        if (clock.nanoTime() - nextRetryNanos < 0 || !retrying.tryLock()) {
            return false;
        }
        try {
            Invalidation owed = pending.snapshot();
            if (owed.everything()) {
                store.clear();
            } else {
                if (!owed.tags().isEmpty()) {
                    store.invalidateTags(owed.tags());
                }
                owed.keys().forEach(store::invalidate);
            }
            pending.applied(owed);
            LOG.info("cache store {} applied the invalidations that had failed; serving from it again", tier);
            return pending.isEmpty();
        } catch (RuntimeException failed) {
            putOffRetry();
            throw failed;
        } finally {
            retrying.unlock();
        }
    }

    private void putOffRetry() {
        nextRetryNanos = clock.nanoTime() + retryInterval.toNanos();
    }
}
