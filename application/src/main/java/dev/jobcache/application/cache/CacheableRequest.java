package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.ConsistencyToken;
import dev.jobcache.domain.security.Principal;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the cache needs to know about a request, taken from it before any resource runs.
 *
 * @param path                 the decoded path, relative to the application root, with a leading slash
 * @param query                decoded query parameters
 * @param caller               the authenticated caller, if any
 * @param accept               the {@code Accept} header, or null
 * @param acceptEncoding       the {@code Accept-Encoding} header, or null
 * @param cacheControl         the request's {@code Cache-Control} header, or null
 * @param ifNoneMatch          the {@code If-None-Match} header, or null
 * @param hasAuthorization     whether an {@code Authorization} header was sent
 * @param hasRange             whether a {@code Range} header was sent
 * @param after                the writes the client has been told of ({@link ConsistencyToken#NONE} if it names
 *                             none): no copy that does not reflect them answers it. Not part of any key, since it
 *                             never changes a body, only which copy may give it
 * @param inProcess            run by this service itself (warming, refresh-ahead), not by a client: it is no live
 *                             traffic, so it neither keeps an instance from counting as idle nor makes an entry hot
 */
public record CacheableRequest(
        String method,
        String path,
        Map<String, List<String>> query,
        Optional<Principal> caller,
        String accept,
        String acceptEncoding,
        String cacheControl,
        String ifNoneMatch,
        boolean hasAuthorization,
        boolean hasRange,
        ConsistencyToken after,
        boolean inProcess) {

    public CacheableRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = query == null ? Map.of() : query;
        caller = caller == null ? Optional.empty() : caller;
        after = after == null ? ConsistencyToken.NONE : after;
    }

    /** A client's request. */
    public CacheableRequest(String method, String path, Map<String, List<String>> query, Optional<Principal> caller,
                            String accept, String acceptEncoding, String cacheControl, String ifNoneMatch,
                            boolean hasAuthorization, boolean hasRange, ConsistencyToken after) {
        this(method, path, query, caller, accept, acceptEncoding, cacheControl, ifNoneMatch, hasAuthorization, hasRange,
                after, false);
    }

    /** A client's request that carries no consistency token. */
    public CacheableRequest(String method, String path, Map<String, List<String>> query, Optional<Principal> caller,
                            String accept, String acceptEncoding, String cacheControl, String ifNoneMatch,
                            boolean hasAuthorization, boolean hasRange) {
        this(method, path, query, caller, accept, acceptEncoding, cacheControl, ifNoneMatch, hasAuthorization, hasRange,
                ConsistencyToken.NONE);
    }

    /** The path with its query, re-encoded, as a client would request it again. */
    public String pathAndQuery() {
        if (query.isEmpty()) {
            return path;
        }
        StringBuilder out = new StringBuilder(path).append('?');
        query.forEach((name, values) -> {
            for (String value : values.isEmpty() ? List.of("") : values) {
                if (out.charAt(out.length() - 1) != '?') {
                    out.append('&');
                }
                out.append(encode(name)).append('=').append(encode(value == null ? "" : value));
            }
        });
        return out.toString();
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    public boolean isHead() {
        return method.equalsIgnoreCase("HEAD");
    }
}
