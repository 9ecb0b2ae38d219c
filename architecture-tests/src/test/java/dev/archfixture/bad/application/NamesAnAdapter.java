package dev.archfixture.bad.application;

import dev.archfixture.bad.adapters.caffeine.CaffeineStore;

/** Fixture violating rule 6: the application naming an adapter class. */
public final class NamesAnAdapter {

    private final CaffeineStore store = new CaffeineStore();

    public String get(String key) {
        return store.get(key);
    }
}
