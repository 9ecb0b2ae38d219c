package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CachePolicy;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a shared cache may do by RFC 9111 and the route's policy, as pure rules: whether a request may be answered
 * from the cache at all (its method, range, query, directives and credentials), and whether an origin response may
 * be stored (its status, cookies, directives, {@code Vary} and size). Each answer is the reason's name, or empty
 * when allowed; the names are what metrics and the operation log show.
 */
final class StorageRules {

    /** The request headers a key holds, so a response that varies on them is still storable. */
    private static final Set<String> KEYED_VARY = Set.of("accept", "accept-encoding");

    private StorageRules() {
    }

    /** Why {@code request} goes past the cache to the origin, or empty when the cache may answer it. */
    static Optional<String> bypassReason(CacheableRequest request, CachePolicy policy, RequestDirectives directives) {
        String method = request.method().toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return Optional.of("method");
        }
        if (!policy.cacheable()) {
            return Optional.of("policy");
        }
        if (request.hasRange()) {
            return Optional.of("range");
        }
        if (policy.query().refuses(request.query())) {
            return Optional.of("query");
        }
        if (directives.noStore()) {
            return Optional.of("no-store");
        }
        if (!policy.perUser() && request.hasAuthorization()) {
            // RFC 9111 §3.5: a shared cache must not answer an authorized request from a public entry
            return Optional.of("authorization");
        }
        if (policy.perUser() && request.caller().isEmpty()) {
            return Optional.of("anonymous");
        }
        return Optional.empty();
    }

    /** Why {@code origin} must not be stored under {@code policy}, or empty when it may. */
    static Optional<String> refusal(CachePolicy policy, OriginResponse origin, int maxEntryBytes) {
        if (origin.status() < 200 || origin.status() > 299 || origin.status() == 206) {
            return Optional.of("status");
        }
        if (origin.has("Set-Cookie")) {
            return Optional.of("set-cookie");
        }
        if (origin.has("Content-Encoding")) {
            return Optional.of("content-encoding");
        }
        for (String directive : origin.cacheControl()) {
            if (directive.equals("no-store") || directive.equals("no-cache")) {
                return Optional.of("no-store");
            }
            if (directive.equals("private") && !policy.perUser()) {
                return Optional.of("private");
            }
        }
        Optional<String> vary = origin.header("Vary");
        if (vary.isPresent()) {
            for (String header : vary.get().toLowerCase(Locale.ROOT).split(",")) {
                String name = header.trim();
                if (!name.isEmpty() && !KEYED_VARY.contains(name)) {
                    // a body that varies on a header the key does not hold could be served to the wrong client
                    return Optional.of("vary");
                }
            }
        }
        if (origin.body().length > maxEntryBytes) {
            return Optional.of("too-large");
        }
        return Optional.empty();
    }
}
