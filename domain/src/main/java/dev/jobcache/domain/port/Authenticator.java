package dev.jobcache.domain.port;

import dev.jobcache.domain.security.BearerToken;
import dev.jobcache.domain.security.Principal;

import java.util.Optional;

/** Resolves a bearer token to a caller. Thread-safe; comparisons must not leak timing about valid tokens. */
public interface Authenticator {

    /** The caller the token belongs to, or empty when it belongs to no one. */
    Optional<Principal> authenticate(BearerToken token);

    /**
     * The caller a user's tokens resolve to, with the roles they carry, for running a request on the user's behalf
     * without a token (cache warming). Empty when no token belongs to the user, and when the user's tokens resolve
     * to principals with different roles: there is then no one principal a request of theirs would run as, and
     * guessing would store an answer for roles the caller who reads it does not have.
     */
    Optional<Principal> principalOf(String userId);
}
