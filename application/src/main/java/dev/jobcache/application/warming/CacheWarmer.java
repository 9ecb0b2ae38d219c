package dev.jobcache.application.warming;

import dev.jobcache.application.InvalidInput;
import dev.jobcache.application.cache.RoutePolicies;
import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.job.OwnerId;
import dev.jobcache.domain.port.Authenticator;
import dev.jobcache.domain.port.Clock;
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
 * per given user (and skipped without users: a per-user entry needs a user), each run as the principal the user's
 * own tokens resolve to, with its roles, so that the entry is what the user would have been answered; a user no
 * token resolves to exactly one principal is not loaded for. Routes are validated before any is loaded, so a bad
 * list loads nothing. Only routes a policy caches are accepted, in canonical form: warming must not be a way to
 * call anything else, admin routes above all. Each call is one run of its {@link WarmMode}, logged and counted by
 * {@link WarmingActivity}. Thread-safe.
 */
public final class CacheWarmer {

    public static final int MAX_ROUTES = 50;
    public static final int MAX_USERS = 50;
    static final String SKIPPED = "SKIPPED";
    static final String UNRESOLVED_USER = "UNRESOLVED_USER";
    static final int MAX_ROUTE_LENGTH = 256;
    /**
     * A path exactly as the policies and the resources will see it: no empty, {@code .} or {@code ..} segment and no
     * trailing slash, which the URI resolution of the in-process request would fold away after the policies were
     * matched, and no percent-encoding, which Jersey would decode for routing but the policies do not (so that
     * {@code /%61dmin} is {@code /admin} to one and not to the other). The query may be encoded.
     */
    private static final Pattern ROUTE = Pattern.compile(
            "(/|(/[A-Za-z0-9._~-]+)+)(\\?([A-Za-z0-9/._~?&=,:-]|%[0-9A-Fa-f]{2})*)?");
    private static final Pattern DOT_SEGMENT = Pattern.compile("/\\.{1,2}(/|$)");
    private static final Logger LOG = LoggerFactory.getLogger(CacheWarmer.class);

    private final RouteLoader loader;
    private final RoutePolicies policies;
    private final Authenticator principals;
    private final WarmingActivity activity;
    private final Clock clock;

    /**
     * @param principals resolves each user to warm for to the principal their tokens carry
     * @param activity   where each run is logged and counted
     */
    public CacheWarmer(RouteLoader loader, RoutePolicies policies, Authenticator principals, WarmingActivity activity,
                       Clock clock) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.policies = Objects.requireNonNull(policies, "policies");
        this.principals = Objects.requireNonNull(principals, "principals");
        this.activity = Objects.requireNonNull(activity, "activity");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What each warming mode is set to and has done. */
    public WarmingActivity activity() {
        return activity;
    }

    /** An operator's request: loads each route (per user for per-user routes), reporting each load in order. */
    public List<Warmed> warm(List<String> routes, List<String> users) {
        return warm(WarmMode.ADMIN, routes, users);
    }

    /**
     * Loads each route (per user for per-user routes) unless the cache holds it fresh, and reports what each load
     * did, in request order.
     */
    public List<Warmed> warm(WarmMode mode, List<String> routes, List<String> users) {
        return run(mode, routes, users, false);
    }

    /**
     * Loads public routes again although the cache may hold them, so that each entry starts a new life (a scheduled
     * reload). Per-user routes are refused, as in {@link WarmSchedule}.
     */
    public List<Warmed> reload(WarmMode mode, List<String> routes) {
        return run(mode, routes, List.of(), true);
    }

    private List<Warmed> run(WarmMode mode, List<String> routes, List<String> users, boolean reload) {
        WarmRun run = new WarmRun(clock.nanoTime());
        List<String> validRoutes = validRoutes(routes);
        List<CachePolicy> routePolicies = new ArrayList<>();
        for (int i = 0; i < validRoutes.size(); i++) {
            CachePolicy policy = policies.match(pathOf(validRoutes.get(i))).policy();
            if (!policy.cacheable()) {
                throw new InvalidInput("routes[" + i + "]", "its policy (" + policy.route()
                        + ") caches nothing, so warming it would only call it");
            }
            if (reload && policy.perUser()) {
                throw new InvalidInput("routes[" + i + "]", "only public routes are reloaded");
            }
            routePolicies.add(policy);
        }
        List<String> validUsers = validUsers(users);
        List<Warmed> results = new ArrayList<>();
        for (int i = 0; i < validRoutes.size(); i++) {
            String route = validRoutes.get(i);
            if (!routePolicies.get(i).perUser()) {
                results.add(load(route, Optional.empty(), Optional.empty(), reload));
            } else if (validUsers.isEmpty()) {
                results.add(new Warmed(route, Optional.empty(), 0, SKIPPED));
            } else {
                validUsers.forEach(user -> results.add(loadFor(route, user)));
            }
        }
        results.forEach(run::count);
        activity.finished(mode, run);
        return List.copyOf(results);
    }

    private Warmed loadFor(String route, String user) {
        Optional<Principal> principal = principals.principalOf(user);
        if (principal.isEmpty()) {
            LOG.info("not warming {} for {}: no token resolves the user to exactly one principal", route, user);
            return new Warmed(route, Optional.of(user), 0, UNRESOLVED_USER);
        }
        return load(route, Optional.of(user), principal, false);
    }

    private Warmed load(String route, Optional<String> user, Optional<Principal> as, boolean reload) {
        try {
            RouteLoader.Loaded loaded = reload ? loader.refresh(route, as, null) : loader.load(route, as);
            LOG.debug("warmed {}{}: status {}, cache {}", route, user.map(u -> " for " + u).orElse(""),
                    loaded.status(), loaded.cache());
            return new Warmed(route, user, loaded.status(), loaded.cache());
        } catch (RuntimeException e) {
            LOG.warn("warming {} failed: {}", route, e.toString());
            return new Warmed(route, user, 0, "ERROR");
        }
    }

    /**
     * Checks a route list's form without loading anything; for configuration read at start-up. Whether a policy
     * caches each route is checked by {@link #warm}, against the policies as configured.
     */
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
            if (route == null || route.length() > MAX_ROUTE_LENGTH || !ROUTE.matcher(route).matches()
                    || DOT_SEGMENT.matcher(pathOf(route)).find()) {
                throw new InvalidInput(field, "a path of '/'-separated segments of letters, digits and ._~- (no "
                        + "empty, '.' or '..' segment, no trailing '/', no percent-encoding), optionally with a "
                        + "query, at most " + MAX_ROUTE_LENGTH + " characters");
            }
            String path = pathOf(route);
            if (path.equals("/admin") || path.startsWith("/admin/")) {
                throw new InvalidInput(field, "admin routes cannot be warmed");
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

    static String pathOf(String route) {
        int query = route.indexOf('?');
        return query < 0 ? route : route.substring(0, query);
    }

    /**
     * What loading one route did.
     *
     * @param user   the user it was loaded for; empty for public routes
     * @param status the HTTP status, 0 when it was not loaded
     * @param cache  {@code MISS} (now stored), {@code HIT} (was already cached), {@code BYPASS} (the answer was not
     *               cacheable), {@code SKIPPED} (per-user route without users), {@code UNRESOLVED_USER} (no token
     *               resolves the user to exactly one principal, so nothing was loaded for them) or {@code ERROR}
     */
    public record Warmed(String route, Optional<String> user, int status, String cache) {
    }
}
