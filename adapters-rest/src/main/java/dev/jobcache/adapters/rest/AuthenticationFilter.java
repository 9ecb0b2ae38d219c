package dev.jobcache.adapters.rest;

import dev.jobcache.adapters.rest.cache.CacheHitHandler;
import dev.jobcache.domain.port.Authenticator;
import dev.jobcache.domain.security.BearerToken;
import dev.jobcache.domain.security.Principal;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.Optional;

/**
 * Resolves the bearer token before anything else, so that the cache filter after it can key private entries by
 * user. Pre-matching because the cache filter is: a hit is answered before resource matching. A token that is
 * present but wrong is a 401 at once; no token leaves the request anonymous, and resources that need a caller
 * refuse it themselves (public routes such as /health need none).
 *
 * <p>A request run in process by {@link JerseyRouteLoader} (cache warming) carries its caller as a request
 * property instead of a token, and so does a request whose token {@link CacheHitHandler} in front of Jersey has
 * already resolved (a cache miss or bypass it hands on). Only code in this process can set request properties: an external client controls
 * headers, path and body, never properties (Grizzly's request attributes, which Jersey exposes as properties, are
 * server-side too), so this cannot be used to impersonate anyone from outside.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
final class AuthenticationFilter implements ContainerRequestFilter {

    private static final String SCHEME = "bearer ";

    private final Authenticator authenticator;

    AuthenticationFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getProperty(JerseyRouteLoader.CALLER) instanceof Principal inProcess) {
            Callers.attach(request, inProcess);
            return;
        }
        if (request.getProperty(CacheHitHandler.AUTHENTICATED_CALLER) instanceof Principal atTheEdge) {
            // the handler in front of Jersey authenticated this very Authorization header already
            Callers.attach(request, atTheEdge);
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return;
        }
        Optional<Principal> caller = tokenOf(header).flatMap(authenticator::authenticate);
        if (caller.isEmpty()) {
            request.abortWith(Problems.unauthorized(request, "the bearer token is missing, malformed or unknown"));
            return;
        }
        Callers.attach(request, caller.get());
    }

    static Optional<BearerToken> tokenOf(String header) {
        if (header.length() <= SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String token = header.substring(SCHEME.length()).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(new BearerToken(token));
    }
}
