package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.cache.CacheScope;
import dev.jobcache.domain.cache.QueryKeying;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The cache policy of every route, matched from a request path before any resource runs. The defaults are the
 * table of DESIGN.md; any route may be given another TTL (or zero to not cache it) by configuration. Paths that
 * match no route get the default TTL, public, untagged.
 */
public final class RoutePolicies {

    public static final String HEALTH = "/health";
    public static final String VERSION = "/version";
    public static final String JOBS = "/jobs";
    public static final String JOB = "/jobs/{id}";
    public static final String JOB_DOWNLOAD = "/jobs/{id}/download";
    public static final String USER_ME = "/user/me";
    public static final String ADMIN = "/admin/**";
    public static final String METRICS = "/metrics";
    public static final String READY = "/ready";
    /** The route name of paths that match no route. */
    public static final String OTHER = "*";

    private final List<Route> routes;
    private final CachePolicy fallback;

    private RoutePolicies(List<Route> routes, CachePolicy fallback) {
        this.routes = List.copyOf(routes);
        this.fallback = fallback;
    }

    /**
     * @param defaultTtl  TTL of paths no route names ({@code CACHE_DEFAULT_TTL})
     * @param staleGrace  how long expired entries may be served while one request revalidates
     * @param ttlOverride TTL per route template; zero turns caching of that route off
     */
    public static RoutePolicies defaults(Duration defaultTtl, Duration staleGrace, Map<String, Duration> ttlOverride) {
        Map<String, CachePolicy> table = new LinkedHashMap<>();
        // each route keys exactly the query parameters its resource reads (JobsResource.list: status, cursor, limit)
        table.put(HEALTH, policy(HEALTH, 60, "public", CacheScope.PUBLIC, "health"));
        table.put(VERSION, policy(VERSION, 3600, "public", CacheScope.PUBLIC, "version"));
        // tags name what an entry depends on (TagDerivation); {user} is the caller, who owns every job it is shown
        // a page names the jobs it shows (Cache-Tag), known once it is loaded: every change of the user's jobs moves
        // the guard, so that a page loaded before a change is never stored after it
        table.put(JOBS, policy(JOBS, 120, "private", CacheScope.USER, "jobs", "jobs:user:{user}", "user:{user}")
                .withQuery(QueryKeying.only("status", "cursor", "limit"))
                .withGuards("jobs:user:{user}:changed"));
        table.put(JOB_DOWNLOAD, policy(JOB_DOWNLOAD, 300, "private", CacheScope.USER, "jobs", "job:{id}", "user:{user}"));
        table.put(JOB, policy(JOB, 60, "private", CacheScope.USER, "jobs", "job:{id}", "user:{user}"));
        table.put(USER_ME, policy(USER_ME, 600, "private", CacheScope.USER, "profile:{user}", "user:{user}"));
        table.put(ADMIN, CachePolicy.none(ADMIN));
        table.put(METRICS, CachePolicy.none(METRICS));
        // a readiness probe asks each time whether the database answers now
        table.put(READY, CachePolicy.none(READY));
        Map<String, Duration> overrides = new HashMap<>(ttlOverride);
        List<Route> routes = new ArrayList<>();
        table.forEach((template, policy) -> {
            Duration override = overrides.remove(template);
            CachePolicy effective = policy;
            if (override != null) {
                effective = override.isZero() ? CachePolicy.none(template) : policy.withTtl(override);
            }
            if (effective.cacheable()) {
                effective = effective.withStaleGrace(staleGrace);
            }
            routes.add(Route.of(template, effective));
        });
        if (!overrides.isEmpty()) {
            throw new IllegalArgumentException("no such route: " + overrides.keySet() + "; routes are " + table.keySet());
        }
        // nothing says what an unnamed path's resource reads, so a query there would mint entries at will
        CachePolicy fallback = new CachePolicy(OTHER, true, defaultTtl, staleGrace,
                "public, max-age=" + defaultTtl.toSeconds(), CacheScope.PUBLIC, List.of(), QueryKeying.unknownResource());
        return new RoutePolicies(routes, fallback);
    }

    /**
     * The same policies, except that per-user responses tell clients to revalidate every time ({@code private,
     * no-cache}, with the ETag as ever) rather than to reuse their copy for the route's TTL: a browser that keeps its
     * copy of {@code /jobs} for two minutes shows its user a list from before the user's own write, which no server
     * cache can prevent. The revalidation is a cheap 304 from this cache. Public routes keep their {@code max-age}.
     */
    public RoutePolicies revalidatedByClients() {
        List<Route> revalidated = new ArrayList<>();
        for (Route route : routes) {
            CachePolicy policy = route.policy();
            revalidated.add(new Route(policy.cacheable() && policy.perUser()
                    ? policy.withCacheControl("private, no-cache") : policy, route.parts(), route.prefix()));
        }
        return new RoutePolicies(revalidated, fallback);
    }

    /** The routes whose TTL configuration may change. */
    public static List<String> configurableRoutes() {
        return List.of(HEALTH, VERSION, JOBS, JOB, JOB_DOWNLOAD, USER_ME);
    }

    private static CachePolicy policy(String route, long seconds, String visibility, CacheScope scope, String... tags) {
        return new CachePolicy(route, true, Duration.ofSeconds(seconds), Duration.ZERO,
                visibility + ", max-age=" + seconds, scope, List.of(tags), QueryKeying.only());
    }

    /** The policy for a request path, with the values of the route's path parameters. */
    public Match match(String path) {
        List<String> segments = segments(path);
        for (Route route : routes) {
            Map<String, String> parameters = route.match(segments);
            if (parameters != null) {
                return new Match(route.policy(), parameters);
            }
        }
        return new Match(fallback, Map.of());
    }

    public List<CachePolicy> all() {
        List<CachePolicy> all = new ArrayList<>();
        routes.forEach(r -> all.add(r.policy()));
        all.add(fallback);
        return all;
    }

    /**
     * The non-empty segments of a path: {@code //jobs/} and {@code /jobs} are one path. Runs on every request, so it
     * scans once instead of using regular expressions.
     */
    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>(4);
        int start = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                if (i > start) {
                    segments.add(path.substring(start, i));
                }
                start = i + 1;
            }
        }
        return segments;
    }

    /** A route's policy and the path parameters the request gave it. */
    public record Match(CachePolicy policy, Map<String, String> pathParameters) {

        public Match {
            Objects.requireNonNull(policy, "policy");
            pathParameters = Map.copyOf(pathParameters);
        }
    }

    /**
     * A route template cut into segments once: literal segments, {@code {name}} parameters, and a trailing
     * {@code **} that matches any rest.
     */
    private record Route(CachePolicy policy, List<String> parts, boolean prefix) {

        static Route of(String template, CachePolicy policy) {
            List<String> parts = segments(template);
            boolean prefix = !parts.isEmpty() && parts.get(parts.size() - 1).equals("**");
            return new Route(policy, List.copyOf(prefix ? parts.subList(0, parts.size() - 1) : parts), prefix);
        }

        /** The path parameters when {@code path} matches, else null. */
        Map<String, String> match(List<String> path) {
            int fixed = parts.size();
            if (prefix ? path.size() < fixed : path.size() != fixed) {
                return null;
            }
            Map<String, String> parameters = Map.of();
            for (int i = 0; i < fixed; i++) {
                String part = parts.get(i);
                if (isParameter(part)) {
                    if (parameters.isEmpty()) {
                        parameters = new HashMap<>(2);
                    }
                    parameters.put(part.substring(1, part.length() - 1), path.get(i));
                } else if (!part.equals(path.get(i))) {
                    return null;
                }
            }
            return parameters;
        }

        private static boolean isParameter(String part) {
            return part.startsWith("{") && part.endsWith("}");
        }
    }
}
