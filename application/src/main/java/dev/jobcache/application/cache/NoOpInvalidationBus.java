package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.port.InvalidationBus;

/** The bus of a single instance with no near-cache: there is no one to tell. */
public enum NoOpInvalidationBus implements InvalidationBus {
    INSTANCE;

    @Override
    public void publish(Invalidation invalidation) {
    }

    @Override
    public Subscription subscribe(Listener listener) {
        return () -> {
        };
    }
}
