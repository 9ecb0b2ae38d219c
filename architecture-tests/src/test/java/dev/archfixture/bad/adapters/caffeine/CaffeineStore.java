package dev.archfixture.bad.adapters.caffeine;

import dev.archfixture.bad.domain.port.CacheStore;

/** Fixture violating rule 8: implements CacheStore but is not named ...CacheStore. */
public final class CaffeineStore implements CacheStore {

    @Override
    public String get(String key) {
        return key;
    }
}
