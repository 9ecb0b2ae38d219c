package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.port.InvalidationBus.Listener;
import dev.jobcache.domain.port.InvalidationBus.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Whether a bus is in contact with its channel, and the listeners it tells: every listener hears each change of
 * contact exactly once and in order ({@code contactLost} once per loss, {@code contactRestored} once per recovery,
 * never while healthy), a listener that subscribes while contact is lost hears {@code contactLost} before
 * {@code subscribe} returns, and one that throws is logged without keeping the others from hearing. Thread-safe:
 * changes are serialised, messages are not serialised with them.
 */
final class BusContact {

    private static final Logger LOG = LoggerFactory.getLogger(RedisInvalidationBus.class);

    private final String channelName;
    private final List<RegisteredListener> listeners = new CopyOnWriteArrayList<>();
    // guards the state against itself and against subscribe, so that a new listener cannot slip between a loss and
    // its announcement
    private final Object lock = new Object();
    private boolean inContact = true;
    // moves on every loss and recovery, so that evidence gathered before one cannot report a loss after it
    private long changes;
    private boolean closed;

    BusContact(String channelName) {
        this.channelName = Objects.requireNonNull(channelName, "channelName");
    }

    /** A listener that subscribes once the contact is closed hears {@code contactLost} at once: nothing will reach it. */
    Subscription subscribe(Listener listener) {
        RegisteredListener registered = new RegisteredListener(Objects.requireNonNull(listener, "listener"));
        synchronized (lock) {
            if (closed) {
                registered.contactLost();
                return registered;
            }
            listeners.add(registered);
            if (!inContact) {
                registered.contactLost();
            }
        }
        return registered;
    }

    /** How many losses and recoveries there have been: taken before gathering evidence, see {@link #lostUnlessChanged}. */
    long changes() {
        synchronized (lock) {
            return changes;
        }
    }

    /**
     * Announces a loss, unless contact changed since {@code changesBefore} (the evidence is older than the news).
     *
     * @return whether the evidence was current, even if contact was lost already
     */
    boolean lostUnlessChanged(String why, long changesBefore) {
        synchronized (lock) {
            if (changes != changesBefore) {
                return false;
            }
            lost(why);
            return true;
        }
    }

    void lost(String why) {
        synchronized (lock) {
            if (closed || !inContact) {
                return;
            }
            inContact = false;
            changes++;
            LOG.warn("Lost contact with Redis pub/sub channel {} ({}); near-caches drop their entries until it is back",
                    channelName, why);
            listeners.forEach(RegisteredListener::contactLost);
        }
    }

    /** Announces a recovery if {@code stillCurrent}, asked under the lock (the evidence is the current connection's). */
    void restored(BooleanSupplier stillCurrent) {
        synchronized (lock) {
            if (closed || inContact || !stillCurrent.getAsBoolean()) {
                return;
            }
            inContact = true;
            changes++;
            LOG.info("Subscribed to {} again; near-caches fill again", channelName);
            listeners.forEach(RegisteredListener::contactRestored);
        }
    }

    void deliver(Invalidation invalidation) {
        for (RegisteredListener listener : listeners) {
            listener.onInvalidation(invalidation);
        }
    }

    /**
     * A message may have been missed while the subscription itself is fine: listeners hear a loss and at once a
     * recovery. When contact is lost already, the recovery to come covers it.
     */
    void missedOne() {
        synchronized (lock) {
            if (closed || !inContact) {
                return;
            }
            listeners.forEach(RegisteredListener::contactLost);
            listeners.forEach(RegisteredListener::contactRestored);
        }
    }

    /** Listeners still subscribed hear {@code contactLost} (unless they had); later changes are not announced. */
    boolean close() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            if (inContact) {
                listeners.forEach(RegisteredListener::contactLost);
            }
            closed = true;
            listeners.clear();
            return true;
        }
    }

    private final class RegisteredListener implements Subscription {

        private final Listener listener;
        private final AtomicBoolean open = new AtomicBoolean(true);

        RegisteredListener(Listener listener) {
            this.listener = listener;
        }

        void onInvalidation(Invalidation invalidation) {
            if (open.get()) {
                guarded("onInvalidation", () -> listener.onInvalidation(invalidation));
            }
        }

        void contactLost() {
            if (open.get()) {
                guarded("contactLost", listener::contactLost);
            }
        }

        void contactRestored() {
            if (open.get()) {
                guarded("contactRestored", listener::contactRestored);
            }
        }

        private void guarded(String what, Runnable call) {
            try {
                call.run();
            } catch (RuntimeException failure) {
                LOG.warn("A listener of {} failed in {}; the others are still told", channelName, what, failure);
            }
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                listeners.remove(this);
            }
        }
    }
}
