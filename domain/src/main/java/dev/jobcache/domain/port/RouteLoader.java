package dev.jobcache.domain.port;

import dev.jobcache.domain.security.Principal;

import java.util.Objects;
import java.util.Optional;

/**
 * Runs a GET of one of the service's own routes as a client would, through the same cache and policies, so that
 * its answer lands in the cache (warming). Thread-safe. May throw when the service cannot take requests yet; a
 * route that fails answers with its status, it does not throw.
 */
public interface RouteLoader {

    /**
     * @param path the path with a leading slash, optionally with a query; never an admin route
     * @param as   the caller to run it as, for per-user routes; empty for public routes
     */
    Loaded load(String path, Optional<Principal> as);

    /**
     * Loads a route again although the cache holds it ({@code Cache-Control: no-cache}), for the representation
     * {@code accept} names, so that a hot entry is replaced before it expires (refresh-ahead).
     *
     * @param accept the {@code Accept} header of the request whose entry is refreshed, or null
     */
    Loaded refresh(String path, Optional<Principal> as, String accept);

    /**
     * What the route answered.
     *
     * @param status the HTTP status
     * @param cache  what the response cache did ({@code HIT}, {@code MISS}, {@code STALE}, {@code BYPASS}), or
     *               {@code UNKNOWN}
     */
    record Loaded(int status, String cache) {

        public Loaded {
            Objects.requireNonNull(cache, "cache");
        }
    }
}
