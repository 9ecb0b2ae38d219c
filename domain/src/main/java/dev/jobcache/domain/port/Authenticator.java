package dev.jobcache.domain.port;

import dev.jobcache.domain.security.BearerToken;
import dev.jobcache.domain.security.Principal;

import java.util.Optional;

/** Resolves a bearer token to a caller. Thread-safe; comparisons must not leak timing about valid tokens. */
public interface Authenticator {

    /** The caller the token belongs to, or empty when it belongs to no one. */
    Optional<Principal> authenticate(BearerToken token);
}
