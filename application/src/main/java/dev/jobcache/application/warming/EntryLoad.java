package dev.jobcache.application.warming;

import dev.jobcache.application.cache.CacheableRequest;
import dev.jobcache.domain.cache.ConsistencyToken;
import dev.jobcache.domain.security.Principal;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry a background mode may load: a route with its query, as a user (per-user routes) or as no one (public
 * ones), in the representation its readers ask for. The user is run as the principal their tokens resolve to, with
 * its roles, never as the caller some request happened to carry.
 *
 * @param userId whose entry it is; empty for a public one
 * @param accept the {@code Accept} its readers send, or null
 */
record EntryLoad(String path, Map<String, List<String>> query, Optional<String> userId, String accept) {

    EntryLoad {
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(query);
        Objects.requireNonNull(userId, "userId");
    }

    /** The entry a client's request reads. */
    static EntryLoad of(CacheableRequest read) {
        return new EntryLoad(read.path(), read.query(), read.caller().map(Principal::userId), read.accept());
    }

    /** The request this service runs to read or load it, as {@code as}. */
    CacheableRequest request(Optional<Principal> as) {
        return new CacheableRequest("GET", path, query, as, accept, null, null, null, false, false,
                ConsistencyToken.NONE, true);
    }

    String pathAndQuery() {
        return request(Optional.empty()).pathAndQuery();
    }

    String describe() {
        return pathAndQuery() + userId.map(user -> " for " + user).orElse("");
    }
}
