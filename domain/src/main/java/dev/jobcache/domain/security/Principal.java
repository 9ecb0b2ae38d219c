package dev.jobcache.domain.security;

import dev.jobcache.domain.job.OwnerId;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
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

    /**
     * Each user's principal among {@code principals} (e.g. those of every configured token), for
     * {@code Authenticator.principalOf}: a user with several tokens has one principal as long as they carry the same
     * roles; a user whose tokens carry different roles has none, since no single principal is theirs.
     */
    public static Map<String, Principal> byUser(Collection<Principal> principals) {
        Map<String, Principal> byUser = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (Principal principal : principals) {
            Principal earlier = byUser.putIfAbsent(principal.userId(), principal);
            if (earlier != null && !earlier.equals(principal)) {
                ambiguous.add(principal.userId());
            }
        }
        byUser.keySet().removeAll(ambiguous);
        return Map.copyOf(byUser);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public OwnerId asOwner() {
        return new OwnerId(userId);
    }
}
