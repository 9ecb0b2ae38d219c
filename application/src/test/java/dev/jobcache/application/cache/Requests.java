package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.ConsistencyToken;
import dev.jobcache.domain.security.Principal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds {@link CacheableRequest}s with the defaults of a plain browser GET. */
final class Requests {

    private String method = "GET";
    private String path = "/health";
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private Principal caller;
    private String accept = "application/json";
    private String acceptEncoding = "gzip";
    private String cacheControl;
    private String ifNoneMatch;
    private boolean authorization;
    private boolean range;
    private ConsistencyToken after = ConsistencyToken.NONE;

    static Requests get(String path) {
        Requests r = new Requests();
        r.path = path;
        return r;
    }

    Requests method(String method) {
        this.method = method;
        return this;
    }

    Requests as(Principal caller) {
        this.caller = caller;
        this.authorization = true;
        return this;
    }

    Requests query(String name, String value) {
        query.computeIfAbsent(name, n -> new java.util.ArrayList<>()).add(value);
        return this;
    }

    Requests accept(String accept) {
        this.accept = accept;
        return this;
    }

    Requests cacheControl(String cacheControl) {
        this.cacheControl = cacheControl;
        return this;
    }

    Requests ifNoneMatch(String etag) {
        this.ifNoneMatch = etag;
        return this;
    }

    Requests withAuthorizationHeader() {
        this.authorization = true;
        return this;
    }

    Requests withRange() {
        this.range = true;
        return this;
    }

    Requests after(ConsistencyToken token) {
        this.after = token;
        return this;
    }

    CacheableRequest build() {
        return new CacheableRequest(method, path, query, Optional.ofNullable(caller), accept, acceptEncoding,
                cacheControl, ifNoneMatch, authorization, range, after);
    }
}
