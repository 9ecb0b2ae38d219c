package dev.jobcache.domain.port;

import dev.jobcache.domain.cache.Invalidation;

/**
 * Carries invalidations between instances so that each drops its near-cache copies.
 *
 * <p>Delivery is at-most-once and unordered across publishers (like Redis pub/sub): a subscriber that may have
 * missed messages is told so through {@link Listener#contactLost()} and must then assume anything may be stale,
 * until {@link Listener#contactRestored()} says that delivery has resumed. A publisher receives its own messages
 * too. Implementations are thread-safe; {@code publish} may throw when the transport is down, and callers treat
 * that as lost contact on their side.
 */
public interface InvalidationBus {

    void publish(Invalidation invalidation);

    /**
     * Starts delivering to {@code listener} until the returned subscription is closed. A subscription made while the
     * bus is out of contact hears {@link Listener#contactLost()} first, so a listener never takes silence for
     * delivery.
     */
    Subscription subscribe(Listener listener);

    /** Receives invalidations, on a thread of the bus; must not block for long. */
    interface Listener {

        void onInvalidation(Invalidation invalidation);

        /** Messages may have been lost: drop everything that relies on them. Called again for each new loss. */
        void contactLost();

        /**
         * Delivery has resumed after {@link #contactLost()}: the listener is subscribed again, and messages published
         * from now on reach it. Messages published between {@code contactLost} and this call may have been lost for
         * good, so nothing dropped because of the loss may be trusted again from before this call. Only ever called
         * after a {@code contactLost}. Does nothing by default.
         */
        default void contactRestored() {
        }
    }

    /** A live subscription. Closing is idempotent. */
    interface Subscription extends AutoCloseable {

        @Override
        void close();
    }
}
