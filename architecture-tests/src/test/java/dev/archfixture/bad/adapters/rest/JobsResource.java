package dev.archfixture.bad.adapters.rest;

import dev.archfixture.bad.domain.port.CacheStore;

/** Fixture violating rule 9: a resource reading the store around the application. */
public final class JobsResource {

    private final CacheStore store;

    public JobsResource(CacheStore store) {
        this.store = store;
    }

    public String get(String id) {
        return store.get(id);
    }
}
