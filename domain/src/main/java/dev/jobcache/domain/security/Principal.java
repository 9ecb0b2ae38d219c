package dev.jobcache.domain.security;

import dev.jobcache.domain.job.OwnerId;

import java.util.Objects;
import java.util.Set;

/** An authenticated caller. Its {@code userId} owns jobs and scopes private cache entries. */
public record Principal(String userId, Set<Role> roles) {

    public Principal {
        Objects.requireNonNull(userId, "userId");
        if (!OwnerId.isValid(userId)) {
            throw new IllegalArgumentException("a user id is 1 to 64 letters, digits, '.', '_' or '-'");
        }
        roles = Set.copyOf(roles);
    }

    public static Principal user(String userId) {
        return new Principal(userId, Set.of(Role.USER));
    }

    public static Principal admin(String userId) {
        return new Principal(userId, Set.of(Role.USER, Role.ADMIN));
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public OwnerId asOwner() {
        return new OwnerId(userId);
    }
}
