package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.port.InvalidationBus;

/** A listener that throws on everything it hears: the others must still hear. */
final class BrokenListener implements InvalidationBus.Listener {

    @Override
    public void onInvalidation(Invalidation invalidation) {
        throw new IllegalStateException("a broken listener");
    }

    @Override
    public void contactLost() {
        throw new IllegalStateException("a broken listener");
    }

    @Override
    public void contactRestored() {
        throw new IllegalStateException("a broken listener");
    }
}
