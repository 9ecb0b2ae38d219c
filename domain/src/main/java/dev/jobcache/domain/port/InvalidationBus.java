package dev.jobcache.domain.port;

import dev.jobcache.domain.cache.Invalidation;

/**
 * Carries invalidations between instances so that each drops its near-cache copies.
 *
 * <p>Delivery is at-most-once and unordered across publishers (like Redis pub/sub): a subscriber that may have
 * missed messages is told so through {@link Listener#contactLost()} and must then assume anything may be stale.
 * A publisher receives its own messages too. Implementations are thread-safe; {@code publish} may throw when the
 * transport is down, and callers treat that as lost contact on their side.
 */
public interface InvalidationBus {

    void publish(Invalidation invalidation);

    /** Starts delivering to {@code listener} until the returned subscription is closed. */
    Subscription subscribe(Listener listener);

    /** Receives invalidations, on a thread of the bus; must not block for long. */
    interface Listener {

        void onInvalidation(Invalidation invalidation);

        /** Messages may have been lost: drop everything that relies on them. Called again for each new loss. */
        void contactLost();
    }

    /** A live subscription. Closing is idempotent. */
    interface Subscription extends AutoCloseable {

        @Override
        void close();
    }
}
