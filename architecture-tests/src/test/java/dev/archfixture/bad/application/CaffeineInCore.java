package dev.archfixture.bad.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/** Fixture violating rule 4: Caffeine outside its adapter. */
public final class CaffeineInCore {

    private final Cache<String, String> local = Caffeine.newBuilder().build();

    public String get(String key) {
        return local.getIfPresent(key);
    }
}
