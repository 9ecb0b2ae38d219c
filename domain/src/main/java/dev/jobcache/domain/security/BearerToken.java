package dev.jobcache.domain.security;

import java.util.Objects;

/** A token as presented in {@code Authorization: Bearer ...}. Its text never shows in {@code toString}. */
public record BearerToken(String value) {

    public BearerToken {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a bearer token is not blank");
        }
    }

    @Override
    public String toString() {
        return "BearerToken[***]";
    }
}
