package dev.archfixture.good.domain.port;

import dev.archfixture.good.domain.cache.Entry;

import java.util.Optional;

/** Fixture: a port, an interface in the domain's words. */
public interface CacheStore {

    Optional<Entry> get(String key);

    /** A nested callback type: implementations need not be named for it. */
    interface Listener {
        void evicted(String key);
    }
}
