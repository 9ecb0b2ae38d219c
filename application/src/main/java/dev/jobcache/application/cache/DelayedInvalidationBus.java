package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.port.InvalidationBus;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A test seam ({@code CACHE_BUS_DELIVERY_DELAY_MS}): a bus whose messages reach this instance's subscribers a fixed
 * time late, in the order they came, as a slow or distant transport would deliver them. It widens the window in which
 * another instance's write is not yet applied here, so that a test can show what a consistency token changes within
 * it. Publishing and the contact signals are the delegate's, untouched. {@link #close()} stops the delivery thread;
 * messages still waiting are dropped, as a lost connection would drop them.
 */
public final class DelayedInvalidationBus implements InvalidationBus, AutoCloseable {

    private final InvalidationBus delegate;
    private final long delayNanos;
    private final ScheduledExecutorService deliverer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "jobcache-bus-delay");
        thread.setDaemon(true);
        return thread;
    });

    public DelayedInvalidationBus(InvalidationBus delegate, Duration delay) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.delayNanos = delay.toNanos();
    }

    @Override
    public void publish(Invalidation invalidation) {
        delegate.publish(invalidation);
    }

    @Override
    public Subscription subscribe(Listener listener) {
        return delegate.subscribe(new Listener() {
            @Override
            public void onInvalidation(Invalidation invalidation) {
                try {
                    // one thread and a fixed delay: the messages leave in the order they came
                    deliverer.schedule(() -> listener.onInvalidation(invalidation), delayNanos, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException closed) {
                    // closed: nothing is delivered any more
                }
            }

            @Override
            public void contactLost() {
                listener.contactLost();
            }

            @Override
            public void contactRestored() {
                listener.contactRestored();
            }
        });
    }

    @Override
    public void close() {
        deliverer.shutdownNow();
    }
}
