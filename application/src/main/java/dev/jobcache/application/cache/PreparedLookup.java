package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CacheKeys;
import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.cache.Representation;
import dev.jobcache.domain.security.Principal;

import java.util.Objects;
import java.util.Optional;

/**
 * What a lookup works out from a request before it reads the store, once per request however many threads the
 * request passes through: the route's policy, the client's directives, and either why the cache is bypassed or the
 * key (per user where the policy says so, per representation the Accept header asks for). Made by
 * {@link ResponseCache#prepare}; the HTTP edge tries {@link ResponseCache#localHit} or {@link ResponseCache#asyncHit}
 * with it on an I/O thread and, when that answers no hit, hands this same object with the request to the thread
 * that runs {@link ResponseCache#lookup(PreparedLookup)}, which then does not parse, key or (where the edge's read
 * answered for the whole store) read again.
 *
 * <p>Not thread-safe: it travels with its request, handed from thread to thread the way the request is.
 */
public final class PreparedLookup {

    private final CacheableRequest request;
    private final RoutePolicies.Match match;
    private final RequestDirectives directives;
    private final Optional<String> userId;
    private final Optional<String> bypass;
    private final CacheKey key;
    private final long startedNanos;
    // set when a read at the edge found no entry in the whole store
    private boolean noEntryAtTheEdge;
    private long storesBeforeRead;

    private PreparedLookup(CacheableRequest request, RoutePolicies.Match match, RequestDirectives directives,
                           Optional<String> userId, Optional<String> bypass, CacheKey key, long startedNanos) {
        this.request = request;
        this.match = match;
        this.directives = directives;
        this.userId = userId;
        this.bypass = bypass;
        this.key = key;
        this.startedNanos = startedNanos;
    }

    static PreparedLookup of(CacheableRequest request, RoutePolicies policies) {
        return of(request, policies, 0);
    }

    static PreparedLookup of(CacheableRequest request, RoutePolicies policies, long startedNanos) {
        Objects.requireNonNull(request, "request");
        RoutePolicies.Match match = policies.match(request.path());
        CachePolicy policy = match.policy();
        RequestDirectives directives = RequestDirectives.parse(request.cacheControl());
        Optional<String> userId = request.caller().map(Principal::userId);
        Optional<String> bypass = StorageRules.bypassReason(request, policy, directives);
        if (bypass.isPresent()) {
            return new PreparedLookup(request, match, directives, userId, bypass, null, startedNanos);
        }
        Optional<Representation> representation = Representation.parseAccept(request.accept());
        if (representation.isEmpty()) {
            // no key can say what the origin makes of it: the origin refuses it (a 400 naming Accept)
            return new PreparedLookup(request, match, directives, userId, Optional.of("malformed-accept"), null,
                    startedNanos);
        }
        CacheKey key = CacheKeys.of(request.method(), policy, request.path(), request.query(), userId.orElse(null),
                representation.get());
        return new PreparedLookup(request, match, directives, userId, Optional.empty(), key, startedNanos);
    }

    /** The request as the cache sees it. */
    public CacheableRequest request() {
        return request;
    }

    RoutePolicies.Match match() {
        return match;
    }

    RequestDirectives directives() {
        return directives;
    }

    Optional<String> userId() {
        return userId;
    }

    Optional<String> bypass() {
        return bypass;
    }

    /** Null when bypassed. */
    CacheKey key() {
        return key;
    }

    long startedNanos() {
        return startedNanos;
    }

    CachePolicy policy() {
        return match.policy();
    }

    boolean bypassed() {
        return bypass.isPresent();
    }

    /** Whether a hit may be answered without a full lookup: not bypassed, and the client did not ask to revalidate. */
    public boolean mayHitFast() {
        return bypass.isEmpty() && !directives.noCache();
    }

    /**
     * Keeps that a read of the whole store found no entry, so that the full lookup starts from that. (An entry it
     * found but could not answer with is read again: an invalidation may have removed it since.)
     *
     * @param storesBefore {@link ResponseCache}'s count of loads that reached the store, taken before the read
     *                     began
     */
    void foundNoEntry(long storesBefore) {
        this.noEntryAtTheEdge = true;
        this.storesBeforeRead = storesBefore;
    }

    /** Whether a read at the edge found no entry in the whole store; otherwise the lookup reads the store. */
    boolean foundNoEntryAtTheEdge() {
        return noEntryAtTheEdge;
    }

    long storesBeforeRead() {
        return storesBeforeRead;
    }
}
