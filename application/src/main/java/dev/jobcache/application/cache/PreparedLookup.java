package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CacheKeys;
import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.cache.Representation;
import dev.jobcache.domain.security.Principal;

import java.util.Optional;

/**
 * What a lookup works out from the request before it reads the store, the same for a full {@link ResponseCache#lookup}
 * and a {@link ResponseCache#freshHit}: the route's policy, the client's directives, and either why the cache is
 * bypassed or the key (per user where the policy says so, per representation the Accept header asks for).
 *
 * @param bypass why the cache is bypassed; empty when {@code key} is set
 * @param key    null when bypassed
 */
record PreparedLookup(RoutePolicies.Match match, RequestDirectives directives, Optional<String> userId,
                      Optional<String> bypass, CacheKey key) {

    static PreparedLookup of(CacheableRequest request, RoutePolicies policies) {
        RoutePolicies.Match match = policies.match(request.path());
        CachePolicy policy = match.policy();
        RequestDirectives directives = RequestDirectives.parse(request.cacheControl());
        Optional<String> userId = request.caller().map(Principal::userId);
        Optional<String> bypass = StorageRules.bypassReason(request, policy, directives);
        if (bypass.isPresent()) {
            return new PreparedLookup(match, directives, userId, bypass, null);
        }
        Optional<Representation> representation = Representation.parseAccept(request.accept());
        if (representation.isEmpty()) {
            // no key can say what the origin makes of it: the origin refuses it (a 400 naming Accept)
            return new PreparedLookup(match, directives, userId, Optional.of("malformed-accept"), null);
        }
        CacheKey key = CacheKeys.of(request.method(), policy, request.path(), request.query(), userId.orElse(null),
                representation.get());
        return new PreparedLookup(match, directives, userId, Optional.empty(), key);
    }

    CachePolicy policy() {
        return match.policy();
    }

    boolean bypassed() {
        return bypass.isPresent();
    }
}
