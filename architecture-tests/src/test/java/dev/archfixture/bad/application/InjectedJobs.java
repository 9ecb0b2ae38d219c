package dev.archfixture.bad.application;

import dev.archfixture.bad.domain.port.CacheStore;

import jakarta.inject.Inject;

/** Fixture violating rules 3, 4 and 12: a DI annotation in the core, on a field. */
public final class InjectedJobs {

    @Inject
    CacheStore store;

    public String get(String key) {
        return store.get(key);
    }
}
