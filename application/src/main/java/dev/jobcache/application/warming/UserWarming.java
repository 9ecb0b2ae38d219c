package dev.jobcache.application.warming;

import dev.jobcache.application.cache.ResponseCache;
import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.port.Authenticator;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.domain.port.RouteLoader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * User-based warming: each recently active user's first page of jobs and profile are kept in the cache, in the
 * representation the user reads, as the principal (with the roles) their tokens resolve to. Every few seconds a pass
 * reads each entry from the cache and loads it again when it is gone (expired, invalidated by a write, evicted) or
 * close to expiry; at most so many loads per second, one at a time on this mode's own thread. Bounded by
 * {@link ActiveUsers}: the most recent users only, each dropped after a period of inactivity. An entry the cache did
 * not keep after its load (too large, its owner's share full) is left alone for a minute rather than loaded on every
 * pass. Each pass is one run ({@code cache warm mode=users ...}).
 *
 * <p>{@link #tick()} is called by one thread, often (see {@link #lookEvery()}); all timing is by the {@link Clock}.
 */
public final class UserWarming {

    /** How often each entry is looked at. */
    static final Duration PASS_EVERY = Duration.ofSeconds(5);
    /** How long an entry the cache did not keep after a load is left alone: loading it every pass would not help. */
    static final Duration UNSTORED_PAUSE = Duration.ofMinutes(1);
    /** The routes kept warm: the first page of the user's jobs and their profile. */
    static final List<String> ROUTES = List.of("/jobs", "/user/me");

    private final RouteLoader loader;
    private final Authenticator principals;
    private final ResponseCache cache;
    private final ActiveUsers users;
    private final Clock clock;
    private final WarmingActivity activity;
    private final LoadPacing pacing;
    private final List<String> routes;
    private final Map<EntryLoad, Long> unstoredUntil = new HashMap<>();
    private WarmQueue pass;
    private long nextPassNanos;

    public UserWarming(RouteLoader loader, Authenticator principals, ResponseCache cache, ActiveUsers users,
                       Settings settings, Clock clock, WarmingActivity activity) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.principals = Objects.requireNonNull(principals, "principals");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.users = Objects.requireNonNull(users, "users");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.activity = Objects.requireNonNull(activity, "activity");
        this.pacing = new LoadPacing(settings.loadsPerSecond(), clock);
        // a route configured not to be cached (TTL 0) would only be loaded over and over
        this.routes = ROUTES.stream().filter(route -> {
            CachePolicy policy = cache.policies().match(route).policy();
            return policy.cacheable() && policy.perUser();
        }).toList();
        this.nextPassNanos = clock.nanoTime();
        activity.enabled(WarmMode.USERS, settings.describe(routes),
                () -> Map.of("activeUsers", String.valueOf(users.active().size())));
    }

    /** Starts or continues a pass, loading at most one entry. */
    public void tick() {
        if (pass == null) {
            if (clock.nanoTime() < nextPassNanos) {
                return;
            }
            long now = clock.nanoTime();
            nextPassNanos = now + PASS_EVERY.toNanos();
            unstoredUntil.values().removeIf(until -> until - now <= 0);
            List<EntryLoad> entries = new ArrayList<>();
            for (ActiveUsers.User user : users.active()) {
                for (String route : routes) {
                    EntryLoad entry = new EntryLoad(route, Map.of(), Optional.of(user.userId()), user.accept());
                    if (!unstoredUntil.containsKey(entry)) {
                        entries.add(entry);
                    }
                }
            }
            if (entries.isEmpty()) {
                return;
            }
            // absent, no longer fresh, or about to expire before the next pass would see it again
            pass = new WarmQueue(WarmMode.USERS, entries, WarmQueue.dueWithin(clock, UserWarming::lead),
                    entry -> unstoredUntil.put(entry, clock.nanoTime() + UNSTORED_PAUSE.toNanos()), now);
        }
        if (pass.step(cache, loader, principals, pacing, () -> true) == WarmQueue.Step.DONE) {
            activity.finished(WarmMode.USERS, pass.run());
            pass = null;
        }
    }

    /** A tenth of the entry's life, and at least two passes. */
    private static Duration lead(CachedResponse entry) {
        Duration tenth = entry.ttl().dividedBy(10);
        return tenth.compareTo(PASS_EVERY.multipliedBy(2)) < 0 ? PASS_EVERY.multipliedBy(2) : tenth;
    }

    /** How often the thread should call {@link #tick()}. */
    public Duration lookEvery() {
        return pacing.lookEvery();
    }

    /**
     * {@code CACHE_WARM_USERS_*}.
     *
     * @param maxUsers       the most users kept warm: the most recently active ones
     * @param inactiveAfter  a user not seen for this long is no longer kept warm
     * @param loadsPerSecond the most loads one second may start
     */
    public record Settings(int maxUsers, Duration inactiveAfter, int loadsPerSecond) {

        public Settings {
            if (maxUsers < 1 || loadsPerSecond < 1 || inactiveAfter.isNegative() || inactiveAfter.isZero()) {
                throw new IllegalArgumentException("counts, rates and inactiveAfter are positive");
            }
        }

        String describe(List<String> routes) {
            return String.join(", ", routes) + " of the last " + maxUsers + " users active within "
                    + inactiveAfter.toSeconds() + "s, " + loadsPerSecond + " loads/s";
        }
    }
}
