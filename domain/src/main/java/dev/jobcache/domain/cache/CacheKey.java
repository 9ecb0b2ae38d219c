package dev.jobcache.domain.cache;

import java.util.Objects;

/**
 * Names one cached representation. Built only by {@link CacheKeys}: its text is ASCII, bounded in length and never
 * holds raw request input (the variable part is a digest), so a store may use it as a key name as it is.
 */
public record CacheKey(String value) {

    public static final int MAX_LENGTH = 256;

    public CacheKey {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a cache key is 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new IllegalArgumentException("a cache key is printable ASCII without spaces");
            }
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
