package dev.jobcache.domain.cache;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How responses of one route are cached.
 *
 * @param route        the route template, e.g. {@code /jobs/{id}}; part of every key of the route
 * @param cacheable    false for routes never cached (writes, admin); the other fields then do not matter
 * @param ttl          how long an entry is fresh
 * @param staleGrace   how long after expiry an entry may still be served while one request revalidates it
 *                     (RFC 5861); never applies to invalidated entries, which are deleted
 * @param cacheControl the {@code Cache-Control} sent to clients with cached and fresh responses alike
 * @param scope        public, or keyed per user
 * @param tagTemplates tags with placeholders: {@code {user}} is the caller, any other {@code {name}} a path parameter
 * @param query        which query parameters the key holds: those the route's resource reads
 * @param guardTemplates tags, with placeholders as above, that entries do not carry but that a load checks: for a
 *                     route whose responses name tags of their own (a list page names the jobs it shows), known
 *                     only once it is loaded, every change those tags stand for must also invalidate a guard, so
 *                     that a response loaded before such a change is never stored after it
 */
public record CachePolicy(
        String route,
        boolean cacheable,
        Duration ttl,
        Duration staleGrace,
        String cacheControl,
        CacheScope scope,
        List<String> tagTemplates,
        QueryKeying query,
        List<String> guardTemplates) {

    /** A policy that keys every query parameter (but tracking ones). */
    public CachePolicy(String route, boolean cacheable, Duration ttl, Duration staleGrace, String cacheControl,
                       CacheScope scope, List<String> tagTemplates) {
        this(route, cacheable, ttl, staleGrace, cacheControl, scope, tagTemplates, QueryKeying.every());
    }

    /** A policy without guards: its responses name no tags of their own. */
    public CachePolicy(String route, boolean cacheable, Duration ttl, Duration staleGrace, String cacheControl,
                       CacheScope scope, List<String> tagTemplates, QueryKeying query) {
        this(route, cacheable, ttl, staleGrace, cacheControl, scope, tagTemplates, query, List.of());
    }

    public CachePolicy {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(staleGrace, "staleGrace");
        Objects.requireNonNull(scope, "scope");
        tagTemplates = List.copyOf(tagTemplates);
        guardTemplates = List.copyOf(guardTemplates);
        if (cacheable && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("a cacheable route needs a positive ttl: " + route);
        }
        if (staleGrace.isNegative()) {
            throw new IllegalArgumentException("stale grace must not be negative: " + route);
        }
    }

    public static CachePolicy none(String route) {
        return new CachePolicy(route, false, Duration.ZERO, Duration.ZERO, "no-store", CacheScope.PUBLIC, List.of());
    }

    public CachePolicy withQuery(QueryKeying keying) {
        return new CachePolicy(route, cacheable, ttl, staleGrace, cacheControl, scope, tagTemplates, keying,
                guardTemplates);
    }

    /** This policy, whose responses may name tags of their own, guarded by {@code templates}. */
    public CachePolicy withGuards(String... templates) {
        return new CachePolicy(route, cacheable, ttl, staleGrace, cacheControl, scope, tagTemplates, query,
                List.of(templates));
    }

    /** Whether its responses may name tags of their own, which only a guard makes safe to store. */
    public boolean guarded() {
        return !guardTemplates.isEmpty();
    }

    public boolean perUser() {
        return scope == CacheScope.USER;
    }

    public CachePolicy withTtl(Duration newTtl) {
        String control = cacheControl == null ? null
                : cacheControl.replaceAll("max-age=\\d+", "max-age=" + newTtl.toSeconds());
        return new CachePolicy(route, cacheable, newTtl, staleGrace, control, scope, tagTemplates, query,
                guardTemplates);
    }

    /** The same caching here, announced to clients and caches downstream with {@code control} instead. */
    public CachePolicy withCacheControl(String control) {
        return new CachePolicy(route, cacheable, ttl, staleGrace, control, scope, tagTemplates, query,
                guardTemplates);
    }

    public CachePolicy withStaleGrace(Duration grace) {
        return new CachePolicy(route, cacheable, ttl, grace, cacheControl, scope, tagTemplates, query,
                guardTemplates);
    }
}
