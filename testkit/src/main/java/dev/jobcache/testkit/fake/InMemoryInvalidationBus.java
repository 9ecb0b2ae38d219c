package dev.jobcache.testkit.fake;

import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.port.InvalidationBus;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@link InvalidationBus} inside one JVM that delivers synchronously, on the publisher's thread, to every open
 * subscription, the publisher's own included. Switches simulate what a real transport does to its users:
 * {@link #dropMessages()} loses messages silently (at-most-once delivery); {@link #holdMessages()} delivers them
 * late, when {@link #releaseHeld()} is called; {@link #loseContact()} tells every
 * subscriber that messages may have been lost and delivers nothing until {@link #restoreContact()}, which tells
 * them that delivery has resumed. Thread-safe.
 *
 * <p>A listener that throws does not stop delivery to the others; its failure is kept in {@link #listenerFailures()}
 * so that a test notices it instead of the fake hiding it.
 */
public final class InMemoryInvalidationBus implements InvalidationBus {

    private final List<RegisteredSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final List<Invalidation> published = new CopyOnWriteArrayList<>();
    private final List<RuntimeException> listenerFailures = new CopyOnWriteArrayList<>();
    // guards changes of contact against subscriptions, so that each subscriber hears of a loss exactly once per loss
    private final Object contactLock = new Object();
    private final List<Invalidation> held = new CopyOnWriteArrayList<>();
    private volatile boolean dropping;
    private volatile boolean holding;
    private volatile boolean inContact = true;

    @Override
    public void publish(Invalidation invalidation) {
        Objects.requireNonNull(invalidation, "invalidation");
        published.add(invalidation);
        if (dropping || !inContact) {
            return;
        }
        if (holding) {
            held.add(invalidation);
            return;
        }
        for (RegisteredSubscription subscription : subscriptions) {
            subscription.deliver(invalidation);
        }
    }

    @Override
    public Subscription subscribe(Listener listener) {
        RegisteredSubscription subscription = new RegisteredSubscription(Objects.requireNonNull(listener, "listener"));
        synchronized (contactLock) {
            subscriptions.add(subscription);
            if (!inContact) {
                // as the port promises: a subscriber must not take the silence of a broken transport for delivery
                subscription.contactLost();
            }
        }
        return subscription;
    }

    /**
     * Breaks contact: tells every open subscription that messages may have been lost, and from now on delivers
     * nothing (messages are still recorded in {@link #published()}) until {@link #restoreContact()}. Calling it again
     * while out of contact is another loss, told again.
     */
    public void loseContact() {
        synchronized (contactLock) {
            inContact = false;
            for (RegisteredSubscription subscription : subscriptions) {
                subscription.contactLost();
            }
        }
    }

    /**
     * Restores contact after {@link #loseContact()}: messages are delivered again (the ones published meanwhile stay
     * lost) and every open subscription hears that delivery has resumed. Does nothing when contact was not lost.
     */
    public void restoreContact() {
        synchronized (contactLock) {
            if (inContact) {
                return;
            }
            inContact = true;
            for (RegisteredSubscription subscription : subscriptions) {
                subscription.contactRestored();
            }
        }
    }

    /** Whether messages reach subscribers, as far as contact goes ({@link #dropMessages()} aside). */
    public boolean inContact() {
        return inContact;
    }

    /** From now on messages are recorded in {@link #published()} but reach no one. */
    public void dropMessages() {
        dropping = true;
    }

    /** From now on messages are delivered again; the dropped ones stay lost. */
    public void deliverMessages() {
        dropping = false;
    }

    /** From now on messages are held, not delivered, until {@link #releaseHeld()}: a slow transport. */
    public void holdMessages() {
        holding = true;
    }

    /** Delivers the held messages in order, and from now on delivers as they come. */
    public void releaseHeld() {
        holding = false;
        List<Invalidation> late = List.copyOf(held);
        held.clear();
        for (Invalidation invalidation : late) {
            for (RegisteredSubscription subscription : subscriptions) {
                subscription.deliver(invalidation);
            }
        }
    }

    /** Everything published, delivered, held or dropped, in order. */
    public List<Invalidation> published() {
        return List.copyOf(published);
    }

    public int subscriberCount() {
        return subscriptions.size();
    }

    /** What listeners threw while being called. */
    public List<RuntimeException> listenerFailures() {
        return List.copyOf(listenerFailures);
    }

    private final class RegisteredSubscription implements Subscription {
        private final Listener listener;
        private final AtomicBoolean open = new AtomicBoolean(true);

        RegisteredSubscription(Listener listener) {
            this.listener = listener;
        }

        void deliver(Invalidation invalidation) {
            if (open.get()) {
                guarded(() -> listener.onInvalidation(invalidation));
            }
        }

        void contactLost() {
            if (open.get()) {
                guarded(listener::contactLost);
            }
        }

        void contactRestored() {
            if (open.get()) {
                guarded(listener::contactRestored);
            }
        }

        private void guarded(Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                listenerFailures.add(e);
            }
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                subscriptions.remove(this);
            }
        }
    }
}
