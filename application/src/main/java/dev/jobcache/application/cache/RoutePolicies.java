package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.cache.CacheScope;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
        table.put(HEALTH, policy(HEALTH, 60, "public", CacheScope.PUBLIC, "health"));
        table.put(VERSION, policy(VERSION, 3600, "public", CacheScope.PUBLIC, "version"));
        table.put(JOBS, policy(JOBS, 120, "private", CacheScope.USER, "jobs", "jobs:user:{user}"));
        table.put(JOB_DOWNLOAD, policy(JOB_DOWNLOAD, 300, "private", CacheScope.USER, "job:{id}"));
        table.put(JOB, policy(JOB, 60, "private", CacheScope.USER, "job:{id}", "user:{user}"));
        table.put(USER_ME, policy(USER_ME, 600, "private", CacheScope.USER, "user:{user}"));
        table.put(ADMIN, CachePolicy.none(ADMIN));
        table.put(METRICS, CachePolicy.none(METRICS));
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
            routes.add(new Route(template, effective));
        });
        if (!overrides.isEmpty()) {
            throw new IllegalArgumentException("no such route: " + overrides.keySet() + "; routes are " + table.keySet());
        }
        CachePolicy fallback = new CachePolicy(OTHER, true, defaultTtl, staleGrace,
                "public, max-age=" + defaultTtl.toSeconds(), CacheScope.PUBLIC, List.of());
        return new RoutePolicies(routes, fallback);
    }

    /** The routes whose TTL configuration may change. */
    public static List<String> configurableRoutes() {
        return List.of(HEALTH, VERSION, JOBS, JOB, JOB_DOWNLOAD, USER_ME);
    }

    private static CachePolicy policy(String route, long seconds, String visibility, CacheScope scope, String... tags) {
        return new CachePolicy(route, true, Duration.ofSeconds(seconds), Duration.ZERO,
                visibility + ", max-age=" + seconds, scope, List.of(tags));
    }

    /** The policy for a request path, with the values of the route's path parameters. */
    public Match match(String path) {
        String[] segments = segments(path);
        for (Route route : routes) {
            Optional<Map<String, String>> parameters = route.match(segments);
            if (parameters.isPresent()) {
                return new Match(route.policy(), parameters.get());
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

    private static String[] segments(String path) {
        String trimmed = path.replaceAll("/{2,}", "/");
        if (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
    }

    /** A route's policy and the path parameters the request gave it. */
    public record Match(CachePolicy policy, Map<String, String> pathParameters) {

        public Match {
            Objects.requireNonNull(policy, "policy");
            pathParameters = Map.copyOf(pathParameters);
        }
    }

    private record Route(String template, CachePolicy policy) {

        Optional<Map<String, String>> match(String[] path) {
            String[] parts = segments(template);
            boolean prefix = parts.length > 0 && parts[parts.length - 1].equals("**");
            int fixed = prefix ? parts.length - 1 : parts.length;
            if (prefix ? path.length < fixed : path.length != fixed) {
                return Optional.empty();
            }
            Map<String, String> parameters = new HashMap<>();
            for (int i = 0; i < fixed; i++) {
                String part = parts[i];
                if (part.startsWith("{") && part.endsWith("}")) {
                    parameters.put(part.substring(1, part.length() - 1), path[i]);
                } else if (!part.equals(path[i])) {
                    return Optional.empty();
                }
            }
            return Optional.of(parameters);
        }
    }
}
