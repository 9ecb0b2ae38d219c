package dev.jobcache.application.warming;

import dev.jobcache.application.InvalidInput;
import dev.jobcache.application.cache.RoutePolicies;
import dev.jobcache.domain.cache.CacheKeys;
import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.job.OwnerId;
import dev.jobcache.domain.port.RouteLoader;
import dev.jobcache.domain.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Loads routes into the cache by requesting them in process. Public routes are loaded once; per-user routes once
 * per given user (and skipped without users: a per-user entry needs a user). Routes are validated before any is
 * loaded, so a bad list loads nothing. Admin routes are refused: they are never cached, and warming must not be a
 * way to call them. Thread-safe.
 */
public final class CacheWarmer {

    public static final int MAX_ROUTES = 50;
    public static final int MAX_USERS = 50;
    static final int MAX_ROUTE_LENGTH = 256;
    private static final Pattern ROUTE = Pattern.compile("/[A-Za-z0-9/._~%?&=,:-]*");
    private static final Logger LOG = LoggerFactory.getLogger(CacheWarmer.class);

    private final RouteLoader loader;
    private final RoutePolicies policies;

    public CacheWarmer(RouteLoader loader, RoutePolicies policies) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.policies = Objects.requireNonNull(policies, "policies");
    }

    /** Loads each route (per user for per-user routes) and reports what each load did, in request order. */
    public List<Warmed> warm(List<String> routes, List<String> users) {
        List<String> validRoutes = validRoutes(routes);
        List<String> validUsers = validUsers(users);
        List<Warmed> results = new ArrayList<>();
        for (String route : validRoutes) {
            CachePolicy policy = policies.match(pathOf(route)).policy();
            if (!policy.perUser()) {
                results.add(load(route, Optional.empty()));
            } else if (validUsers.isEmpty()) {
                results.add(new Warmed(route, Optional.empty(), 0, "SKIPPED"));
            } else {
                validUsers.forEach(user -> results.add(load(route, Optional.of(user))));
            }
        }
        return List.copyOf(results);
    }

    private Warmed load(String route, Optional<String> user) {
        try {
            RouteLoader.Loaded loaded = loader.load(route, user.map(Principal::user));
            return new Warmed(route, user, loaded.status(), loaded.cache());
        } catch (RuntimeException e) {
            LOG.warn("warming {} failed: {}", route, e.toString());
            return new Warmed(route, user, 0, "ERROR");
        }
    }

    /** Checks a route list without loading anything; for configuration read at start-up. */
    public static List<String> validRoutes(List<String> routes) {
        if (routes == null || routes.isEmpty()) {
            throw new InvalidInput("routes", "give at least one route");
        }
        if (routes.size() > MAX_ROUTES) {
            throw new InvalidInput("routes", "at most " + MAX_ROUTES + " per request");
        }
        List<String> valid = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            String field = "routes[" + i + "]";
            String route = routes.get(i);
            if (route == null || route.length() > MAX_ROUTE_LENGTH || !ROUTE.matcher(route).matches()) {
                throw new InvalidInput(field, "a path starting with '/', at most " + MAX_ROUTE_LENGTH
                        + " characters of letters, digits and /._~%?&=,:-");
            }
            String path = CacheKeys.canonicalPath(pathOf(route));
            if (path.equals("/admin") || path.startsWith("/admin/") || path.contains("/../") || path.endsWith("/..")) {
                throw new InvalidInput(field, "admin routes and '..' segments cannot be warmed");
            }
            valid.add(route);
        }
        return valid;
    }

    private static List<String> validUsers(List<String> users) {
        if (users == null) {
            return List.of();
        }
        if (users.size() > MAX_USERS) {
            throw new InvalidInput("users", "at most " + MAX_USERS + " per request");
        }
        for (int i = 0; i < users.size(); i++) {
            if (!OwnerId.isValid(users.get(i))) {
                throw new InvalidInput("users[" + i + "]", "a user id is 1 to 64 letters, digits, '.', '_' or '-'");
            }
        }
        return List.copyOf(users);
    }

    private static String pathOf(String route) {
        int query = route.indexOf('?');
        return query < 0 ? route : route.substring(0, query);
    }

    /**
     * What loading one route did.
     *
     * @param user   the user it was loaded for; empty for public routes
     * @param status the HTTP status, 0 when it was not loaded
     * @param cache  {@code MISS} (now stored), {@code HIT} (was already cached), {@code BYPASS} (not cacheable),
     *               {@code SKIPPED} (per-user route without users) or {@code ERROR}
     */
    public record Warmed(String route, Optional<String> user, int status, String cache) {
    }
}
